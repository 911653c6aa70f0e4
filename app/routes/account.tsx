import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { changePassword, PasswordChangeForm } from "~/auth/accounts.server";
import { requireSession, requireUser } from "~/auth/guards.server";
import { blankSessionCookie, invalidateUserSessions } from "~/auth/session.server";
import { parseFormData, withDomainErrors } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { Field, FormError, formFailure } from "~/ui/form";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { title: await pageTitle(request, "account.title"), user };
}

export async function action({ request }: ActionFunctionArgs) {
  const { sessionId, user } = await requireSession(request);
  const form = await request.formData();
  if (form.get("intent") === "logout-all") {
    await invalidateUserSessions(user.id);
    return redirect("/login", { headers: { "Set-Cookie": blankSessionCookie() } });
  }
  return withDomainErrors(async () => {
    await changePassword(user.id, parseFormData(form, PasswordChangeForm), sessionId);
    return redirect("/account?passwordChanged=1");
  });
}

export default function Account() {
  const { t } = useTranslation();
  const failure = formFailure(useActionData<typeof action>());
  const [params] = useSearchParams();
  return (
    <div className="page page--narrow">
      <h1>{t("account.title")}</h1>
      <AccountDetails />
      <h2 id="password-heading">{t("account.changePassword")}</h2>
      {params.get("passwordChanged") ? (
        <p className="notice" role="status">
          {t("account.passwordChanged")}
        </p>
      ) : null}
      <Form method="post" className="stack" aria-labelledby="password-heading" noValidate>
        <FormError failure={failure} />
        <Field name="currentPassword" type="password" label={t("account.currentPassword")} autoComplete="current-password" failure={failure} required />
        <Field
          name="newPassword"
          type="password"
          label={t("account.newPassword")}
          hint={t("register.passwordHint")}
          autoComplete="new-password"
          failure={failure}
          required
        />
        <div>
          <button type="submit" name="intent" value="change-password">
            {t("account.submitPassword")}
          </button>
        </div>
      </Form>
      <h2>{t("account.sessions")}</h2>
      <p>{t("account.sessionsHelp")}</p>
      <Form method="post">
        <button type="submit" name="intent" value="logout-all" className="danger">
          {t("account.logoutAll")}
        </button>
      </Form>
    </div>
  );
}

function AccountDetails() {
  const { t } = useTranslation();
  const { user } = useLoaderData<typeof loader>();
  return (
    <dl>
      <dt>{t("account.name")}</dt>
      <dd>{user.fullName}</dd>
      <dt>{t("account.email")}</dt>
      <dd>{user.email}</dd>
      <dt>{t("account.organisation")}</dt>
      <dd>{user.organisation}</dd>
      <dt>{t("account.profile")}</dt>
      <dd>{t(`profiles.${user.profile}`)}</dd>
      <dt>{t("account.role")}</dt>
      <dd>{t(`roles.${user.role}`)}</dd>
    </dl>
  );
}
