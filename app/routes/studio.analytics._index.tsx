// /studio/analytics: every course's quizzes (live version) with their submitted attempts and flagged questions, for
// the studio's users (app/studio/access.server.ts). Aggregates only (ADR 0028).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { route, routeHeaders } from "~/http.server";
import { requireStudioUser } from "~/studio/access.server";
import { getLocale } from "~/i18n/i18next.server";
import { pageTitle } from "~/i18n/page-title.server";
import { analyticsOverview } from "~/studio/analytics.server";
import { MIN_LEARNERS } from "~/studio/item-statistics";
import { useFormatters } from "~/ui/formatters";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  await requireStudioUser(request);
  const locale = await getLocale(request);
  return { title: await pageTitle(request, "analytics.title"), courses: await analyticsOverview(locale) };
});

export default function AnalyticsOverview() {
  const { t } = useTranslation();
  const { courses } = useLoaderData<typeof loader>();
  const { number } = useFormatters();
  return (
    <div>
      <h1>{t("analytics.title")}</h1>
      <p>{t("analytics.intro", { min: MIN_LEARNERS })}</p>
      {courses.length === 0 ? <p>{t("analytics.overview.empty")}</p> : null}
      {courses.map((course) => (
        <section key={course.slug} aria-labelledby={`course-${course.slug}`}>
          <h2 id={`course-${course.slug}`}>{course.title}</h2>
          {course.isLive ? null : <p>{t("analytics.overview.notLive")}</p>}
          {course.quizzes.length === 0 ? (
            <p>{t("analytics.overview.noQuizzes")}</p>
          ) : (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("analytics.overview.quiz")}</th>
                    <th scope="col">{t("analytics.overview.module")}</th>
                    <th scope="col" className="numeric">{t("analytics.overview.attempts")}</th>
                    <th scope="col" className="numeric">{t("analytics.overview.learners")}</th>
                    <th scope="col" className="numeric">{t("analytics.overview.flagged")}</th>
                  </tr>
                </thead>
                <tbody>
                  {course.quizzes.map((quiz) => (
                    <tr key={quiz.quizId}>
                      <th scope="row">
                        <Link to={`/studio/analytics/${course.slug}/${quiz.quizId}`}>{quiz.title}</Link>
                      </th>
                      <td>{quiz.moduleTitle}</td>
                      <td className="numeric">{number(quiz.attempts)}</td>
                      <td className="numeric">{number(quiz.learners)}</td>
                      <td className="numeric">{quiz.flaggedQuestions === null ? t("analytics.overview.notEnoughData") : number(quiz.flaggedQuestions)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}
