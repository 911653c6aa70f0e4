import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getUser } from "~/auth/guards.server";
import { listCatalog } from "~/courses/courses.server";
import { AUDIENCES, LANGUAGES } from "~/courses/format";
import { OneOf, parseSearch, route, routeHeaders, SearchText } from "~/http.server";
import { getLocale } from "~/i18n/i18next.server";
import { pageTitle } from "~/i18n/page-title.server";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

const CatalogFilters = z.object({ audience: OneOf(AUDIENCES), language: OneOf(LANGUAGES), q: SearchText });

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  const user = await getUser(request);
  const locale = await getLocale(request);
  const filters = parseSearch(request, CatalogFilters);
  return {
    title: await pageTitle(request, "catalog.title"),
    filters,
    courses: await listCatalog(filters, locale, user?.id ?? null),
  };
});

export default function Catalog() {
  const { t } = useTranslation();
  const { courses, filters } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>{t("catalog.title")}</h1>
      <Form method="get" role="search" aria-label={t("catalog.filters")} className="filters">
        <div className="field">
          <label htmlFor="catalog-q">{t("catalog.search")}</label>
          <input id="catalog-q" type="search" name="q" defaultValue={filters.q} />
        </div>
        <div className="field">
          <label htmlFor="catalog-audience">{t("catalog.audience")}</label>
          <select id="catalog-audience" name="audience" defaultValue={filters.audience ?? ""}>
            <option value="">{t("catalog.anyAudience")}</option>
            {AUDIENCES.filter((a) => a !== "all").map((a) => (
              <option key={a} value={a}>
                {t(`audiences.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="catalog-language">{t("catalog.language")}</label>
          <select id="catalog-language" name="language" defaultValue={filters.language ?? ""}>
            <option value="">{t("catalog.anyLanguage")}</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`languages.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit">{t("catalog.apply")}</button>
        </div>
      </Form>
      <p role="status">{t("catalog.count", { count: courses.length })}</p>
      <ul className="cards">
        {courses.map((course) => (
          <li key={course.slug} className="card">
            <h2>
              <Link to={`/courses/${course.slug}`}>{course.title}</Link>
            </h2>
            <p>{course.summary}</p>
            <p className="meta">
              {t("catalog.hours", { count: course.estimatedHours })} · {t("catalog.credits", { count: course.creditHours })} ·{" "}
              {course.languages.map((l) => t(`languages.${l}`)).join(", ")}
            </p>
            <p className="meta">{course.audiences.map((a) => t(`audiences.${a}`)).join(" · ")}</p>
            <p>
              <span className={`badge ${course.status === "completed" ? "badge--ok" : course.status === "enrolled" ? "badge--warn" : ""}`}>
                {t(`catalog.status.${course.status}`)}
              </span>
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
