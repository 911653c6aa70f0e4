// /welcome/<token>: accept an invitation — confirm name and language, choose a password, and start (ADR 0030).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { acceptInvitation, accountForLink } from "~/auth/account-recovery.server";
import { WelcomeForm } from "~/auth/forms";
import { getSession } from "~/auth/guards.server";
import { orLinkProblem } from "~/auth/link-pages.server";
import { createSession, invalidateSession, sessionCookie } from "~/auth/session.server";
import { parseForm, route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { Field, FormError, useSchemaForm } from "~/ui/form";
import { LinkProblemView, linkProblemOf } from "~/ui/link-problem";
import { LanguageField } from "~/ui/account-fields";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request, params }: LoaderFunctionArgs) =>
  orLinkProblem(async () => {
    const account = await accountForLink(params.token ?? "", "invitation");
    return {
      title: await pageTitle(request, "access.welcome.title"),
      email: account.email,
      fullName: account.fullName,
      preferredLanguage: account.preferredLanguage,
    };
  }),
);

export const action = route(async ({ request, params, context }: ActionFunctionArgs) => {
  const form = await parseForm(request, WelcomeForm);
  return orLinkProblem(async () => {
    const userId = await acceptInvitation(params.token ?? "", form, context.clientIp);
    // Whoever was signed in on this browser before is signed out: the invited person starts their own session.
    const previous = await getSession(request);
    if (previous) await invalidateSession(previous.sessionId);
    const { token } = await createSession(userId);
    throw redirect("/dashboard", { headers: { "Set-Cookie": sessionCookie(token) } });
  });
});

export default function Welcome() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const invitation = "email" in page ? page : undefined;
  const [form, fields] = useSchemaForm(WelcomeForm, {
    lastResult: result,
    id: "welcome",
    defaultValue: invitation ? { fullName: invitation.fullName, preferredLanguage: invitation.preferredLanguage } : undefined,
  });
  const problem = linkProblemOf(result) ?? linkProblemOf(page);
  if (problem || !invitation) return <LinkProblemView problem={problem ?? "unknown"} purpose="invitation" />;
  return (
    <div className="page page--narrow">
      <h1>{t("access.welcome.title")}</h1>
      <p>{t("access.welcome.intro", { email: invitation.email })}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormError form={form} />
        <input type="email" name="username" autoComplete="username" value={invitation.email} readOnly hidden />
        <Field field={fields.fullName} label={t("access.welcome.fullName")} autoComplete="name" required />
        <LanguageField field={fields.preferredLanguage} label={t("access.welcome.language")} />
        <Field
          field={fields.password}
          type="password"
          label={t("access.welcome.password")}
          hint={t("register.passwordHint")}
          autoComplete="new-password"
          required
        />
        <div>
          <button type="submit">{t("access.welcome.submit")}</button>
        </div>
      </Form>
    </div>
  );
}
