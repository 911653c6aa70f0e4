import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { changeRole, listUsers, setReviewer } from "~/auth/accounts.server";
import { requireRole } from "~/auth/guards.server";
import { CAN_ADMINISTER, ROLES } from "~/auth/roles";
import { PageQuery, parseForm, parseSearch, route, routeHeaders } from "~/http.server";
import { RandomId } from "~/ids";
import { pageTitle } from "~/i18n/page-title.server";
import { Pagination } from "~/ui/pagination";
import { FormError, formErrorOf } from "~/ui/form";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

const RoleChange = z.object({ intent: z.literal("role").default("role"), userId: RandomId, role: z.enum(ROLES) });
// The studio's reviewer permission (ADR 0026): a checkbox, absent from the form when unticked.
const ReviewerChange = z.object({ intent: z.literal("reviewer"), userId: RandomId, isReviewer: z.literal("on").optional() });
const UserChange = z.union([ReviewerChange, RoleChange]);

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  await requireRole(request, CAN_ADMINISTER);
  const { q: query, page } = parseSearch(request, PageQuery);
  return { title: await pageTitle(request, "admin.users.title"), query, ...(await listUsers({ query, page })) };
});

export const action = route(async ({ request }: ActionFunctionArgs) => {
  const admin = await requireRole(request, CAN_ADMINISTER);
  const change = await parseForm(request, UserChange);
  if (change.intent === "reviewer") {
    await setReviewer(admin.id, change.userId, change.isReviewer === "on");
    return { ok: true as const, userId: change.userId, reviewer: change.isReviewer === "on" };
  }
  await changeRole(admin.id, change.userId, change.role);
  return { ok: true as const, userId: change.userId, role: change.role };
});

export default function AdminUsers() {
  const { t } = useTranslation();
  const { rows, total, page, pageCount, query } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formError = formErrorOf(result);
  const changed = result && "ok" in result && result.ok ? rows.find((r) => r.id === result.userId) : undefined;
  return (
    <div>
      <h1>{t("admin.users.title")}</h1>
      <p className="actions">
        <Link to="/admin/users/new">{t("access.admin.create")}</Link> · <Link to="/admin/mail">{t("access.admin.mailLink")}</Link>
      </p>
      <Form method="get" role="search" className="field">
        <label htmlFor="user-search">{t("admin.users.search")}</label>
        <div>
          <input id="user-search" type="search" name="q" defaultValue={query} />{" "}
          <button type="submit">{t("admin.users.searchSubmit")}</button>
        </div>
      </Form>
      <FormError message={formError} />
      {changed ? (
        <p className="notice" role="status">
          {"reviewer" in result!
            ? t(result.reviewer ? "studio.admin.granted" : "studio.admin.withdrawn", { name: changed.fullName })
            : t("admin.users.saved", { name: changed.fullName, role: t(`roles.${changed.role}`) })}
        </p>
      ) : null}
      <p>{t("admin.users.total", { count: total })}</p>
      {rows.length === 0 ? (
        <p>{t("admin.users.none")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("admin.users.name")}</th>
                <th scope="col">{t("admin.users.email")}</th>
                <th scope="col">{t("admin.users.organisation")}</th>
                <th scope="col">{t("access.admin.status")}</th>
                <th scope="col">{t("admin.users.role")}</th>
                <th scope="col">{t("studio.admin.reviewer")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((user) => (
                <tr key={user.id}>
                  <td>
                    <Link to={`/admin/users/${user.id}`}>{user.fullName}</Link>
                  </td>
                  <td>{user.email}</td>
                  <td>{user.organisation}</td>
                  <td>{t(user.deactivatedAt !== null ? "access.admin.deactivated" : user.invited ? "access.admin.invited" : "access.admin.active")}</td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="userId" value={user.id} />
                      <label className="visually-hidden" htmlFor={`role-${user.id}`}>
                        {t("admin.users.changeRole", { name: user.fullName })}
                      </label>
                      <select id={`role-${user.id}`} name="role" defaultValue={user.role}>
                        {ROLES.map((role) => (
                          <option key={role} value={role}>
                            {t(`roles.${role}`)}
                          </option>
                        ))}
                      </select>{" "}
                      <button type="submit" className="secondary" aria-label={`${t("admin.users.save")}: ${user.fullName}`}>
                        {t("admin.users.save")}
                      </button>
                    </Form>
                  </td>
                  <td>
                    {user.role === "trainer" ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="reviewer" />
                        <input type="hidden" name="userId" value={user.id} />
                        <input
                          type="checkbox"
                          id={`reviewer-${user.id}`}
                          name="isReviewer"
                          defaultChecked={user.isReviewer}
                        />{" "}
                        <label htmlFor={`reviewer-${user.id}`}>{t("studio.admin.reviewerLabel", { name: user.fullName })}</label>{" "}
                        <button type="submit" className="secondary" aria-label={`${t("admin.users.save")}: ${t("studio.admin.reviewer")}, ${user.fullName}`}>
                          {t("admin.users.save")}
                        </button>
                      </Form>
                    ) : user.role === "admin" ? (
                      t("studio.admin.byRole")
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} query={{ q: query }} />
    </div>
  );
}
