// GET /courses/<slug>/media/<sha256>.<ext>: an image a lesson of the live version shows, for a learner enrolled in the
// course or an author (trainer, admin); anyone else gets 404 (not 403: whether a course shows an image is not
// told to strangers). The URL names the bytes by their hash, so the answer never changes: cached for a year. An
// author previewing a draft also gets the draft's images, which the live version does not have yet.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getUser } from "~/auth/guards.server";
import { CAN_AUTHOR, hasRole } from "~/auth/roles";
import { isEnrolled } from "~/courses/enrolment.server";
import { stableId } from "~/courses/format";
import { liveCourseImage, parseImageFile } from "~/courses/images.server";
import { NotFoundError } from "~/errors";
import { openDraftImage } from "~/studio/drafts.server";
import { parseParams, route } from "~/http.server";

const Params = z.object({ slug: stableId, file: z.string().max(80) });

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  const { slug, file } = parseParams(params, Params);
  const image = parseImageFile(file);
  const user = await getUser(request);
  if (!image || !user) throw new NotFoundError();
  if (!hasRole(user.role, CAN_AUTHOR) && !(await isEnrolled(user.id, slug))) throw new NotFoundError();
  const isAuthor = hasRole(user.role, CAN_AUTHOR);
  const { contentType, bytes } = await liveCourseImage(slug, image.sha256, image.extension).catch(async (error: unknown) => {
    const inDraft = isAuthor && error instanceof NotFoundError ? await openDraftImage(slug, image.sha256, image.extension) : undefined;
    if (inDraft) return inDraft;
    throw error;
  });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": contentType,
      "Content-Length": String(bytes.length),
      // The type is the one file-type confirmed at import; the browser must not second-guess it into HTML.
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      // Private: only enrolled learners may read it. Immutable: the URL is the content's hash.
      "Cache-Control": "private, max-age=31536000, immutable",
      ETag: `"${image.sha256}"`,
    },
  });
});
