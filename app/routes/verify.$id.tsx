// /verify/<id>: the public verification page the QR code leads to. The id is random, so nothing here is enumerable;
// an unknown id is a 404 that says so.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Link, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormatters } from "~/ui/formatters";
import { publicCertificate } from "~/certificates/certificates.server";
import { CertificateParams } from "~/certificates/params";
import { parseParams, route, routeHeaders } from "~/http.server";
import { getFixedT } from "~/i18n/i18next.server";

export const meta = ({ data }: { data?: { title: string } }) => [{ title: data?.title ?? "Lexmigra" }];

export const headers = routeHeaders;

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  const { id } = parseParams(params, CertificateParams);
  const certificate = await publicCertificate(id);
  const t = await getFixedT(request);
  return {
    title: t("meta.title", { page: t("verify.certificate.title") }),
    certificate,
  };
});

const BADGE = { valid: "badge badge--ok", expired: "badge badge--warn", revoked: "badge badge--danger" } as const;

export default function VerifyCertificate() {
  const { t } = useTranslation();
  const { certificate: c } = useLoaderData<typeof loader>();
  const { certificateDate: date, number, percent } = useFormatters();
  return (
    <div className="page page--narrow">
      <h1>{t("verify.certificate.title")}</h1>
      <section aria-labelledby="verdict" className="card">
        <h2 id="verdict">
          <span className={BADGE[c.state]}>{t(`certificates.state.${c.state}`)}</span>
        </h2>
        <p role="status">
          {c.state === "valid"
            ? t("verify.certificate.validText")
            : c.state === "expired"
              ? t("verify.certificate.expiredText", { date: date(c.validUntil ?? 0) })
              : t("verify.certificate.revokedText", { date: date(c.revokedAt ?? 0) })}
        </p>
        {c.state === "revoked" && c.revocationReason ? (
          <p>
            <strong>{t("verify.certificate.reason")}</strong> {c.revocationReason}
          </p>
        ) : null}
      </section>
      <dl>
        <dt>{t("certificates.fields.holder")}</dt>
        <dd>{c.holderName}</dd>
        <dt>{t("certificates.fields.course")}</dt>
        <dd>
          {c.courseTitle} ({t("certificates.fields.versionLabel", { version: c.courseVersion })})
        </dd>
        <dt>{t("certificates.fields.completedOn")}</dt>
        <dd>{date(c.completedAt)}</dd>
        <dt>{t("certificates.fields.hours")}</dt>
        <dd>{number(c.hours)}</dd>
        <dt>{t("certificates.fields.credits")}</dt>
        <dd>{c.credits === null ? t("certificates.fields.noCredits") : number(c.credits)}</dd>
        {c.averagePercent !== null ? (
          <>
            <dt>{t("certificates.fields.average")}</dt>
            <dd>{percent(c.averagePercent)}</dd>
          </>
        ) : null}
        <dt>{t("certificates.fields.validUntil")}</dt>
        <dd>{c.validUntil === null ? t("certificates.fields.noExpiry") : date(c.validUntil)}</dd>
        <dt>{t("certificates.fields.id")}</dt>
        <dd>
          <code>{c.id}</code>
        </dd>
      </dl>
      <p>
        <a href={`/credentials/${c.id}`}>{t("verify.certificate.credentialLink")}</a>
      </p>
      <p>
        <Link to="/verify">{t("verify.certificate.checkFile")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const isNotFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <div className="page page--narrow">
      <h1>{isNotFound ? t("verify.notFound.title") : t("errors.title")}</h1>
      <p>{isNotFound ? t("verify.notFound.message") : t("errors.unexpected")}</p>
      <p>
        <Link to="/verify">{t("verify.certificate.checkFile")}</Link>
      </p>
    </div>
  );
}
