// The compliance dashboard (issue 14): figures per unit and sub-unit in scope, per course, completions over time and
// the people behind the figures. Filters are a GET form, so a filtered view is a link, and the exports take the
// same query.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRole } from "~/auth/guards.server";
import { CAN_FOLLOW_LEARNERS } from "~/auth/roles";
import { parseSearch, route, routeHeaders } from "~/http.server";
import { env } from "~/env.server";
import { getLocale } from "~/i18n/i18next.server";
import { pageTitle } from "~/i18n/page-title.server";
import { STATUSES } from "~/supervision/assignment-rules";
import { ComplianceQuery, complianceReport } from "~/supervision/compliance.server";
import { FIGURES } from "~/supervision/figures";
import { CompletionChart, dueDay, StatusBadge } from "~/ui/compliance";
import { useFormatters } from "~/ui/formatters";
import { titleMeta } from "~/ui/meta";
import { Pagination } from "~/ui/pagination";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireRole(request, CAN_FOLLOW_LEARNERS);
  const locale = await getLocale(request);
  const filters = parseSearch(request, ComplianceQuery);
  const { allPeople: _omitted, ...report } = await complianceReport(user, filters, locale);
  return { title: await pageTitle(request, "compliance.title"), filters, snapshotSeconds: env.COMPLIANCE_SNAPSHOT_SECONDS, ...report };
});

/** The query of the current filters (without page), for links, pagination and exports. */
const queryOf = (filters: Record<string, string | number>, change: Record<string, string> = {}) =>
  Object.fromEntries(
    Object.entries({ ...filters, ...change }).filter(([key, value]) => key !== "page" && value !== "" && value !== undefined).map(([k, v]) => [k, String(v)]),
  );

export default function Supervise() {
  const { t } = useTranslation();
  const formatters = useFormatters();
  const data = useLoaderData<typeof loader>();
  const { filters, selected, unitRows, courseRows, total, months, people, units, courses, asOf, snapshotSeconds } = data;
  const query = queryOf(filters);
  const search = (change: Record<string, string> = {}) => `?${new URLSearchParams(queryOf(filters, change))}`;
  const figureHeads = FIGURES.map((f) => (
    <th scope="col" key={f}>
      {t(`compliance.figures.${f}`)}
    </th>
  ));
  const figureCells = (figures: Record<string, number>) => FIGURES.map((f) => <td key={f}>{formatters.number(figures[f])}</td>);
  return (
    <div className="compliance">
      <h1>{t("compliance.title")}</h1>
      <p className="no-print">
        <Link to="/supervise/assign">{t("compliance.assignLink")}</Link>
      </p>
      {asOf !== null ? <p className="as-of">{t("compliance.asOf", { time: formatters.dateTime(asOf), seconds: snapshotSeconds })}</p> : null}
      {selected ? (
        <p>
          {t("compliance.showing", { unit: selected.path })}{" "}
          <Link className="no-print" to={search({ unit: selected.parentId ?? "" })}>
            {t("compliance.up")}
          </Link>
        </p>
      ) : null}

      <Form method="get" className="filters no-print" aria-label={t("compliance.filters.label")}>
        <div className="field">
          <label htmlFor="filter-unit">{t("compliance.filters.unit")}</label>
          <select id="filter-unit" name="unit" defaultValue={filters.unit}>
            <option value="">{t("compliance.filters.allUnits")}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.path}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-course">{t("compliance.filters.course")}</label>
          <select id="filter-course" name="course" defaultValue={filters.course}>
            <option value="">{t("compliance.filters.allCourses")}</option>
            {courses.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">{t("compliance.filters.status")}</label>
          <select id="filter-status" name="status" defaultValue={filters.status}>
            <option value="">{t("compliance.filters.allStatuses")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`compliance.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-from">{t("compliance.filters.from")}</label>
          <input id="filter-from" type="date" name="from" defaultValue={filters.from} />
        </div>
        <div className="field">
          <label htmlFor="filter-to">{t("compliance.filters.to")}</label>
          <input id="filter-to" type="date" name="to" defaultValue={filters.to} />
        </div>
        <div>
          <button type="submit">{t("compliance.filters.apply")}</button> <Link to="/supervise">{t("compliance.filters.clear")}</Link>
        </div>
      </Form>

      {data.scopeIsEmpty ? <p>{t("compliance.noUnits")}</p> : null}

      <section aria-labelledby="units-heading">
        <h2 id="units-heading">{t("compliance.units.heading")}</h2>
        <p className="no-print">
          <a href={`/supervise/export?${new URLSearchParams({ ...query, table: "units" })}`} download>
            {t("compliance.export.units")}
          </a>
        </p>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t("compliance.units.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("compliance.units.unit")}</th>
                <th scope="col">{t("compliance.units.people")}</th>
                {figureHeads}
              </tr>
            </thead>
            <tbody>
              {unitRows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">
                    {row.isSelected ? (
                      t("compliance.units.whole", { unit: row.path })
                    ) : (
                      <Link to={search({ unit: row.id })}>{row.path}</Link>
                    )}
                  </th>
                  <td>{formatters.number(row.people)}</td>
                  {figureCells(row.figures)}
                </tr>
              ))}
            </tbody>
            {unitRows.length > 1 && !selected ? (
              <tfoot>
                <tr>
                  <th scope="row">{t("compliance.units.total")}</th>
                  <td />
                  {figureCells(total)}
                </tr>
              </tfoot>
            ) : null}
          </table>
        </div>
      </section>

      <section aria-labelledby="courses-heading">
        <h2 id="courses-heading">{t("compliance.courses.heading")}</h2>
        {courseRows.length === 0 ? (
          <p>{t("compliance.courses.none")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("compliance.courses.course")}</th>
                  {figureHeads}
                </tr>
              </thead>
              <tbody>
                {courseRows.map((row) => (
                  <tr key={row.slug}>
                    <th scope="row">
                      <Link to={search({ course: row.slug })}>{row.title}</Link>
                    </th>
                    {figureCells(row.figures)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="chart-heading">
        <h2 id="chart-heading">{t("compliance.chart.heading")}</h2>
        <CompletionChart months={months} />
      </section>

      <section aria-labelledby="people-heading">
        <h2 id="people-heading">{t("compliance.people.heading")}</h2>
        <p>{t("compliance.people.total", { count: people.total })}</p>
        <p className="no-print">
          <a href={`/supervise/export?${new URLSearchParams({ ...query, table: "people" })}`} download>
            {t("compliance.export.people")}
          </a>
        </p>
        {people.rows.length === 0 ? (
          <p>{t("compliance.people.none")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("compliance.people.person")}</th>
                  <th scope="col">{t("compliance.people.units")}</th>
                  <th scope="col">{t("compliance.people.course")}</th>
                  <th scope="col">{t("compliance.people.status")}</th>
                  <th scope="col">{t("compliance.people.due")}</th>
                  <th scope="col">{t("compliance.people.completed")}</th>
                  <th scope="col">{t("compliance.people.certificate")}</th>
                </tr>
              </thead>
              <tbody>
                {people.rows.map((row) => (
                  <tr key={`${row.assignmentId}-${row.userId}`}>
                    <th scope="row">
                      {row.fullName}
                      <br />
                      <span className="meta">{row.email}</span>
                    </th>
                    <td>{row.units.join(", ")}</td>
                    <td>
                      <Link to={`/supervise/assignments/${row.assignmentId}`}>{row.courseTitle}</Link>
                      {row.modules ? <span className="meta"> {t("compliance.people.modulesOnly", { count: row.modules.length })}</span> : null}
                    </td>
                    <td>
                      <StatusBadge status={row.status} />
                    </td>
                    <td>
                      {dueDay(formatters, row.dueAt)}
                      {row.isExtended ? <span className="meta"> {t("compliance.people.extended")}</span> : null}
                    </td>
                    <td>{row.completedAt === null ? t("compliance.people.notCompleted") : formatters.date(row.completedAt)}</td>
                    <td>
                      {row.certificate === null
                        ? t("compliance.people.noCertificate")
                        : row.validUntil === null
                          ? t(`compliance.certificate.${row.certificate}`)
                          : t("compliance.people.certificateUntil", {
                              state: t(`compliance.certificate.${row.certificate}`),
                              date: formatters.certificateDate(row.validUntil, "medium"),
                            })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="no-print">
          <Pagination page={people.page} pageCount={people.pageCount} query={query} />
        </div>
      </section>
    </div>
  );
}
