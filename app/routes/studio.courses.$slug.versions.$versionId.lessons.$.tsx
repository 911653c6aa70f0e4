// One lesson of any version of a course, as learners saw or see it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { stableId } from "~/courses/format";
import { readVersionFiles } from "~/courses/versions.server";
import { NotFoundError } from "~/errors";
import { parseParams, route, routeHeaders } from "~/http.server";
import { getFixedT } from "~/i18n/i18next.server";
import { pageTitle } from "~/i18n/page-title.server";
import { RandomId } from "~/ids";
import { requireStudioUser } from "~/studio/access.server";
import { lessonPaths } from "~/studio/files";
import { LessonPreviewPage } from "~/studio/lesson-preview";
import { previewFile } from "~/studio/preview.server";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

const Params = z.object({ slug: stableId, versionId: RandomId, "*": z.string().min(1).max(400) });

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  await requireStudioUser(request);
  const { slug, versionId, "*": path } = parseParams(params, Params);
  const files = await readVersionFiles(slug, versionId);
  if (!files.files.has(path)) throw new NotFoundError();
  const t = await getFixedT(request);
  return {
    title: await pageTitle(request, "studio.preview.title", { path }),
    path,
    ...previewFile(files, path),
    lessons: lessonPaths([...files.files.keys()]),
    base: `/studio/courses/${slug}/versions/${versionId}/lessons`,
    backTo: { href: `/studio/courses/${slug}`, label: t("studio.versions.heading", { course: slug }) },
    quizzesHref: `/studio/courses/${slug}/versions/${versionId}/quizzes`,
  };
});

export default function VersionLessonPreview() {
  return <LessonPreviewPage {...useLoaderData<typeof loader>()} />;
}
