import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import type { loader as rootLoader } from "~/root";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request }: LoaderFunctionArgs) => ({ title: await pageTitle(request, "nav.home") }));

export default function Home() {
  const { t } = useTranslation();
  const user = useRouteLoaderData<typeof rootLoader>("root")?.user;
  return (
    <div>
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.lead")}</p>
      <p>
        <Link className="button" to="/courses">
          {t("home.browse")}
        </Link>{" "}
        {user ? null : (
          <Link className="button button--secondary" to="/register">
            {t("home.start")}
          </Link>
        )}
      </p>
      <h2>{t("home.featuresTitle")}</h2>
      <ul className="cards">
        <li className="card">{t("home.featureCitations")}</li>
        <li className="card">{t("home.featureScenarios")}</li>
        <li className="card">{t("home.featureCertificates")}</li>
      </ul>
    </div>
  );
}
