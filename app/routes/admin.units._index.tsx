// /admin/units: the organisation tree, creating a unit, and the membership requests supervisors' imports left for
// an admin (ADR 0024).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRole } from "~/auth/guards.server";
import { CAN_ADMINISTER } from "~/auth/roles";
import { parseFormData, readForm, route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { transaction } from "~/db.server";
import { CreateUnitForm, SettleRequestForm } from "~/supervision/forms";
import { flattenTree } from "~/supervision/tree";
import { membershipRequestsWithNames, settleRequest } from "~/supervision/unit-admin.server";
import { UnitTreeView } from "~/supervision/unit-tree-view";
import { createUnit, unitTree } from "~/supervision/units.server";
import { Field, FormError, formErrorOf, useSchemaForm } from "~/ui/form";
import { useFormatters } from "~/ui/formatters";
import { titleMeta } from "~/ui/meta";
import { supervisionTransaction } from "~/supervision/compliance-snapshot.server";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  await requireRole(request, CAN_ADMINISTER);
  const tree = await unitTree(undefined, "all");
  return {
    title: await pageTitle(request, "units.admin.title"),
    tree,
    choices: flattenTree(tree).map((n) => ({ id: n.id, path: n.path })),
    requests: await membershipRequestsWithNames(),
  };
});

export const action = route(async ({ request }: ActionFunctionArgs) => {
  const admin = await requireRole(request, CAN_ADMINISTER);
  const form = await readForm(request);
  if (form.get("intent") === "create") {
    const input = parseFormData(form, CreateUnitForm);
    await supervisionTransaction((tx) => createUnit(tx, admin.id, { name: input.name, parentId: input.parentId }));
    return { ok: true as const, intent: "create" as const, name: input.name };
  }
  const settle = parseFormData(form, SettleRequestForm);
  await settleRequest(admin, settle.unitId, settle.userId, settle.intent === "approve-request");
  return { ok: true as const, intent: settle.intent };
});

export default function AdminUnits() {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const { tree, choices, requests } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const done = result && "ok" in result && result.ok ? result : undefined;
  const isCreate = !done && formErrorOf(result) && (result as { initialValue?: { intent?: string } })?.initialValue?.intent === "create";
  const [form, fields] = useSchemaForm(CreateUnitForm, {
    lastResult: isCreate ? result : undefined,
    id: done?.intent === "create" ? `create-${done.name}` : "create-unit",
  });
  return (
    <div>
      <h1>{t("units.admin.title")}</h1>
      <p>{t("units.admin.intro")}</p>
      {done ? (
        <p className="notice" role="status">
          {done.intent === "create" ? t("units.admin.created", { name: done.name }) : t(`units.requests.${done.intent}`)}
        </p>
      ) : null}
      {!isCreate ? <FormError message={formErrorOf(result)} /> : null}

      <section aria-labelledby="tree-heading">
        <h2 id="tree-heading">{t("units.tree.heading")}</h2>
        {tree.length === 0 ? (
          <p>{t("units.tree.empty")}</p>
        ) : (
          <UnitTreeView nodes={tree} label={t("units.tree.heading")} linkTo={(id) => `/admin/units/${id}`} />
        )}
      </section>

      <section aria-labelledby="create-heading">
        <h2 id="create-heading">{t("units.create.heading")}</h2>
        <Form method="post" className="stack" {...getFormProps(form)} key={form.id}>
          <FormError form={form} />
          <input type="hidden" name="intent" value="create" />
          <Field field={fields.name} label={t("units.fields.name")} hint={t("units.fields.nameHint")} required />
          <Field field={fields.parentId} label={t("units.fields.parent")}>
            {(props) => (
              <select {...props}>
                <option value="">{t("units.fields.topLevel")}</option>
                {choices.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.path}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div>
            <button type="submit">{t("units.create.submit")}</button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="requests-heading">
        <h2 id="requests-heading">{t("units.requests.heading")}</h2>
        <p>{t("units.requests.intro")}</p>
        {requests.length === 0 ? (
          <p>{t("units.requests.none")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("units.requests.person")}</th>
                  <th scope="col">{t("units.requests.unit")}</th>
                  <th scope="col">{t("units.requests.by")}</th>
                  <th scope="col">{t("units.requests.decision")}</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((r) => (
                  <tr key={`${r.unitId}-${r.userId}`}>
                    <td>
                      {r.person}
                      <br />
                      {r.email}
                    </td>
                    <td>{r.unitPath}</td>
                    <td>
                      {r.requestedByName}
                      <br />
                      {dateTime(r.requestedAt)}
                    </td>
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="unitId" value={r.unitId} />
                        <input type="hidden" name="userId" value={r.userId} />
                        <button type="submit" name="intent" value="approve-request" aria-label={t("units.requests.approveLabel", { name: r.person, unit: r.unitPath })}>
                          {t("units.requests.approve")}
                        </button>{" "}
                        <button
                          type="submit"
                          name="intent"
                          value="dismiss-request"
                          className="secondary"
                          aria-label={t("units.requests.dismissLabel", { name: r.person, unit: r.unitPath })}
                        >
                          {t("units.requests.dismiss")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
