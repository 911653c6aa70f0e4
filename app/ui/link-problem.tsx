// The one page for a one-time link that cannot be used (used, expired, unknown), with the way to a new one.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function LinkProblemView({ problem, purpose }: { problem: "used" | "expired" | "unknown"; purpose: "password-reset" | "invitation" | "email-verification" }) {
  const { t } = useTranslation();
  return (
    <div className="page page--narrow">
      <h1>{t("access.link.title")}</h1>
      <p>{t(`access.link.${problem}`)}</p>
      {purpose === "email-verification" ? (
        <>
          <p>{t("access.link.askVerify")}</p>
          <p>
            <Link to="/account">{t("access.link.login")}</Link>
          </p>
        </>
      ) : (
        <>
          {purpose === "invitation" ? <p>{t("access.link.askInvitation")}</p> : null}
          <p>
            <Link to="/forgot-password">{t("access.link.askReset")}</Link>
          </p>
        </>
      )}
    </div>
  );
}

/** The problem a link page's loader or action reported (see app/auth/link-pages.server.ts), if any. */
export function linkProblemOf(value: unknown): "used" | "expired" | "unknown" | undefined {
  return value && typeof value === "object" && "linkProblem" in value ? (value as { linkProblem: "used" | "expired" | "unknown" }).linkProblem : undefined;
}
