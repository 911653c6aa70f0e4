import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { formFields, parseParams, readForm, route, routeHeaders } from "~/http.server";
import { RandomId } from "~/ids";
import { BUDGETS, reserveIn } from "~/rate-limits.server";
import { getLocale } from "~/i18n/i18next.server";
import { attemptPageAfter, getAttemptPage, sendAttemptEvent } from "~/quiz/attempts.server";
import { Countdown, EventForm, QuestionScreen, ResultScreen, ReviewScreen } from "~/quiz/ui";
import { FormError, formErrorOf } from "~/ui/form";
import { eventFromForm } from "./form-events";
import { useHydrated } from "~/ui/hydrated";
import { PAGE_DATA, skipAfterPageData } from "~/ui/page-data";
import { AttemptUpdates } from "~/quiz/ui";

const Params = z.object({ attemptId: RandomId });

export const meta = ({ data }: { data?: { attempt: { quizTitle: string } } }) => [{ title: data ? `${data.attempt.quizTitle} · Lexmigra` : "Lexmigra" }];

export const headers = routeHeaders;

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { attemptId } = parseParams(params, Params);
  const locale = await getLocale(request);
  return { attempt: await getAttemptPage(user.id, attemptId, locale) };
});

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const { attemptId } = parseParams(params, Params);
  const fields = formFields(await readForm(request));
  const sent = await sendAttemptEvent(user.id, attemptId, {
    seq: Number(fields.seq),
    toEvent: (quiz, at) => eventFromForm(quiz, fields, at),
    andNext: fields.advance === "1",
    // In the answer's own transaction: one COMMIT per answer (ADR 0029).
    reserve: (tx) => reserveIn(tx, [[BUDGETS.quizAction, user.id]]),
  });
  // Without JavaScript: post/redirect/get. With it, the fetcher stays on the page and the answer brings the next
  // screen (the attempt as the answer's transaction left it), so no loader runs again (shouldRevalidate below).
  if (fields.enhanced !== "1") return redirect(`/attempts/${attemptId}`);
  return { ok: true as const, ...PAGE_DATA, attempt: await attemptPageAfter(sent, await getLocale(request)) };
});

export const shouldRevalidate = skipAfterPageData;

export default function AttemptPage() {
  const { t } = useTranslation();
  const loaded = useLoaderData<typeof loader>().attempt;
  // The latest screen an enhanced answer brought back (its loader is not run again), while it is newer than the page's.
  const [fetched, setFetched] = useState<typeof loaded | null>(null);
  const attempt = fetched && fetched.attemptId === loaded.attemptId && fetched.seq >= loaded.seq ? fetched : loaded;
  const failure = formErrorOf(useActionData<typeof action>());
  const isHydrated = useHydrated();
  const { view } = attempt;
  const form = { seq: attempt.seq, isHydrated };
  const isOver = view.state === "passed" || view.state === "failed" || view.state === "abandoned";
  return (
    <AttemptUpdates.Provider value={setFetched as (attempt: unknown) => void}>
    <div className="quiz" lang={attempt.language}>
      <p className="meta">
        <Link to={`/courses/${attempt.courseSlug}`}>{attempt.courseTitle}</Link> ·{" "}
        <Link to={`/courses/${attempt.courseSlug}/quizzes/${attempt.quizId}`}>{attempt.quizTitle}</Link>
      </p>
      <h1>{attempt.quizTitle}</h1>
      {view.deadline && !isOver ? <Countdown deadline={view.deadline} serverNow={attempt.now} /> : null}
      <FormError message={failure} />
      {view.state === "question" || view.state === "feedback" ? (
        <QuestionScreen view={view} form={form} feedbackMode={attempt.feedbackMode} />
      ) : view.state === "review" ? (
        <ReviewScreen view={view} form={form} />
      ) : view.state === "abandoned" ? (
        <p>{t("quiz.abandoned")}</p>
      ) : isOver ? (
        <ResultScreen result={view.result} sources={attempt.sources} />
      ) : null}
      {isOver ? (
        <p>
          <Link className="button" to={`/courses/${attempt.courseSlug}/quizzes/${attempt.quizId}`}>
            {t("quiz.backToQuiz")}
          </Link>{" "}
          <Link to={`/courses/${attempt.courseSlug}`}>{t("lesson.backToCourse")}</Link>
        </p>
      ) : (
        <details className="abandon">
          <summary>{t("quiz.abandonTitle")}</summary>
          <p>{t("quiz.abandonHelp")}</p>
          <EventForm form={form}>
            <button type="submit" name="intent" value="ABANDON" className="danger">
              {t("quiz.abandon")}
            </button>
          </EventForm>
        </details>
      )}
    </div>
    </AttemptUpdates.Provider>
  );
}
