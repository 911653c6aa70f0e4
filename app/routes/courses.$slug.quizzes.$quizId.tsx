import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormatters } from "~/ui/formatters";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { stableId } from "~/courses/format";
import { parseParams, route, routeHeaders } from "~/http.server";
import { BUDGETS, reserveIn } from "~/rate-limits.server";
import { getLocale } from "~/i18n/i18next.server";
import { getQuizOverview, startQuizAttempt } from "~/quiz/attempts.server";
import { FormError, formErrorOf } from "~/ui/form";

const Params = z.object({ slug: stableId, quizId: stableId });

export const meta = ({ data }: { data?: { quiz: { title: string; courseTitle: string } } }) => [
  { title: data ? `${data.quiz.title} · ${data.quiz.courseTitle} · Lexmigra` : "Lexmigra" },
];

export const headers = routeHeaders;

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { slug, quizId } = parseParams(params, Params);
  const locale = await getLocale(request);
  return { quiz: await getQuizOverview(user.id, slug, quizId, locale), now: Date.now() };
});

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const { slug, quizId } = parseParams(params, Params);
  const locale = await getLocale(request);
  // The reservation commits with the start: one COMMIT per start (ADR 0029).
  const attemptId = await startQuizAttempt(user.id, slug, quizId, locale, Date.now(), (tx) => reserveIn(tx, [[BUDGETS.quizAction, user.id]]));
  return redirect(`/attempts/${attemptId}`);
});

export default function QuizOverview() {
  const { t } = useTranslation();
  const { quiz } = useLoaderData<typeof loader>();
  const failure = formErrorOf(useActionData<typeof action>());
  const { dateTime: date } = useFormatters();
  const { settings, rule } = quiz;
  return (
    <div>
      <p className="meta">
        <Link to={`/courses/${quiz.courseSlug}`}>{quiz.courseTitle}</Link> · {quiz.moduleTitle}
      </p>
      <h1>{quiz.title}</h1>
      <ul>
        <li>{t("quiz.overview.questions", { count: quiz.questionCount })}</li>
        <li>{t("quiz.overview.passMark", { percent: settings.passMark })}</li>
        <li>
          {settings.maxAttempts === null
            ? t("quiz.overview.unlimitedAttempts")
            : t("quiz.overview.attemptsLeft", { count: Math.max(0, settings.maxAttempts - quiz.attempts.length), max: settings.maxAttempts })}
        </li>
        {settings.cooldownMinutes > 0 ? <li>{t("quiz.overview.cooldown", { count: settings.cooldownMinutes })}</li> : null}
        <li>{settings.timeLimitMinutes ? t("quiz.overview.timeLimit", { count: settings.timeLimitMinutes }) : t("quiz.overview.untimed")}</li>
        <li>{settings.feedback === "immediate" ? t("quiz.overview.immediate") : t("quiz.overview.deferred")}</li>
      </ul>
      <FormError message={failure} />
      {quiz.activeAttemptId ? (
        <p>
          <Link className="button" to={`/attempts/${quiz.activeAttemptId}`}>
            {t("quiz.overview.resume")}
          </Link>
        </p>
      ) : rule.canStart ? (
        <Form method="post">
          <button type="submit">{quiz.attempts.length > 0 ? t("quiz.overview.retry") : t("quiz.overview.start")}</button>
        </Form>
      ) : rule.reason === "cooldown" ? (
        <p className="notice" role="status">
          {t("quiz.overview.waitUntil", { time: date(rule.availableAt) })}{" "}
          <Link to=".">{t("quiz.overview.refresh")}</Link>
        </p>
      ) : (
        <p className="notice" role="status">
          {t("quiz.overview.noAttemptsLeft")}
        </p>
      )}
      {quiz.attempts.length > 0 ? (
        <>
          <h2>{t("quiz.overview.history")}</h2>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("quiz.overview.started")}</th>
                  <th scope="col">{t("quiz.overview.result")}</th>
                  <th scope="col">{t("quiz.overview.score")}</th>
                </tr>
              </thead>
              <tbody>
                {[...quiz.attempts].reverse().map((attempt) => (
                  <tr key={attempt.id}>
                    <td>
                      <Link to={`/attempts/${attempt.id}`}>{date(attempt.startedAt)}</Link>
                    </td>
                    <td>{t(`quiz.status.${attempt.status}`)}</td>
                    <td>{attempt.percent === null ? "—" : `${attempt.percent}%`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}
