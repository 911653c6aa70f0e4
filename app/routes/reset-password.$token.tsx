// /reset-password/<token>: choose a new password from a reset link (single use, one hour; ADR 0030).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { accountForLink, resetPassword } from "~/auth/account-recovery.server";
import { ResetPasswordForm } from "~/auth/forms";
import { orLinkProblem } from "~/auth/link-pages.server";
import { parseForm, route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { Field, FormError, useSchemaForm } from "~/ui/form";
import { LinkProblemView, linkProblemOf } from "~/ui/link-problem";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request, params }: LoaderFunctionArgs) =>
  orLinkProblem(async () => {
    const account = await accountForLink(params.token ?? "", "password-reset");
    return { title: await pageTitle(request, "access.reset.title"), email: account.email };
  }),
);

export const action = route(async ({ request, params, context }: ActionFunctionArgs) => {
  const { password } = await parseForm(request, ResetPasswordForm);
  return orLinkProblem(async () => {
    await resetPassword(params.token ?? "", password, context.clientIp);
    throw redirect("/login?passwordReset=1");
  });
});

export default function ResetPassword() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(ResetPasswordForm, { lastResult: result, id: "reset-password" });
  const problem = linkProblemOf(result) ?? linkProblemOf(page);
  if (problem || !("email" in page)) return <LinkProblemView problem={problem ?? "unknown"} purpose="password-reset" />;
  return (
    <div className="page page--narrow">
      <h1>{t("access.reset.title")}</h1>
      <p>{t("access.reset.intro", { email: page.email })}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormError form={form} />
        {/* For password managers: the account this password belongs to. */}
        <input type="email" name="username" autoComplete="username" value={page.email} readOnly hidden />
        <Field
          field={fields.password}
          type="password"
          label={t("access.reset.password")}
          hint={t("register.passwordHint")}
          autoComplete="new-password"
          required
        />
        <div>
          <button type="submit">{t("access.reset.submit")}</button>
        </div>
      </Form>
    </div>
  );
}
