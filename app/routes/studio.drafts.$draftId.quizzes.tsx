// /studio/drafts/<draft>/quizzes: the draft's quizzes, compiled from its files, each to take in preview as a learner
// would (ADR 0034). Starting one writes only the preview's own row, never a learner's attempt.
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
import { getDraft } from "~/studio/drafts.server";
import { QuizPreviewList } from "~/studio/quiz-preview-list";
import { listPreviewQuizzes, startQuizPreview } from "~/studio/quiz-preview.server";
import { formErrorOf } from "~/ui/form";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

const Params = z.object({ draftId: RandomId });
const StartForm = z.object({ quizId: stableId });

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  await requireStudioUser(request);
  const { draftId } = parseParams(params, Params);
  const draft = await getDraft(draftId);
  const t = await getFixedT(request);
  const list = await listPreviewQuizzes({ kind: "draft", draftId }, await getLocale(request));
  return {
    title: await pageTitle(request, "studioPreview.list.draftTitle", { course: draft.courseSlug }),
    heading: t("studioPreview.list.draftTitle", { course: draft.courseSlug }),
    ...list,
    links: [{ href: `/studio/drafts/${draftId}`, label: t("studio.editor.back", { course: draft.courseSlug }) }],
  };
});

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireStudioUser(request);
  const { draftId } = parseParams(params, Params);
  const { quizId } = await parseForm(request, StartForm);
  // Each start compiles the whole course: the learner's quiz budget bounds how often.
  await reserve([[BUDGETS.quizAction, user.id]]);
  const previewId = await startQuizPreview(user.id, { kind: "draft", draftId }, quizId, await getLocale(request));
  return redirect(`/studio/previews/${previewId}`);
});

export default function DraftQuizzes() {
  return <QuizPreviewList {...useLoaderData<typeof loader>()} failure={formErrorOf(useActionData<typeof action>())} />;
}
