// Autosave for the studio's editor (with JavaScript only): the same save as the editor's form, answered in JSON.
// 409 with the current revision when someone else saved first; the page then asks for an explicit save.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { MAX_COURSE_FILE_BYTES } from "~/courses/course-files.server";
import { parseFormData, parseParams, readForm, route } from "~/http.server";
import { RandomId } from "~/ids";
import { requireStudioUser } from "~/studio/access.server";
import { DraftFileConflictError, saveDraftFile } from "~/studio/drafts.server";

const Params = z.object({ draftId: RandomId });
const Autosave = z.object({ path: z.string().min(1).max(400), text: z.string().default(""), revision: z.coerce.number().int().min(1) });

export const loader = route(async ({ request }) => {
  await requireStudioUser(request);
  return new Response(null, { status: 405, headers: { Allow: "POST" } });
});

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireStudioUser(request);
  const { draftId } = parseParams(params, Params);
  const form = parseFormData(await readForm(request, { maxBytes: MAX_COURSE_FILE_BYTES * 3 + 4096 }), Autosave);
  try {
    const saved = await saveDraftFile({ draftId, path: form.path, content: { text: form.text.replace(/\r\n/g, "\n") }, expectedRevision: form.revision, actorId: user.id });
    return Response.json({ revision: saved.revision });
  } catch (error) {
    if (!(error instanceof DraftFileConflictError)) throw error;
    return Response.json({ conflict: true, revision: error.current?.revision ?? null }, { status: 409 });
  }
});
