import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import { Form, Link, useActionData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { registerUser } from "~/auth/accounts.server";
import { RegistrationForm } from "~/auth/forms";
import { getSession } from "~/auth/guards.server";
import { parseForm, route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import type { loader as rootLoader } from "~/root";
import { Field, FormError, useSchemaForm } from "~/ui/form";
import { LanguageField, ProfileField } from "~/ui/account-fields";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  if (await getSession(request)) throw redirect("/dashboard");
  return { title: await pageTitle(request, "register.title") };
});

// The same answer whether or not the address already had an account: no session, on to the login page with a
// notice that covers both cases. Logging the new account in at once would tell the two apart.
export const action = route(async ({ request, context }: ActionFunctionArgs) => {
  const registration = await parseForm(request, RegistrationForm);
  await registerUser(registration, context.clientIp);
  return redirect("/login?registered=1");
});

export default function Register() {
  const { t } = useTranslation();
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? "en";
  const [form, fields] = useSchemaForm(RegistrationForm, {
    lastResult: useActionData<typeof action>(),
    id: "register",
    defaultValue: { preferredLanguage: locale, profile: "border-official" },
  });
  return (
    <div className="page page--narrow">
      <h1>{t("register.title")}</h1>
      <p>{t("register.intro")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormError form={form} />
        <Field field={fields.fullName} label={t("register.fullName")} autoComplete="name" required />
        <Field field={fields.email} type="email" label={t("register.email")} autoComplete="email" required />
        <Field
          field={fields.password}
          type="password"
          label={t("register.password")}
          hint={t("register.passwordHint")}
          autoComplete="new-password"
          required
        />
        <LanguageField field={fields.preferredLanguage} label={t("register.preferredLanguage")} />
        <ProfileField field={fields.profile} label={t("register.profile")} />
        <Field field={fields.organisation} label={t("register.organisation")} autoComplete="organization" required />
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
