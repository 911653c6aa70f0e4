// The studio's layout: who may enter (trainers, reviewers, admins: app/studio/access.server.ts) and its navigation.
// Every child route checks access again in its own loader and action; this only guards what the layout shows.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { route, routeHeaders } from "~/http.server";
import { requireStudioUser } from "~/studio/access.server";

export const headers = routeHeaders;

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireStudioUser(request);
  return { canReview: user.canReview };
});

export default function StudioLayout() {
  const { t } = useTranslation();
  const { canReview } = useLoaderData<typeof loader>();
  return (
    <div className="studio">
      <nav aria-label={t("studio.nav.label")} className="studio-nav">
        <ul>
          <li>
            <NavLink to="/studio" end>
              {t("studio.nav.courses")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/studio/analytics">{t("studio.nav.analytics")}</NavLink>
          </li>
        </ul>
        {canReview ? <p className="studio-nav__note">{t("studio.nav.reviewer")}</p> : null}
      </nav>
      <Outlet />
    </div>
  );
}
