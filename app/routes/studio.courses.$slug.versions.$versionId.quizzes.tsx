// /studio/courses/<slug>/versions/<version>/quizzes: a published version's quizzes, compiled from the files it was
// published from, to take in preview exactly as a draft's are (ADR 0034).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { stableId } from "~/courses/format";
import { parseForm, parseParams, route, routeHeaders } from "~/http.server";
import { getFixedT, getLocale } from "~/i18n/i18next.server";
import { pageTitle } from "~/i18n/page-title.server";
import { RandomId } from "~/ids";
import { BUDGETS, reserve } from "~/rate-limits.server";
import { requireStudioUser } from "~/studio/access.server";
import { QuizPreviewList } from "~/studio/quiz-preview-list";
import { listPreviewQuizzes, startQuizPreview } from "~/studio/quiz-preview.server";
import { formErrorOf } from "~/ui/form";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

const Params = z.object({ slug: stableId, versionId: RandomId });
const StartForm = z.object({ quizId: stableId });

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  await requireStudioUser(request);
  const { slug, versionId } = parseParams(params, Params);
  const t = await getFixedT(request);
  const list = await listPreviewQuizzes({ kind: "version", slug, versionId }, await getLocale(request));
  return {
    title: await pageTitle(request, "studioPreview.list.versionTitle", { course: slug }),
    heading: t("studioPreview.list.versionTitle", { course: slug }),
    ...list,
    links: [
      { href: `/studio/courses/${slug}`, label: t("studio.versions.heading", { course: slug }) },
      { href: `/studio/courses/${slug}/versions/${versionId}`, label: t("studioPreview.list.lessons") },
    ],
  };
});

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireStudioUser(request);
  const { slug, versionId } = parseParams(params, Params);
  const { quizId } = await parseForm(request, StartForm);
  await reserve([[BUDGETS.quizAction, user.id]]);
  const previewId = await startQuizPreview(user.id, { kind: "version", slug, versionId }, quizId, await getLocale(request));
  return redirect(`/studio/previews/${previewId}`);
});

export default function VersionQuizzes() {
  return <QuizPreviewList {...useLoaderData<typeof loader>()} failure={formErrorOf(useActionData<typeof action>())} />;
}
