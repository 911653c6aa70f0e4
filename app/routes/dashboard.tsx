import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { useFormatters } from "~/ui/formatters";
import { requireUser } from "~/auth/guards.server";
import { listExpiringCertificates } from "~/certificates/certificates.server";
import { myLearning } from "~/courses/courses.server";
import { parseForm, route, routeHeaders } from "~/http.server";
import { RandomId } from "~/ids";
import { assignedToMe, startAssignedCourse } from "~/supervision/assignments.server";
import { dueDay, StatusBadge } from "~/ui/compliance";
import { getLocale } from "~/i18n/i18next.server";
import { pageTitle } from "~/i18n/page-title.server";
import { titleMeta } from "~/ui/meta";
import { ProgressSummary } from "~/ui/progress";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const locale = await getLocale(request);
  // Independent reads, asked at once: on PostgreSQL each waits for its own round trips, not for the others'.
  const [title, assigned, courses, expiringCertificates] = await Promise.all([
    pageTitle(request, "dashboard.title"),
    assignedToMe(user.id, locale),
    myLearning(user.id, locale),
    listExpiringCertificates(user.id),
  ]);
  return { title, fullName: user.fullName, assigned, courses, expiringCertificates };
});

// A person who joined a unit after its assignment was made is enrolled when they start it.
const StartAssignment = z.object({ assignmentId: RandomId });

export const action = route(async ({ request }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const { assignmentId } = await parseForm(request, StartAssignment);
  const slug = await startAssignedCourse(user.id, assignmentId);
  return redirect(`/courses/${slug}`);
});

export default function Dashboard() {
  const { t } = useTranslation();
  const formatters = useFormatters();
  const { fullName, assigned, courses, expiringCertificates } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>{t("dashboard.title")}</h1>
      <p>{t("dashboard.welcome", { name: fullName })}</p>
      {assigned.length > 0 ? (
        <section aria-labelledby="assigned-heading">
          <h2 id="assigned-heading">{t("dashboard.assigned.heading")}</h2>
          <ul className="cards">
            {assigned.map((a) => (
              <li key={a.assignmentId} className={a.isOverdue ? "card card--overdue" : "card"}>
                <h3>
                  <Link to={`/courses/${a.courseSlug}`}>{a.courseTitle}</Link>
                </h3>
                {a.moduleCount ? <p className="meta">{t("dashboard.assigned.modules", { count: a.moduleCount })}</p> : null}
                <p>
                  <StatusBadge status={a.status} />{" "}
                  {a.completedAt === null
                    ? t(a.isOverdue ? "dashboard.assigned.wasDue" : "dashboard.assigned.due", { date: dueDay(formatters, a.dueAt) })
                    : t("dashboard.assigned.completedOn", { date: formatters.date(a.completedAt) })}
                </p>
                {a.isEnrolled ? null : (
                  <Form method="post">
                    <input type="hidden" name="assignmentId" value={a.assignmentId} />
                    <button type="submit">{t("dashboard.assigned.start", { course: a.courseTitle })}</button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
            {expiringCertificates.length > 0 ? (
        <section aria-labelledby="expiring-heading" className="card">
          <h2 id="expiring-heading">{t("certificates.expiring.title")}</h2>
          <ul>
            {expiringCertificates.map((c) => (
              <li key={c.id}>
                {t("certificates.expiring.item", {
                  course: c.courseTitle,
                  date: formatters.certificateDate(c.validUntil!),
                })}{" "}
                <Link to={`/courses/${c.courseSlug}`}>{t("certificates.expiring.renew", { course: c.courseTitle })}</Link>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/certificates">{t("certificates.expiring.all")}</Link>
          </p>
        </section>
      ) : null}
            {courses.length === 0 ? (
        <>
          <p>{t("dashboard.empty")}</p>
          <p>
            <Link to="/courses">{t("dashboard.browse")}</Link>
          </p>
        </>
      ) : (
        <ul className="cards">
          {courses.map((course) => (
            <li key={course.slug} className="card">
              <h2>
                <Link to={`/courses/${course.slug}`}>{course.title}</Link>
              </h2>
              {course.progress ? <ProgressSummary progress={course.progress} /> : null}
              <p className="meta">
                {t("dashboard.lastActivity", { date: formatters.date(course.lastActivityAt) })}
              </p>
              {course.completedAt ? (
                <p>
                  <span className="badge badge--ok">{t("catalog.status.completed")}</span>
                </p>
              ) : course.continueLessonId ? (
                <p>
                  <Link to={`/courses/${course.slug}/lessons/${course.continueLessonId}`}>{t("course.continue")}</Link>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
