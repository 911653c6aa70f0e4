import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { emailVerifiedAt, resendVerification } from "~/auth/account-recovery.server";
import { changePassword } from "~/auth/accounts.server";
import { PasswordChangeForm } from "~/auth/forms";
import { requireSession, requireUser } from "~/auth/guards.server";
import { blankSessionCookie, invalidateUserSessions } from "~/auth/session.server";
import { parseForm, readForm, route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { remindersEnabled, setRemindersEnabled } from "~/mail/outbox.server";
import { useFormatters } from "~/ui/formatters";
import { Field, FormError, useSchemaForm } from "~/ui/form";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const [verifiedAt, reminders] = await Promise.all([emailVerifiedAt(user.id), remindersEnabled(user.id)]);
  return { title: await pageTitle(request, "account.title"), user, emailVerifiedAt: verifiedAt, remindersEnabled: reminders };
});

export const action = route(async ({ request }: ActionFunctionArgs) => {
  const { sessionId, user } = await requireSession(request);
  const intent = (await readForm(request)).get("intent");
  if (intent === "logout-all") {
    await invalidateUserSessions(user.id);
    return redirect("/login", { headers: { "Set-Cookie": await blankSessionCookie() } });
  }
  if (intent === "resend-verification") {
    await resendVerification(user.id);
    return redirect("/account?verificationSent=1");
  }
  if (intent === "reminders-on" || intent === "reminders-off") {
    await setRemindersEnabled(user.id, intent === "reminders-on");
    return redirect("/account?remindersSaved=1");
  }
  await changePassword(user.id, await parseForm(request, PasswordChangeForm), sessionId);
  return redirect("/account?passwordChanged=1");
});

export default function Account() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [form, fields] = useSchemaForm(PasswordChangeForm, { lastResult: useActionData<typeof action>(), id: "password-change" });
  return (
    <div className="page page--narrow">
      <h1>{t("account.title")}</h1>
      <AccountDetails />
      <EmailAndReminders />
      <h2 id="password-heading">{t("account.changePassword")}</h2>
      {params.get("passwordChanged") ? (
        <p className="notice" role="status">
          {t("account.passwordChanged")}
        </p>
      ) : null}
      <Form method="post" className="stack" aria-labelledby="password-heading" {...getFormProps(form)}>
        <FormError form={form} />
        <Field field={fields.currentPassword} type="password" label={t("account.currentPassword")} autoComplete="current-password" required />
        <Field
          field={fields.newPassword}
          type="password"
          label={t("account.newPassword")}
          hint={t("register.passwordHint")}
          autoComplete="new-password"
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

function EmailAndReminders() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const { user, emailVerifiedAt, remindersEnabled } = useLoaderData<typeof loader>();
  const { date } = useFormatters();
  return (
    <>
      <h2>{t("access.account.emailState")}</h2>
      {params.get("verificationSent") ? (
        <p className="notice" role="status">
          {t("access.account.resent", { email: user.email })}
        </p>
      ) : null}
      {emailVerifiedAt !== null ? (
        <p>{t("access.account.verified", { date: date(emailVerifiedAt) })}</p>
      ) : (
        <Form method="post">
          <p>{t("access.account.unverified")}</p>
          <button type="submit" name="intent" value="resend-verification" className="secondary">
            {t("access.account.resend")}
          </button>
        </Form>
      )}
      <h2>{t("access.account.reminders")}</h2>
      {params.get("remindersSaved") ? (
        <p className="notice" role="status">
          {t("access.account.remindersSaved")}
        </p>
      ) : null}
      <Form method="post">
        <p>{t(remindersEnabled ? "access.account.remindersOn" : "access.account.remindersOff")}</p>
        <button type="submit" name="intent" value={remindersEnabled ? "reminders-off" : "reminders-on"} className="secondary">
          {t(remindersEnabled ? "access.account.turnOff" : "access.account.turnOn")}
        </button>
      </Form>
    </>
  );
}
