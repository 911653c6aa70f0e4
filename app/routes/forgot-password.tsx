// /forgot-password: ask for a reset link. The same answer for every address, given before the lookup (ADR 0030).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestPasswordReset } from "~/auth/account-recovery.server";
import { ForgotPasswordForm } from "~/auth/forms";
import { parseForm, route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { Field, FormError, useSchemaForm } from "~/ui/form";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  return { title: await pageTitle(request, "access.forgot.title") };
});

export const action = route(async ({ request, context }: ActionFunctionArgs) => {
  const { email } = await parseForm(request, ForgotPasswordForm);
  // Not awaited: the lookup and the link happen after the answer, so neither its content nor its timing differ.
  await requestPasswordReset(email, context.clientIp);
  return { sent: true as const, email };
});

export default function ForgotPassword() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(ForgotPasswordForm, { lastResult: result, id: "forgot-password" });
  const sent = result && "sent" in result ? result : undefined;
  return (
    <div className="page page--narrow">
      <h1>{t("access.forgot.title")}</h1>
      {sent ? (
        <p className="notice" role="status">
          {t("access.forgot.sent", { email: sent.email })}
        </p>
      ) : (
        <>
          <p>{t("access.forgot.intro")}</p>
          <Form method="post" className="stack" {...getFormProps(form)}>
            <FormError form={form} />
            <Field field={fields.email} type="email" label={t("access.forgot.email")} autoComplete="username" required />
            <div>
              <button type="submit">{t("access.forgot.submit")}</button>
            </div>
          </Form>
        </>
      )}
      <p>
        <Link to="/login">{t("access.forgot.back")}</Link>
      </p>
    </div>
  );
}
