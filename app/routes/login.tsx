import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { authenticate, LoginForm } from "~/auth/accounts.server";
import { getSession, safeRedirect } from "~/auth/guards.server";
import { createSession, invalidateSession, sessionCookie } from "~/auth/session.server";
import { echoValues, parseFormData, withDomainErrors } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { Field, FormError, formFailure } from "~/ui/form";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSession(request)) throw redirect("/dashboard");
  return { title: await pageTitle(request, "login.title") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  return withDomainErrors(async () => {
    const credentials = parseFormData(form, LoginForm);
    const { userId } = await authenticate(credentials, context.clientIp);
    // A fresh session on every login, so a session id planted before login is worth nothing after it.
    const previous = await getSession(request);
    if (previous) await invalidateSession(previous.sessionId);
    const { token } = await createSession(userId);
    return redirect(safeRedirect(form.get("redirectTo")), { headers: { "Set-Cookie": sessionCookie(token) } });
  }, echoValues(form));
}

export default function Login() {
  const { t } = useTranslation();
  const failure = formFailure(useActionData<typeof action>());
  const [params] = useSearchParams();
  return (
    <div className="page page--narrow">
      <h1>{t("login.title")}</h1>
      <Form method="post" className="stack" noValidate aria-describedby={failure ? "form-error" : undefined}>
        <FormError failure={failure} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/dashboard"} />
        <Field name="email" type="email" label={t("login.email")} autoComplete="username" failure={failure} required />
        <Field name="password" type="password" label={t("login.password")} autoComplete="current-password" failure={failure} required />
        <div>
          <button type="submit">{t("login.submit")}</button>
        </div>
      </Form>
      <p>
        {t("login.noAccount")} <Link to="/register">{t("login.register")}</Link>
      </p>
    </div>
  );
}
