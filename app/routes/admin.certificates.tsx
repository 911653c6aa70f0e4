// /admin/certificates: find certificates by holder, course and completion dates; revoke one with a reason.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormatters } from "~/ui/formatters";
import { z } from "zod";
import { requireRole } from "~/auth/guards.server";
import { CAN_ADMINISTER } from "~/auth/roles";
import { revokeCertificate, searchCertificates } from "~/certificates/certificates.server";
import { publicBaseUrl } from "~/certificates/publication.server";
import { IsoDate, PageNumber, parseForm, parseSearch, route, routeHeaders, SearchText } from "~/http.server";
import { RandomId } from "~/ids";
import { pageTitle } from "~/i18n/page-title.server";
import { Pagination } from "~/ui/pagination";
import { fieldErrorOf, FormError, formErrorOf, typedValueOf, useMessage } from "~/ui/form";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

// The reason is checked by the capability (400 with a field message when blank), so only its presence is typed here.
const Revocation = z.object({ certificateId: RandomId, reason: z.string().default("") });

const CertificateSearch = z.object({ holder: SearchText, course: SearchText, from: IsoDate, to: IsoDate, page: PageNumber });

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  await requireRole(request, CAN_ADMINISTER);
  const search = parseSearch(request, CertificateSearch);
  return { title: await pageTitle(request, "certificates.admin.title"), search, ...(await searchCertificates(search)) };
});

export const action = route(async ({ request }: ActionFunctionArgs) => {
  const admin = await requireRole(request, CAN_ADMINISTER);
  const revocation = await parseForm(request, Revocation);
  await revokeCertificate(admin.id, revocation, { baseUrl: publicBaseUrl() });
  return { ok: true as const, certificateId: revocation.certificateId };
});

const BADGE = { valid: "badge badge--ok", expired: "badge badge--warn", revoked: "badge badge--danger" } as const;

export default function AdminCertificates() {
  const { t } = useTranslation();
  const { rows, total, page, pageCount, search } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formError = formErrorOf(result);
  const revoked = result && "ok" in result && result.ok ? result.certificateId : undefined;
  const failedId = typedValueOf(result, "certificateId");
  const message = useMessage();
  const { certificateDate } = useFormatters();
  const date = (value: number) => certificateDate(value, "medium");
  return (
    <div>
      <h1>{t("certificates.admin.title")}</h1>
      <Form method="get" role="search" className="filters">
        <div className="field">
          <label htmlFor="search-holder">{t("certificates.admin.holder")}</label>
          <input id="search-holder" type="search" name="holder" defaultValue={search.holder} />
        </div>
        <div className="field">
          <label htmlFor="search-course">{t("certificates.admin.course")}</label>
          <input id="search-course" type="search" name="course" defaultValue={search.course} />
        </div>
        <div className="field">
          <label htmlFor="search-from">{t("certificates.admin.from")}</label>
          <input id="search-from" type="date" name="from" defaultValue={search.from} />
        </div>
        <div className="field">
          <label htmlFor="search-to">{t("certificates.admin.to")}</label>
          <input id="search-to" type="date" name="to" defaultValue={search.to} />
        </div>
        <button type="submit">{t("certificates.admin.search")}</button>
      </Form>
      <FormError message={fieldErrorOf(result, "reason") ? undefined : formError} />
      {revoked ? (
        <p className="notice" role="status">
          {t("certificates.admin.revoked", { id: revoked })}
        </p>
      ) : null}
      <p>{t("certificates.admin.total", { count: total })}</p>
      {rows.length === 0 ? (
        <p>{t("certificates.admin.none")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("certificates.fields.holder")}</th>
                <th scope="col">{t("certificates.fields.course")}</th>
                <th scope="col">{t("certificates.fields.completedOn")}</th>
                <th scope="col">{t("certificates.admin.state")}</th>
                <th scope="col">{t("certificates.admin.revoke")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const error = failedId === row.id ? fieldErrorOf(result, "reason") : undefined;
                return (
                  <tr key={row.id}>
                    <td>{row.holderName}</td>
                    <td>
                      {row.courseTitle} <span className="meta">({row.courseVersion})</span>
                    </td>
                    <td>{date(row.completedAt)}</td>
                    <td>
                      <span className={BADGE[row.state]}>{t(`certificates.state.${row.state}`)}</span>{" "}
                      <Link to={`/verify/${row.id}`}>{t("certificates.admin.verifyLink", { name: row.holderName })}</Link>
                      {row.revocationReason ? <p className="meta">{row.revocationReason}</p> : null}
                    </td>
                    <td>
                      {row.state === "revoked" ? null : (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="certificateId" value={row.id} />
                          <label htmlFor={`reason-${row.id}`}>{t("certificates.admin.reason", { name: row.holderName })}</label>
                          <input
                            id={`reason-${row.id}`}
                            name="reason"
                            type="text"
                            maxLength={500}
                            defaultValue={failedId === row.id ? typedValueOf(result, "reason") : undefined}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? `reason-${row.id}-error` : undefined}
                          />
                          {error ? (
                            <span className="error" id={`reason-${row.id}-error`}>
                              {message(error)}
                            </span>
                          ) : null}{" "}
                          <button type="submit" className="secondary">
                            {t("certificates.admin.revokeSubmit")}
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} query={{ holder: search.holder, course: search.course, from: search.from, to: search.to }} />
    </div>
  );
}
