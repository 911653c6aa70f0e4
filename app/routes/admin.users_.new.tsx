// /admin/users/new: an admin creates an account; the person gets an invitation to choose a password (ADR 0030).
// With no SMTP server configured the invitation link is shown here, for the admin to pass on.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createAccount } from "~/auth/account-admin.server";
import { AccountForm } from "~/auth/forms";
import { requireRole } from "~/auth/guards.server";
import { CAN_ADMINISTER } from "~/auth/roles";
import { env } from "~/env.server";
import { parseForm, route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { AccountFields } from "~/ui/account-fields";
import { FormError, useSchemaForm } from "~/ui/form";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  await requireRole(request, CAN_ADMINISTER);
  return { title: await pageTitle(request, "access.admin.newTitle") };
});

export const action = route(async ({ request }: ActionFunctionArgs) => {
  const admin = await requireRole(request, CAN_ADMINISTER);
  const fields = await parseForm(request, AccountForm);
  const { userId, url } = await createAccount(admin.id, fields);
  // The link is the admin's to pass on only when no mail will carry it.
  return { created: { userId, fullName: fields.fullName, email: fields.email, link: env.SMTP_URL ? null : url } };
});

export default function NewAccount() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const created = result && "created" in result ? result.created : undefined;
  const [form, fields] = useSchemaForm(AccountForm, { lastResult: created ? undefined : result, id: "new-account", defaultValue: { preferredLanguage: "en", profile: "border-official" } });
  return (
    <div className="page page--narrow">
      <h1>{t("access.admin.newTitle")}</h1>
      {created ? (
        <div className="notice" role="status">
          <p>
            {t("access.admin.created", { name: created.fullName, email: created.email })}{" "}
            <Link to={`/admin/users/${created.userId}`}>{t("access.admin.editTitle", { name: created.fullName })}</Link>
          </p>
          {created.link ? (
            <p>
              {t("access.admin.linkToPass", { name: created.fullName })} <code className="link-to-pass">{created.link}</code>
            </p>
          ) : null}
        </div>
      ) : null}
      <p>{t("access.admin.newIntro")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormError form={form} />
        <AccountFields fields={fields} />
        <div>
          <button type="submit">{t("access.admin.submitCreate")}</button>
        </div>
      </Form>
      <p>
        <Link to="/admin/users">{t("access.admin.back")}</Link>
      </p>
    </div>
  );
}
