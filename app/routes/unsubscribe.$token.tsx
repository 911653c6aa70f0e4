// /unsubscribe/<token>: stop reminder emails without logging in. Opening the link only asks; the button (a POST)
// unsubscribes, so a mail scanner that opens every link unsubscribes nobody (ADR 0023).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { unsubscribeByLink, unsubscribeLinkOwner } from "~/mail/outbox.server";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  const title = await pageTitle(request, "access.unsubscribe.title");
  const valid = (await unsubscribeLinkOwner(params.token ?? "")) !== null;
  return data({ title, valid }, { status: valid ? 200 : 404 });
});

export const action = route(async ({ params }: ActionFunctionArgs) => {
  const done = await unsubscribeByLink(params.token ?? "");
  return data({ done }, { status: done ? 200 : 404 });
});

export default function Unsubscribe() {
  const { t } = useTranslation();
  const { valid } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page page--narrow">
      <h1>{t("access.unsubscribe.title")}</h1>
      {result?.done ? (
        <p className="notice" role="status">
          {t("access.unsubscribe.done")}
        </p>
      ) : valid && !result ? (
        <>
          <p>{t("access.unsubscribe.intro")}</p>
          <Form method="post">
            <button type="submit">{t("access.unsubscribe.submit")}</button>
          </Form>
        </>
      ) : (
        <p>{t("access.unsubscribe.invalid")}</p>
      )}
    </div>
  );
}
