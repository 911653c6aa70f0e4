import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormatters } from "~/ui/formatters";
import { z } from "zod";
import { requireRole } from "~/auth/guards.server";
import { CAN_FOLLOW_LEARNERS } from "~/auth/roles";
import { assignCourse, listAssignments } from "~/courses/assignments.server";
import { listCatalog } from "~/courses/courses.server";
import { PageQuery, parseForm, parseSearch, route, routeHeaders } from "~/http.server";
import { getLocale } from "~/i18n/i18next.server";
import { pageTitle } from "~/i18n/page-title.server";
import { Field, FormError, useSchemaForm } from "~/ui/form";
import { titleMeta } from "~/ui/meta";
import { Pagination } from "~/ui/pagination";

export const meta = titleMeta;
export const headers = routeHeaders;

// The capability checks the course and every address (with line numbers); the form only has to arrive.
const AssignForm = z.object({ course: z.string().default(""), emails: z.string().default("") });

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireRole(request, CAN_FOLLOW_LEARNERS);
  const locale = await getLocale(request);
  const { q: query, page } = parseSearch(request, PageQuery);
  return {
    title: await pageTitle(request, "supervise.title"),
    query,
    courses: (await listCatalog({}, locale, null)).map((c) => ({ slug: c.slug, title: c.title })),
    ...(await listAssignments(user.id, user.role, { query, page, locale })),
  };
});

export const action = route(async ({ request }: ActionFunctionArgs) => {
  const user = await requireRole(request, CAN_FOLLOW_LEARNERS);
  const { course, emails } = await parseForm(request, AssignForm);
  const counts = await assignCourse(user.id, course, emails);
  return { ok: true as const, course, ...counts };
});

export default function Supervise() {
  const { t } = useTranslation();
  const { rows, total, page, pageCount, query, courses } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const done = result && "ok" in result && result.ok ? result : undefined;
  // A new form id after each success empties the form when JavaScript kept the page.
  const [form, fields] = useSchemaForm(AssignForm, { lastResult: result, id: done ? `assign-${JSON.stringify(done)}` : "assign" });
  const formatters = useFormatters();
  const date = (at: number | null) => (at === null ? null : formatters.date(at));
  return (
    <div>
      <h1>{t("supervise.title")}</h1>
      <p>{t("supervise.intro")}</p>

      <section aria-labelledby="assign-heading">
        <h2 id="assign-heading">{t("supervise.assign.heading")}</h2>
        {done ? (
          <p className="notice" role="status">
            {t("supervise.assign.done", {
              course: courses.find((c) => c.slug === done.course)?.title ?? done.course,
              assigned: done.assigned,
              already: done.alreadyEnrolled,
            })}
          </p>
        ) : null}
        <Form method="post" className="stack" {...getFormProps(form)} key={form.id}>
          <FormError form={form} />
          <Field field={fields.course} label={t("supervise.assign.course")}>
            {(props) => (
              <select required {...props}>
                <option value="">{t("supervise.assign.chooseCourse")}</option>
                {courses.map((c) => (
                  <option key={c.slug} value={c.slug}>
                    {c.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field field={fields.emails} label={t("supervise.assign.emails")} hint={t("supervise.assign.emailsHint")}>
            {(props) => <textarea rows={6} required autoComplete="off" spellCheck={false} {...props} />}
          </Field>
          <div>
            <button type="submit">{t("supervise.assign.submit")}</button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="assignments-heading">
        <h2 id="assignments-heading">{t("supervise.list.heading")}</h2>
        <Form method="get" role="search" className="field" aria-label={t("supervise.list.search")}>
          <label htmlFor="assignment-search">{t("supervise.list.search")}</label>
          <div>
            <input id="assignment-search" type="search" name="q" defaultValue={query} />{" "}
            <button type="submit">{t("supervise.list.searchSubmit")}</button>
          </div>
        </Form>
        <p>{t("supervise.list.total", { count: total })}</p>
        {rows.length === 0 ? (
          <p>{query ? t("supervise.list.noMatch") : t("supervise.list.empty")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("supervise.list.learner")}</th>
                  <th scope="col">{t("supervise.list.organisation")}</th>
                  <th scope="col">{t("supervise.list.course")}</th>
                  <th scope="col">{t("supervise.list.assignedAt")}</th>
                  <th scope="col">{t("supervise.list.progress")}</th>
                  <th scope="col">{t("supervise.list.quizzes")}</th>
                  <th scope="col">{t("supervise.list.lastActivity")}</th>
                  <th scope="col">{t("supervise.list.completedAt")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id}>
                    <td>
                      {row.fullName}
                      <br />
                      {row.email}
                    </td>
                    <td>{row.organisation}</td>
                    <td>{row.courseTitle}</td>
                    <td>{date(row.assignedAt)}</td>
                    <td>{t("supervise.list.percent", { percent: row.percent })}</td>
                    <td>
                      {row.quizzes.required === 0
                        ? t("supervise.list.noQuizzes")
                        : row.quizzes.bestPercent === null
                          ? t("supervise.list.quizzesPassed", { passed: row.quizzes.passed, required: row.quizzes.required })
                          : t("supervise.list.quizzesPassedBest", {
                              passed: row.quizzes.passed,
                              required: row.quizzes.required,
                              best: row.quizzes.bestPercent,
                            })}
                    </td>
                    <td>{date(row.lastActivityAt)}</td>
                    <td>{date(row.completedAt) ?? t("supervise.list.notCompleted")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={page} pageCount={pageCount} query={{ q: query }} />
      </section>
    </div>
  );
}
