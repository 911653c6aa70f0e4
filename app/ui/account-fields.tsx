// The fields of an admin's account form (create and edit): name, email, language, profile, organisation.
import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { PROFILES } from "#db/schema/account-values";
import { SUPPORTED_LANGUAGES } from "~/i18n/config";
import { Field } from "./form";

type Fields = Record<"fullName" | "email" | "preferredLanguage" | "profile" | "organisation", FieldMetadata<string>>;

export function AccountFields({ fields }: { fields: Fields }) {
  const { t } = useTranslation();
  return (
    <>
      <Field field={fields.fullName} label={t("access.admin.fullName")} autoComplete="off" required />
      <Field field={fields.email} type="email" label={t("access.admin.email")} autoComplete="off" required />
      <Field field={fields.preferredLanguage} label={t("access.admin.language")}>
        {(props) => (
          <select {...props}>
            {SUPPORTED_LANGUAGES.map((lng) => (
              <option key={lng} value={lng} lang={lng}>
                {t(`languages.${lng}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field field={fields.profile} label={t("access.admin.profile")}>
        {(props) => (
          <select {...props}>
            {PROFILES.map((profile) => (
              <option key={profile} value={profile}>
                {t(`profiles.${profile}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field field={fields.organisation} label={t("access.admin.organisation")} autoComplete="off" required />
    </>
  );
}
