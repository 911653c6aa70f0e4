// /studio/previews/<id>: a quiz of a draft or version taken in preview (ADR 0034), with the learner's own screens,
// form fields and quiz machine. Nothing is recorded for learners or statistics; only the preview's row changes.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { formFields, parseParams, readForm, route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { RandomId } from "~/ids";
import { AttemptUpdates, Countdown, EventForm, QuestionScreen, ResultScreen, ReviewScreen } from "~/quiz/ui";
import { BUDGETS, reserve } from "~/rate-limits.server";
import { eventFromForm } from "~/routes/attempts.$attemptId/form-events";
import { requireStudioUser } from "~/studio/access.server";
import { getQuizPreviewPage, sendQuizPreviewEvent } from "~/studio/quiz-preview.server";
import { FormError, formErrorOf } from "~/ui/form";
import { useHydrated } from "~/ui/hydrated";
import { titleMeta } from "~/ui/meta";
import { PAGE_DATA, skipAfterPageData } from "~/ui/page-data";

export const meta = titleMeta;
export const headers = routeHeaders;

const Params = z.object({ previewId: RandomId });

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireStudioUser(request);
  const { previewId } = parseParams(params, Params);
  const preview = await getQuizPreviewPage(user.id, previewId);
  return { title: await pageTitle(request, "studioPreview.page.title", { quiz: preview.quizTitle }), preview };
});

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireStudioUser(request);
  const { previewId } = parseParams(params, Params);
  const fields = formFields(await readForm(request));
  await reserve([[BUDGETS.quizAction, user.id]]);
  await sendQuizPreviewEvent(user.id, previewId, {
    seq: Number(fields.seq),
    toEvent: (quiz, at) => eventFromForm(quiz, fields, at),
    andNext: fields.advance === "1",
  });
  // As on the attempt page: post/redirect/get without JavaScript; with it, the answer brings the next screen.
  if (fields.enhanced !== "1") return redirect(`/studio/previews/${previewId}`);
  return { ok: true as const, ...PAGE_DATA, attempt: await getQuizPreviewPage(user.id, previewId) };
});

export const shouldRevalidate = skipAfterPageData;

export default function QuizPreviewPage() {
  const { t } = useTranslation();
  const loaded = useLoaderData<typeof loader>().preview;
  const [fetched, setFetched] = useState<typeof loaded | null>(null);
  const preview = fetched && fetched.previewId === loaded.previewId && fetched.seq >= loaded.seq ? fetched : loaded;
  const failure = formErrorOf(useActionData<typeof action>());
  const isHydrated = useHydrated();
  const { view } = preview;
  const form = { seq: preview.seq, isHydrated };
  const isOver = view.state === "passed" || view.state === "failed" || view.state === "abandoned";
  return (
    <AttemptUpdates.Provider value={setFetched as (attempt: unknown) => void}>
      <div className="quiz" lang={preview.language}>
        <p className="meta">
          <Link to={preview.home}>{t("studioPreview.page.backToList", { course: preview.courseTitle })}</Link>
        </p>
        <p className="notice notice--info" role="note">
          {t("studioPreview.notice")}
        </p>
        <h1>{t("studioPreview.page.title", { quiz: preview.quizTitle })}</h1>
        {view.deadline && !isOver ? <Countdown deadline={view.deadline} serverNow={preview.now} /> : null}
        <FormError message={failure} />
        {view.state === "question" || view.state === "feedback" ? (
          <QuestionScreen view={view} form={form} feedbackMode={preview.feedbackMode} />
        ) : view.state === "review" ? (
          <ReviewScreen view={view} form={form} />
        ) : view.state === "abandoned" ? (
          <p>{t("quiz.abandoned")}</p>
        ) : isOver ? (
          <ResultScreen result={view.result} sources={preview.sources} />
        ) : null}
        {isOver ? (
          <p>
            <Link className="button" to={preview.home}>
              {t("studioPreview.page.again")}
            </Link>
          </p>
        ) : (
          <details className="abandon">
            <summary>{t("studioPreview.page.stopTitle")}</summary>
            <EventForm form={form}>
              <button type="submit" name="intent" value="ABANDON" className="danger">
                {t("studioPreview.page.stop")}
              </button>
            </EventForm>
          </details>
        )}
      </div>
    </AttemptUpdates.Provider>
  );
}
