// A draft's lesson as learners will see it (nothing recorded: this only compiles and renders).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { parseParams, route, routeHeaders } from "~/http.server";
import { getFixedT } from "~/i18n/i18next.server";
import { pageTitle } from "~/i18n/page-title.server";
import { RandomId } from "~/ids";
import { requireStudioUser } from "~/studio/access.server";
import { readDraftFiles } from "~/studio/drafts.server";
import { lessonPaths } from "~/studio/files";
import { LessonPreviewPage } from "~/studio/lesson-preview";
import { previewFile } from "~/studio/preview.server";
import { NotFoundError } from "~/errors";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

const Params = z.object({ draftId: RandomId, "*": z.string().min(1).max(400) });

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  await requireStudioUser(request);
  const { draftId, "*": path } = parseParams(params, Params);
  const files = await readDraftFiles(draftId);
  if (!files.files.has(path)) throw new NotFoundError();
  const t = await getFixedT(request);
  return {
    title: await pageTitle(request, "studio.preview.title", { path }),
    path,
    ...previewFile(files, path),
    lessons: lessonPaths([...files.files.keys()]),
    base: `/studio/drafts/${draftId}/preview`,
    backTo: { href: `/studio/drafts/${draftId}`, label: t("studio.editor.back", { course: files.folder }) },
    quizzesHref: `/studio/drafts/${draftId}/quizzes`,
  };
});

export default function DraftLessonPreview() {
  return <LessonPreviewPage {...useLoaderData<typeof loader>()} />;
}
