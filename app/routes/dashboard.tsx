import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { pageTitle } from "~/i18n/page-title.server";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  return { title: await pageTitle(request, "dashboard.title"), fullName: user.fullName };
}

export default function Dashboard() {
  const { t } = useTranslation();
  const { fullName } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>{t("dashboard.title")}</h1>
      <p>{t("dashboard.welcome", { name: fullName })}</p>
      <p>{t("dashboard.empty")}</p>
      <p>
        <Link to="/courses">{t("dashboard.browse")}</Link>
      </p>
    </div>
  );
}
