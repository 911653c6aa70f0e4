import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormatters } from "~/ui/formatters";
import { languageList } from "~/ui/language-names";
import { z } from "zod";
import { getUser, requireUser } from "~/auth/guards.server";
import { latestCertificateFor } from "~/certificates/certificates.server";
import { getCourseForLearner } from "~/courses/courses.server";
import { enrol } from "~/courses/enrolment.server";
import { stableId } from "~/courses/format";
import { parseParams, route, routeHeaders } from "~/http.server";
import { getLocale } from "~/i18n/i18next.server";
import { ProgressSummary } from "~/ui/progress";

const Params = z.object({ slug: stableId });

export const meta = ({ data }: { data?: { course: { title: string } } }) => [{ title: data ? `${data.course.title} · Lexmigra` : "Lexmigra" }];

export const headers = routeHeaders;

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  const { slug } = parseParams(params, Params);
  const user = await getUser(request);
  const locale = await getLocale(request);
  const course = await getCourseForLearner(slug, locale, user?.id ?? null);
  const certificate = user && course.completedAt ? await latestCertificateFor(user.id, slug) : null;
  // A reader whose language the course does not have is told, in their language, which languages it is in.
  const isInReadersLanguage = (course.languages as string[]).includes(locale);
  return { course, certificate, isInReadersLanguage, isSignedIn: Boolean(user) };
});

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const { slug } = parseParams(params, Params);
  await enrol(user.id, slug);
  return redirect(`/courses/${slug}`);
});

export default function CoursePage() {
  const { t, i18n } = useTranslation();
  const formatters = useFormatters();
  const { course, certificate, isInReadersLanguage, isSignedIn } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="meta">
        <Link to="/courses">{t("nav.catalog")}</Link>
      </p>
      <h1>{course.title}</h1>
      {isInReadersLanguage ? null : (
        <p className="notice notice--info" role="note">
          {t("course.contentLanguages", { count: course.languages.length, languages: languageList(i18n.language, course.languages) })}
        </p>
      )}
      <p className="lead">{course.summary}</p>
      <p className="meta">
        {t("catalog.hours", { count: course.estimatedHours })} · {t("catalog.credits", { count: course.creditHours })} ·{" "}
        {t("course.version", { version: course.version })} · {t("course.passMark", { percent: course.passMark })}
        {course.certificateValidityMonths ? ` · ${t("course.validity", { count: course.certificateValidityMonths })}` : ""}
      </p>
      {course.prerequisites.length > 0 ? (
        <p>
          {t("course.recommended")}{" "}
          {course.prerequisites.map((p, i) => (
            <span key={p.slug}>
              {i > 0 ? ", " : null}
              <Link to={`/courses/${p.slug}`}>{p.title}</Link>
            </span>
          ))}
        </p>
      ) : null}
      {course.isEnrolled && course.progress ? (
        <section aria-labelledby="progress-heading" className="card">
          <h2 id="progress-heading">{t("course.yourProgress")}</h2>
          <ProgressSummary progress={course.progress} />
          {course.completedAt ? (
            <p className="notice">
              {t("course.completed", { date: formatters.date(course.completedAt, "long") })}{" "}
              {certificate ? (
                <Link to={`/certificates#certificate-${certificate.id}`}>
                  {t(certificate.state === "valid" ? "course.viewCertificate" : `course.viewCertificate_${certificate.state}`)}
                </Link>
              ) : null}
            </p>
          ) : null}
          {course.continueLessonId ? (
            <p>
              <Link className="button" to={`/courses/${course.slug}/lessons/${course.continueLessonId}`}>
                {course.progress.lessonsDone > 0 ? t("course.continue") : t("course.start")}
              </Link>
            </p>
          ) : null}
        </section>
      ) : isSignedIn ? (
        course.enrolment === "open" ? (
          <Form method="post">
            <button type="submit">{t("course.enrol")}</button>
          </Form>
        ) : (
          <p>{t("course.assignedOnly")}</p>
        )
      ) : (
        <p>
          <Link to={`/login?redirectTo=/courses/${course.slug}`}>{t("course.loginToEnrol")}</Link>
        </p>
      )}
      {course.objectives.length > 0 ? (
        <>
          <h2>{t("course.objectives")}</h2>
          <ul>
            {course.objectives.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t("course.modules")}</h2>
      <ol className="modules">
        {course.modules.map((module) => (
          <li key={module.moduleId} className="module">
            <h3>{module.title}</h3>
            <details>
              <summary>{t("course.moduleObjectives")}</summary>
              <ul>
                {module.objectives.map((o) => (
                  <li key={o}>{o}</li>
                ))}
              </ul>
            </details>
            <ol>
              {module.lessons.map((lesson) => (
                <li key={lesson.lessonId}>
                  {course.isEnrolled ? (
                    <Link to={`/courses/${course.slug}/lessons/${lesson.lessonId}`}>{lesson.title}</Link>
                  ) : (
                    lesson.title
                  )}{" "}
                  <span className="meta">{t("course.minutes", { count: lesson.minutes })}</span>{" "}
                  {lesson.isComplete ? <span className="badge badge--ok">{t("course.lessonDone")}</span> : null}
                </li>
              ))}
              <li>
                {course.isEnrolled ? (
                  <Link to={`/courses/${course.slug}/quizzes/${module.quizId}`}>{t("course.quiz")}</Link>
                ) : (
                  t("course.quiz")
                )}{" "}
                {module.isQuizPassed ? (
                  <span className="badge badge--ok">{t("course.quizPassed", { percent: module.bestPercent })}</span>
                ) : null}
              </li>
            </ol>
          </li>
        ))}
      </ol>
      <p>
        <Link to={`/courses/${course.slug}/sources`}>{t("course.sources")}</Link>
      </p>
    </div>
  );
}
