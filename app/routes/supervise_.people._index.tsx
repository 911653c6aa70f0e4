// /supervise/people: the people in the units a supervisor was given (and below them), searchable and paged; admins
// see every account. Each name opens the person's page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRole } from "~/auth/guards.server";
import { CAN_FOLLOW_LEARNERS } from "~/auth/roles";
import { PageQuery, parseSearch, route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { listPeopleInScope } from "~/supervision/people.server";
import { titleMeta } from "~/ui/meta";
import { Pagination } from "~/ui/pagination";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireRole(request, CAN_FOLLOW_LEARNERS);
  const { q: query, page } = parseSearch(request, PageQuery);
  return { title: await pageTitle(request, "units.people.title"), query, ...(await listPeopleInScope(user, { query, page })) };
});

export default function SupervisedPeople() {
  const { t } = useTranslation();
  const { rows, total, page, pageCount, query } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>{t("units.people.title")}</h1>
      <p>{t("units.people.intro")}</p>
      <p>
        <Link to="/supervise/import">{t("units.people.importLink")}</Link>
      </p>
      <Form method="get" role="search" className="field" aria-label={t("units.people.search")}>
        <label htmlFor="people-search">{t("units.people.search")}</label>
        <div>
          <input id="people-search" type="search" name="q" defaultValue={query} />{" "}
          <button type="submit">{t("units.people.searchSubmit")}</button>
        </div>
      </Form>
      <p>{t("units.people.total", { count: total })}</p>
      {rows.length === 0 ? (
        <p>{query ? t("units.people.noMatch") : t("units.people.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("units.people.name")}</th>
                <th scope="col">{t("units.people.email")}</th>
                <th scope="col">{t("units.people.profile")}</th>
                <th scope="col">{t("units.people.units")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((person) => (
                <tr key={person.id}>
                  <td>
                    <Link to={`/supervise/people/${person.id}`}>{person.fullName}</Link>
                  </td>
                  <td>{person.email}</td>
                  <td>{t(`profiles.${person.profile}`)}</td>
                  <td>{person.units.length === 0 ? t("units.people.noUnit") : person.units.join("; ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} query={{ q: query }} />
    </div>
  );
}
