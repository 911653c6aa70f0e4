// /admin/users/<id>: an admin edits an account (name, email, profile, language, organisation), deactivates or
// reactivates it, and sends a fresh invitation or reset link; every change is audited (ADR 0030). With no SMTP
// server configured the link is shown here, for the admin to pass on.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { deactivateAccount, getAccount, reactivateAccount, sendAccountLink, updateAccount } from "~/auth/account-admin.server";
import { AccountForm } from "~/auth/forms";
import { requireRole } from "~/auth/guards.server";
import { CAN_ADMINISTER } from "~/auth/roles";
import { env } from "~/env.server";
import { parseForm, parseParams, readForm, route, routeHeaders } from "~/http.server";
import { RandomId } from "~/ids";
import { pageTitle } from "~/i18n/page-title.server";
import { AccountFields } from "~/ui/account-fields";
import { FormError, formErrorOf, useMessage, useSchemaForm } from "~/ui/form";
import { useFormatters } from "~/ui/formatters";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

const Params = z.object({ userId: RandomId });

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  await requireRole(request, CAN_ADMINISTER);
  const { userId } = parseParams(params, Params);
  const account = await getAccount(userId);
  return { title: await pageTitle(request, "access.admin.editTitle", { name: account.fullName }), account };
});

const Intent = z.object({ intent: z.enum(["update", "deactivate", "reactivate", "send-invitation", "send-reset"]) });

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const admin = await requireRole(request, CAN_ADMINISTER);
  const { userId } = parseParams(params, Params);
  const { intent } = await parseForm(request, Intent);
  switch (intent) {
    case "update":
      await updateAccount(admin.id, userId, await parseForm(request, AccountForm));
      return { done: "saved" as const, link: null };
    case "deactivate":
      await deactivateAccount(admin.id, userId);
      return { done: "deactivatedDone" as const, link: null };
    case "reactivate":
      await reactivateAccount(admin.id, userId);
      return { done: "reactivatedDone" as const, link: null };
    case "send-invitation":
    case "send-reset": {
      const { url } = await sendAccountLink(admin.id, userId, intent === "send-invitation" ? "invitation" : "password-reset");
      return { done: intent === "send-invitation" ? ("invitationSent" as const) : ("resetSent" as const), link: env.SMTP_URL ? null : url };
    }
  }
});

export default function AdminAccount() {
  const { t } = useTranslation();
  const { account } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const done = result && "done" in result ? result : undefined;
  const message = useMessage();
  const { date } = useFormatters();
  const [form, fields] = useSchemaForm(AccountForm, {
    lastResult: done || readIntent(result) !== "update" ? undefined : result,
    id: "edit-account",
    defaultValue: {
      fullName: account.fullName,
      email: account.email,
      preferredLanguage: account.preferredLanguage,
      profile: account.profile,
      organisation: account.organisation,
    },
  });
  const otherError = !done && result && readIntent(result) !== "update" ? formErrorOf(result) : undefined;
  return (
    <div className="page page--narrow">
      <h1>{t("access.admin.editTitle", { name: account.fullName })}</h1>
      {done ? (
        <div className="notice" role="status">
          <p>{t(`access.admin.${done.done}`, { email: account.email })}</p>
          {done.link ? (
            <p>
              {t("access.admin.linkToPass", { name: account.fullName })} <code className="link-to-pass">{done.link}</code>
            </p>
          ) : null}
        </div>
      ) : null}
      {otherError ? (
        <p className="form-error" role="alert">
          {message(otherError)}
        </p>
      ) : null}

      <h2>{t("access.admin.stateTitle")}</h2>
      <p>
        {account.deactivatedAt !== null
          ? t("access.admin.stateDeactivated", { date: date(account.deactivatedAt) })
          : account.hasPassword
            ? t("access.admin.stateActive")
            : t("access.admin.stateInvited")}{" "}
        {account.emailVerifiedAt !== null ? t("access.admin.emailVerified", { date: date(account.emailVerifiedAt) }) : t("access.admin.emailUnverified")}
      </p>
      <Form method="post">
        {account.deactivatedAt === null ? (
          <>
            <p>{t("access.admin.deactivateHelp")}</p>
            <button type="submit" name="intent" value="deactivate" className="danger">
              {t("access.admin.deactivate")}
            </button>
          </>
        ) : (
          <button type="submit" name="intent" value="reactivate">
            {t("access.admin.reactivate")}
          </button>
        )}
      </Form>

      {account.deactivatedAt === null ? (
        <>
          <h2>{t("access.admin.linksTitle")}</h2>
          <p>{t("access.admin.linksHelp")}</p>
          <Form method="post" className="actions">
            {!account.hasPassword ? (
              <button type="submit" name="intent" value="send-invitation" className="secondary">
                {t("access.admin.sendInvitation")}
              </button>
            ) : null}{" "}
            <button type="submit" name="intent" value="send-reset" className="secondary">
              {t("access.admin.sendReset")}
            </button>
          </Form>
        </>
      ) : null}

      <h2 id="details-heading">{t("access.admin.details")}</h2>
      <Form method="post" className="stack" aria-labelledby="details-heading" {...getFormProps(form)}>
        <FormError form={form} />
        <input type="hidden" name="intent" value="update" />
        <AccountFields fields={fields} />
        <div>
          <button type="submit">{t("access.admin.save")}</button>
        </div>
      </Form>
      <p>
        <Link to="/admin/users">{t("access.admin.back")}</Link>
      </p>
    </div>
  );
}

/** Which form a refused answer came from (the intent field is echoed back with what was typed). */
function readIntent(result: unknown): string | undefined {
  const values = (result as { initialValue?: Record<string, unknown> } | undefined)?.initialValue;
  return typeof values?.intent === "string" ? values.intent : undefined;
}
