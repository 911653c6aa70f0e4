// /certificates: the learner's certificates, each with its state and its downloads.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormatters } from "~/ui/formatters";
import { requireUser } from "~/auth/guards.server";
import { listMyCertificates } from "~/certificates/certificates.server";
import { route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  return { title: await pageTitle(request, "certificates.mine.title"), certificates: await listMyCertificates(user.id) };
});

const BADGE = { valid: "badge badge--ok", expired: "badge badge--warn", revoked: "badge badge--danger" } as const;

export default function MyCertificates() {
  const { t } = useTranslation();
  const { certificates } = useLoaderData<typeof loader>();
  const { certificateDate: date, percent } = useFormatters();
  return (
    <div>
      <h1>{t("certificates.mine.title")}</h1>
      {certificates.length === 0 ? (
        <>
          <p>{t("certificates.mine.empty")}</p>
          <p>
            <Link to="/courses">{t("certificates.mine.browse")}</Link>
          </p>
        </>
      ) : (
        <ul className="cards">
          {certificates.map((c) => (
            <li key={c.id} id={`certificate-${c.id}`} className="card">
              <h2>{c.courseTitle}</h2>
              <p>
                <span className={BADGE[c.state]}>{t(`certificates.state.${c.state}`)}</span>
              </p>
              <dl className="meta">
                <dt>{t("certificates.fields.completedOn")}</dt>
                <dd>{date(c.completedAt)}</dd>
                <dt>{t("certificates.fields.validUntil")}</dt>
                <dd>{c.validUntil === null ? t("certificates.fields.noExpiry") : date(c.validUntil)}</dd>
                <dt>{t("certificates.fields.version")}</dt>
                <dd>{c.courseVersion}</dd>
                {c.averagePercent !== null ? (
                  <>
                    <dt>{t("certificates.fields.average")}</dt>
                    <dd>{percent(c.averagePercent)}</dd>
                  </>
                ) : null}
                {c.revokedAt !== null ? (
                  <>
                    <dt>{t("certificates.fields.revokedOn")}</dt>
                    <dd>{date(c.revokedAt)}</dd>
                  </>
                ) : null}
              </dl>
              {c.renewsCertificateId ? <p className="meta">{t("certificates.mine.renewal")}</p> : null}
              {c.state !== "valid" ? (
                <p className="notice notice--warn">{t(c.state === "revoked" ? "certificates.mine.pdfMarkedRevoked" : "certificates.mine.pdfMarkedExpired")}</p>
              ) : null}
              <ul className="actions">
                <li>
                  <a href={`/certificates/${c.id}/pdf`} download>
                    {t("certificates.mine.downloadPdf", { course: c.courseTitle })}
                  </a>
                </li>
                <li>
                  <a href={`/certificates/${c.id}/credential`} download>
                    {t("certificates.mine.downloadCredential", { course: c.courseTitle })}
                  </a>
                </li>
                <li>
                  <Link to={`/verify/${c.id}`}>{t("certificates.mine.verifyLink", { course: c.courseTitle })}</Link>
                </li>
              </ul>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/verify">{t("certificates.mine.verifyOther")}</Link>
      </p>
    </div>
  );
}
