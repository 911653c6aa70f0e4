// /admin/mail: what the outbox has not delivered (waiting, retrying, failed), and a way to queue a failed message
// again once its cause is fixed (ADR 0023).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireRole } from "~/auth/guards.server";
import { CAN_ADMINISTER } from "~/auth/roles";
import { env } from "~/env.server";
import { NotFoundError } from "~/errors";
import { parseForm, route, routeHeaders } from "~/http.server";
import { RandomId } from "~/ids";
import { pageTitle } from "~/i18n/page-title.server";
import { listUndelivered, retryFailedMail } from "~/mail/sender.server";
import { useFormatters } from "~/ui/formatters";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

const Retry = z.object({ id: RandomId, to: z.string().max(254).default("") });

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  await requireRole(request, CAN_ADMINISTER);
  return { title: await pageTitle(request, "mail.admin.title"), smtpConfigured: Boolean(env.SMTP_URL), ...(await listUndelivered()) };
});

export const action = route(async ({ request }: ActionFunctionArgs) => {
  await requireRole(request, CAN_ADMINISTER);
  const { id, to } = await parseForm(request, Retry);
  if (!(await retryFailedMail(id))) throw new NotFoundError();
  return { ok: true as const, to };
});

export default function AdminMail() {
  const { t } = useTranslation();
  const { rows, queued, failed, smtpConfigured } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { dateTime } = useFormatters();
  return (
    <div>
      <h1>{t("mail.admin.title")}</h1>
      <p className={smtpConfigured ? undefined : "notice"}>{t(smtpConfigured ? "mail.admin.smtpOn" : "mail.admin.smtpOff")}</p>
      {result && "ok" in result ? (
        <p className="notice" role="status">
          {t("mail.admin.retried", { to: result.to })}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p>{t("mail.admin.none")}</p>
      ) : (
        <>
          <p>{t("mail.admin.summary", { queued, failed })}</p>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("mail.admin.kind")}</th>
                  <th scope="col">{t("mail.admin.to")}</th>
                  <th scope="col">{t("mail.admin.status")}</th>
                  <th scope="col">{t("mail.admin.attempts")}</th>
                  <th scope="col">{t("mail.admin.next")}</th>
                  <th scope="col">{t("mail.admin.error")}</th>
                  <th scope="col">{t("mail.admin.created")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id}>
                    <td>{t(`mail.admin.kinds.${row.kind}`)}</td>
                    <td>{row.to}</td>
                    <td>
                      {t(`mail.admin.statuses.${row.status}`)}
                      {row.status === "failed" ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="id" value={row.id} />
                          <input type="hidden" name="to" value={row.to} />{" "}
                          <button type="submit" className="secondary" aria-label={t("mail.admin.retryFor", { to: row.to })}>
                            {t("mail.admin.retry")}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                    <td>{row.attempts}</td>
                    <td>{row.status === "queued" ? dateTime(row.nextAttemptAt) : ""}</td>
                    <td>{row.lastError ?? ""}</td>
                    <td>{dateTime(row.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
