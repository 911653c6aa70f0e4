import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { authenticate } from "~/auth/accounts.server";
import { LoginForm } from "~/auth/forms";
import { getSession, safeRedirect } from "~/auth/guards.server";
import { createSession, invalidateSession, sessionCookie } from "~/auth/session.server";
import { parseForm, readForm, route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { Field, FormError, useSchemaForm } from "~/ui/form";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  if (await getSession(request)) throw redirect("/dashboard");
  return { title: await pageTitle(request, "login.title") };
});

export const action = route(async ({ request, context }: ActionFunctionArgs) => {
  const credentials = await parseForm(request, LoginForm);
  const { userId } = await authenticate(credentials, context.clientIp);
  // A fresh session on every login, so a session id planted before login is worth nothing after it.
  const previous = await getSession(request);
  if (previous) await invalidateSession(previous.sessionId);
  const { token } = await createSession(userId);
  const redirectTo = safeRedirect((await readForm(request)).get("redirectTo"));
  return redirect(redirectTo, { headers: { "Set-Cookie": await sessionCookie(token) } });
});

export default function Login() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [form, fields] = useSchemaForm(LoginForm, { lastResult: useActionData<typeof action>(), id: "login" });
  return (
    <div className="page page--narrow">
      <h1>{t("login.title")}</h1>
      {params.get("registered") ? (
        <p className="notice" role="status">
          {t("login.registered")}
        </p>
      ) : null}
      {params.get("passwordReset") ? (
        <p className="notice" role="status">
          {t("access.reset.done")}
        </p>
      ) : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormError form={form} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/dashboard"} />
        <Field field={fields.email} type="email" label={t("login.email")} autoComplete="username" required />
        <Field field={fields.password} type="password" label={t("login.password")} autoComplete="current-password" required />
        <div>
          <button type="submit">{t("login.submit")}</button>
        </div>
      </Form>
      <p>
        <Link to="/forgot-password">{t("access.forgotLink")}</Link>
      </p>
      <p>
        {t("login.noAccount")} <Link to="/register">{t("login.register")}</Link>
      </p>
    </div>
  );
}
