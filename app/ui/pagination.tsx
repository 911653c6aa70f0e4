import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Previous/next links for a paged list; `query` holds the list's other search parameters, kept across pages. */
export function Pagination({ page, pageCount, query }: { page: number; pageCount: number; query: Record<string, string> }) {
  const { t } = useTranslation();
  const pageLink = (p: number) => `?${new URLSearchParams({ ...query, page: String(p) })}`;
  return (
    <nav aria-label={t("pagination.label")}>
      <p>
        {page > 1 ? <Link to={pageLink(page - 1)}>{t("pagination.previous")}</Link> : null}{" "}
        <span>{t("pagination.page", { page, pageCount })}</span>{" "}
        {page < pageCount ? <Link to={pageLink(page + 1)}>{t("pagination.next")}</Link> : null}
      </p>
    </nav>
  );
}
