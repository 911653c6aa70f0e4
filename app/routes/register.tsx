import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { registerUser, RegistrationForm } from "~/auth/accounts.server";
import { getSession } from "~/auth/guards.server";
import { createSession, sessionCookie } from "~/auth/session.server";
import { PROFILES } from "#db/schema/account-values";
import { echoValues, parseFormData, withDomainErrors } from "~/http.server";
import { SUPPORTED_LANGUAGES } from "~/i18n/config";
import { pageTitle } from "~/i18n/page-title.server";
import type { loader as rootLoader } from "~/root";
import { Field, FormError, formFailure } from "~/ui/form";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSession(request)) throw redirect("/dashboard");
  return { title: await pageTitle(request, "register.title") };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  return withDomainErrors(async () => {
    const registration = parseFormData(form, RegistrationForm);
    const { id } = await registerUser(registration);
    const { token } = await createSession(id);
    return redirect("/dashboard", { headers: { "Set-Cookie": sessionCookie(token) } });
  }, echoValues(form));
}

export default function Register() {
  const { t } = useTranslation();
  const failure = formFailure(useActionData<typeof action>());
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? "en";
  return (
    <div className="page page--narrow">
      <h1>{t("register.title")}</h1>
      <p>{t("register.intro")}</p>
      <Form method="post" className="stack" noValidate>
        <FormError failure={failure} />
        <Field name="fullName" label={t("register.fullName")} autoComplete="name" failure={failure} required />
        <Field name="email" type="email" label={t("register.email")} autoComplete="email" failure={failure} required />
        <Field
          name="password"
          type="password"
          label={t("register.password")}
          hint={t("register.passwordHint")}
          autoComplete="new-password"
          failure={failure}
          required
        />
        <Field name="preferredLanguage" label={t("register.preferredLanguage")} failure={failure} defaultValue={locale}>
          {(props) => (
            <select name="preferredLanguage" {...props}>
              {SUPPORTED_LANGUAGES.map((lng) => (
                <option key={lng} value={lng} lang={lng}>
                  {t(`languages.${lng}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="profile" label={t("register.profile")} failure={failure} defaultValue="border-official">
          {(props) => (
            <select name="profile" {...props}>
              {PROFILES.map((profile) => (
                <option key={profile} value={profile}>
                  {t(`profiles.${profile}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="organisation" label={t("register.organisation")} autoComplete="organization" failure={failure} required />
        <div>
          <button type="submit">{t("register.submit")}</button>
        </div>
      </Form>
      <p>
        {t("register.haveAccount")} <Link to="/login">{t("register.login")}</Link>
      </p>
    </div>
  );
}
