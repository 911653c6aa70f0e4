// /admin/units/<id>: one unit — rename, move (never below itself), delete when empty, give or take supervisors, add
// or remove members. Each form works without JavaScript; every change is audited (app/supervision).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireRole } from "~/auth/guards.server";
import { CAN_ADMINISTER } from "~/auth/roles";
import { transaction } from "~/db.server";
import { PageQuery, parseFormData, parseParams, parseSearch, readForm, route, routeHeaders } from "~/http.server";
import { ValidationError } from "~/errors";
import { RandomId } from "~/ids";
import { pageTitle } from "~/i18n/page-title.server";
import {
  AddMembersForm,
  AddSupervisorForm,
  DeleteUnitForm,
  MoveUnitForm,
  RemoveMemberForm,
  RemoveSupervisorForm,
  RenameUnitForm,
} from "~/supervision/forms";
import { addMembersByEmail, giveUnitToSupervisor, unitPeople } from "~/supervision/unit-admin.server";
import { allUnits, deleteUnit, moveUnit, removeMember, removeSupervisor, renameUnit, requireUnitInScope, subtreeUnitIds } from "~/supervision/units.server";
import { fieldErrorOf, FormError, formErrorOf, typedValueOf, useMessage } from "~/ui/form";
import { useFormatters } from "~/ui/formatters";
import { titleMeta } from "~/ui/meta";
import { Pagination } from "~/ui/pagination";
import { supervisionTransaction } from "~/supervision/compliance-snapshot.server";

export const meta = titleMeta;
export const headers = routeHeaders;

const Params = z.object({ unitId: RandomId });

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  const admin = await requireRole(request, CAN_ADMINISTER);
  const { unitId } = parseParams(params, Params);
  const unit = await requireUnitInScope(undefined, admin, unitId);
  const { page } = parseSearch(request, PageQuery);
  // A unit cannot move below itself: its own subtree is left out of the choices.
  const below = new Set(await subtreeUnitIds(undefined, [unitId]));
  const parents = (await allUnits(undefined)).filter((u) => !below.has(u.id)).map((u) => ({ id: u.id, path: u.path }));
  return {
    title: await pageTitle(request, "units.unit.title", { name: unit.name }),
    unit,
    parents,
    ...(await unitPeople(unitId, page)),
  };
});

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const admin = await requireRole(request, CAN_ADMINISTER);
  const { unitId } = parseParams(params, Params);
  await requireUnitInScope(undefined, admin, unitId);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  switch (intent) {
    case "rename": {
      const { name } = parseFormData(form, RenameUnitForm);
      await supervisionTransaction((tx) => renameUnit(tx, admin.id, unitId, name));
      return { ok: true as const, intent };
    }
    case "move": {
      const { parentId } = parseFormData(form, MoveUnitForm);
      await supervisionTransaction((tx) => moveUnit(tx, admin.id, unitId, parentId));
      return { ok: true as const, intent };
    }
    case "delete": {
      parseFormData(form, DeleteUnitForm);
      await supervisionTransaction((tx) => deleteUnit(tx, admin.id, unitId));
      throw redirect("/admin/units");
    }
    case "add-supervisor": {
      const { email } = parseFormData(form, AddSupervisorForm);
      const { fullName } = await giveUnitToSupervisor(admin, unitId, email);
      return { ok: true as const, intent, name: fullName };
    }
    case "remove-supervisor": {
      const { userId } = parseFormData(form, RemoveSupervisorForm);
      await supervisionTransaction((tx) => removeSupervisor(tx, admin.id, unitId, userId));
      return { ok: true as const, intent };
    }
    case "add-members": {
      const { emails } = parseFormData(form, AddMembersForm);
      const counts = await addMembersByEmail(admin, unitId, emails);
      return { ok: true as const, intent, ...counts };
    }
    case "remove-member": {
      const { userId } = parseFormData(form, RemoveMemberForm);
      await supervisionTransaction((tx) => removeMember(tx, admin.id, unitId, userId));
      return { ok: true as const, intent };
    }
    default:
      // An unknown intent is a malformed form: 400 like any other refused field.
      throw new ValidationError({ intent: { key: "errors.invalid" } });
  }
});

export default function AdminUnit() {
  const { t } = useTranslation();
  const show = useMessage();
  const { date } = useFormatters();
  const { unit, parents, supervisors, members } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const done = result && "ok" in result && result.ok ? result : undefined;
  const refusedIntent = typedValueOf(result, "intent");
  const errorFor = (intent: string, field: string) => (refusedIntent === intent ? show(fieldErrorOf(result, field)) : undefined);
  const typed = (intent: string, field: string) => (refusedIntent === intent ? typedValueOf(result, field) : undefined);

  const FieldMessage = ({ id, text }: { id: string; text?: string }) =>
    text ? (
      <span className="error" id={id}>
        {text}
      </span>
    ) : null;

  const renameError = errorFor("rename", "name");
  const moveError = errorFor("move", "parentId");
  const supervisorError = errorFor("add-supervisor", "email");
  const membersError = errorFor("add-members", "emails");
  const deleteError = refusedIntent === "delete" ? show(formErrorOf(result)) : undefined;

  return (
    <div>
      <p>
        <Link to="/admin/units">{t("units.unit.back")}</Link>
      </p>
      <h1>{t("units.unit.title", { name: unit.name })}</h1>
      <p>{t("units.unit.path", { path: unit.path })}</p>
      {done ? (
        <p className="notice" role="status">
          {t(`units.unit.done.${done.intent}`, "added" in done ? { added: done.added, already: done.already } : "name" in done ? { name: done.name } : {})}
        </p>
      ) : null}
      {result && !done && !deleteError ? <FormError message={formErrorOf(result)} /> : null}

      <section aria-labelledby="rename-heading">
        <h2 id="rename-heading">{t("units.rename.heading")}</h2>
        <Form method="post" className="stack" key={`rename-${unit.name}`}>
          <input type="hidden" name="intent" value="rename" />
          <div className="field">
            <label htmlFor="unit-name">{t("units.fields.name")}</label>
            <span className="hint" id="unit-name-hint">
              {t("units.fields.nameHint")}
            </span>
            <input
              id="unit-name"
              name="name"
              required
              maxLength={120}
              defaultValue={typed("rename", "name") ?? unit.name}
              aria-invalid={renameError ? true : undefined}
              aria-describedby={renameError ? "unit-name-hint unit-name-error" : "unit-name-hint"}
            />
            <FieldMessage id="unit-name-error" text={renameError} />
          </div>
          <div>
            <button type="submit">{t("units.rename.submit")}</button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="move-heading">
        <h2 id="move-heading">{t("units.move.heading")}</h2>
        <Form method="post" className="stack" key={`move-${unit.parentId ?? ""}`}>
          <input type="hidden" name="intent" value="move" />
          <div className="field">
            <label htmlFor="unit-parent">{t("units.fields.parent")}</label>
            <select
              id="unit-parent"
              name="parentId"
              defaultValue={unit.parentId ?? ""}
              aria-invalid={moveError ? true : undefined}
              aria-describedby={moveError ? "unit-parent-error" : undefined}
            >
              <option value="">{t("units.fields.topLevel")}</option>
              {parents.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.path}
                </option>
              ))}
            </select>
            <FieldMessage id="unit-parent-error" text={moveError} />
          </div>
          <div>
            <button type="submit">{t("units.move.submit")}</button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="supervisors-heading">
        <h2 id="supervisors-heading">{t("units.supervisors.heading")}</h2>
        <p>{t("units.supervisors.intro")}</p>
        {supervisors.length === 0 ? (
          <p>{t("units.supervisors.none")}</p>
        ) : (
          <ul>
            {supervisors.map((s) => (
              <li key={s.userId}>
                <Form method="post" className="inline-form">
                  {s.fullName} ({s.email}) <input type="hidden" name="intent" value="remove-supervisor" />
                  <input type="hidden" name="userId" value={s.userId} />
                  <button type="submit" className="secondary" aria-label={t("units.supervisors.removeLabel", { name: s.fullName })}>
                    {t("units.supervisors.remove")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <Form method="post" className="stack" key={done?.intent === "add-supervisor" ? `sup-${supervisors.length}` : "sup"}>
          <input type="hidden" name="intent" value="add-supervisor" />
          <div className="field">
            <label htmlFor="supervisor-email">{t("units.supervisors.email")}</label>
            <input
              id="supervisor-email"
              name="email"
              type="email"
              required
              autoComplete="off"
              defaultValue={typed("add-supervisor", "email")}
              aria-invalid={supervisorError ? true : undefined}
              aria-describedby={supervisorError ? "supervisor-email-error" : undefined}
            />
            <FieldMessage id="supervisor-email-error" text={supervisorError} />
          </div>
          <div>
            <button type="submit">{t("units.supervisors.add")}</button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t("units.members.heading")}</h2>
        <p>{t("units.members.total", { count: members.total })}</p>
        {members.rows.length === 0 ? (
          <p>{t("units.members.none")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("units.members.name")}</th>
                  <th scope="col">{t("units.members.joined")}</th>
                  <th scope="col">{t("units.members.action")}</th>
                </tr>
              </thead>
              <tbody>
                {members.rows.map((m) => (
                  <tr key={m.userId}>
                    <td>
                      {m.fullName}
                      <br />
                      {m.email}
                    </td>
                    <td>{date(m.joinedAt)}</td>
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="remove-member" />
                        <input type="hidden" name="userId" value={m.userId} />
                        <button type="submit" className="secondary" aria-label={t("units.members.removeLabel", { name: m.fullName })}>
                          {t("units.members.remove")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={members.page} pageCount={members.pageCount} query={{}} />
        <Form method="post" className="stack" key={done?.intent === "add-members" ? `members-${members.total}` : "members"}>
          <input type="hidden" name="intent" value="add-members" />
          <div className="field">
            <label htmlFor="member-emails">{t("units.members.emails")}</label>
            <span className="hint" id="member-emails-hint">
              {t("units.members.emailsHint")}
            </span>
            <textarea
              id="member-emails"
              name="emails"
              rows={4}
              required
              spellCheck={false}
              autoComplete="off"
              defaultValue={typed("add-members", "emails")}
              aria-invalid={membersError ? true : undefined}
              aria-describedby={membersError ? "member-emails-hint member-emails-error" : "member-emails-hint"}
            />
            <FieldMessage id="member-emails-error" text={membersError} />
          </div>
          <div>
            <button type="submit">{t("units.members.add")}</button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="delete-heading">
        <h2 id="delete-heading">{t("units.delete.heading")}</h2>
        <p>{t("units.delete.intro")}</p>
        {deleteError ? (
          <p className="form-error" role="alert">
            {deleteError}
          </p>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <button type="submit" className="secondary">
            {t("units.delete.submit")}
          </button>
        </Form>
      </section>
    </div>
  );
}
