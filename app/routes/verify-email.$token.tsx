// /verify-email/<token>: confirm an address. Opening the link only asks; the button (a POST) confirms, so a mail
// scanner that opens every link does not use it up (ADR 0030).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { accountForLink, verifyEmail } from "~/auth/account-recovery.server";
import { orLinkProblem } from "~/auth/link-pages.server";
import { route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { LinkProblemView, linkProblemOf } from "~/ui/link-problem";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request, params }: LoaderFunctionArgs) =>
  orLinkProblem(async () => {
    const account = await accountForLink(params.token ?? "", "email-verification");
    return { title: await pageTitle(request, "access.verify.title"), email: account.email };
  }),
);

export const action = route(async ({ params }: ActionFunctionArgs) =>
  orLinkProblem(async () => {
    await verifyEmail(params.token ?? "");
    return { verified: true as const };
  }),
);

export default function VerifyEmail() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result && "verified" in result) {
    return (
      <div className="page page--narrow">
        <h1>{t("access.verify.title")}</h1>
        <p className="notice" role="status">
          {t("access.verify.done")}
        </p>
        <p>
          <Link to="/dashboard">{t("nav.dashboard")}</Link>
        </p>
      </div>
    );
  }
  const problem = linkProblemOf(result) ?? linkProblemOf(page);
  if (problem || !("email" in page)) return <LinkProblemView problem={problem ?? "unknown"} purpose="email-verification" />;
  return (
    <div className="page page--narrow">
      <h1>{t("access.verify.title")}</h1>
      <p>{t("access.verify.intro", { email: page.email })}</p>
      <Form method="post">
        <button type="submit">{t("access.verify.submit")}</button>
      </Form>
    </div>
  );
}
