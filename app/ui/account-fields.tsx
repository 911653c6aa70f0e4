// The account fields every account form shares: registration, accepting an invitation, and the admin's create and
// edit forms. One component per field, so the language and profile choices read the same on every form.
import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { PROFILES } from "#db/schema/account-values";
import { SUPPORTED_LANGUAGES } from "~/i18n/config";
import { Field } from "./form";

export function LanguageField({ field, label }: { field: FieldMetadata<string>; label: string }) {
  const { t } = useTranslation();
  return (
    <Field field={field} label={label}>
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
  );
}

export function ProfileField({ field, label }: { field: FieldMetadata<string>; label: string }) {
  const { t } = useTranslation();
  return (
    <Field field={field} label={label}>
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
  );
}

type Fields = Record<"fullName" | "email" | "preferredLanguage" | "profile" | "organisation", FieldMetadata<string>>;

/** The admin's account form (create and edit): name, email, language, profile, organisation. */
export function AccountFields({ fields }: { fields: Fields }) {
  const { t } = useTranslation();
  return (
    <>
      <Field field={fields.fullName} label={t("access.admin.fullName")} autoComplete="off" required />
      <Field field={fields.email} type="email" label={t("access.admin.email")} autoComplete="off" required />
      <LanguageField field={fields.preferredLanguage} label={t("access.admin.language")} />
      <ProfileField field={fields.profile} label={t("access.admin.profile")} />
      <Field field={fields.organisation} label={t("access.admin.organisation")} autoComplete="off" required />
    </>
  );
}
