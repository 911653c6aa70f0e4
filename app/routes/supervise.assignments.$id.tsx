// One assignment: what was assigned to whom, the due rule, and each person's status; a supervisor changes the due
// date, grants one person an extension with a reason, or cancels the assignment. Everything is scoped: an assignment
// outside the actor's units is a 404, as is an unknown id.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireRole } from "~/auth/guards.server";
import { CAN_FOLLOW_LEARNERS } from "~/auth/roles";
import { parseForm, parseParams, route, routeHeaders } from "~/http.server";
import { RandomId } from "~/ids";
import { getLocale } from "~/i18n/i18next.server";
import { pageTitle } from "~/i18n/page-title.server";
import { endOfDay, type DueRule } from "~/supervision/assignment-rules";
import { assignmentDetail, cancelAssignment, changeDueRule, grantExtension } from "~/supervision/assignments.server";
import { dueDay, StatusBadge } from "~/ui/compliance";
import { fieldErrorOf, FormError, formErrorOf, useMessage } from "~/ui/form";
import { useFormatters } from "~/ui/formatters";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

const Params = z.object({ id: RandomId });
const text = (max: number) => z.string().max(max).optional().default("");
const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("change-due"), dueKind: z.enum(["date", "after-joining", "after-assigned"]), dueDate: text(10), dueDays: text(6) }),
  z.object({ intent: z.literal("extend"), userId: RandomId, dueDate: text(10), reason: text(2000) }),
  z.object({ intent: z.literal("cancel"), reason: text(2000) }),
]);

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireRole(request, CAN_FOLLOW_LEARNERS);
  const { id } = parseParams(params, Params);
  const detail = await assignmentDetail(user, id, await getLocale(request));
  const created = new URL(request.url).searchParams.get("created");
  return { title: await pageTitle(request, "compliance.assignment.title"), created: created && /^\d+$/.test(created) ? Number(created) : null, ...detail };
});

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireRole(request, CAN_FOLLOW_LEARNERS);
  const { id } = parseParams(params, Params);
  const form = await parseForm(request, Intent);
  const days = (value: string) => (/^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : NaN);
  switch (form.intent) {
    case "change-due": {
      const rule: DueRule = form.dueKind === "date" ? { kind: "date", at: endOfDay(form.dueDate) } : { kind: form.dueKind, days: days(form.dueDays) };
      await changeDueRule(user, id, rule);
      return { ok: true as const, done: "dueChanged" };
    }
    case "extend":
      await grantExtension(user, id, form.userId, { dueAt: endOfDay(form.dueDate), reason: form.reason });
      return { ok: true as const, done: "extended" };
    case "cancel":
      await cancelAssignment(user, id, form.reason);
      return { ok: true as const, done: "cancelled" };
  }
});

export default function AssignmentPage() {
  const { t } = useTranslation();
  const formatters = useFormatters();
  const message = useMessage();
  const a = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const done = result && "ok" in result ? result.done : null;
  const error = (name: string) => {
    const m = fieldErrorOf(result, name);
    return m ? <p className="error">{message(m)}</p> : null;
  };
  const rule = a.dueRule;
  const isCancelled = a.cancelledAt !== null;
  return (
    <div>
      <h1>{t("compliance.assignment.heading", { course: a.courseTitle })}</h1>
      <p>
        <Link to="/supervise">{t("compliance.backToDashboard")}</Link>
      </p>
      {a.created !== null ? (
        <p className="notice" role="status">
          {t("compliance.assignment.created", { count: a.created })}
        </p>
      ) : null}
      {done ? (
        <p className="notice" role="status">
          {t(`compliance.assignment.done.${done}`)}
        </p>
      ) : null}
      <FormError message={formErrorOf(result)} />
      <dl>
        <dt>{t("compliance.assignment.what")}</dt>
        <dd>{a.modules ? t("compliance.assignment.modules", { modules: a.modules.join(", ") }) : t("compliance.assignment.wholeCourse")}</dd>
        <dt>{t("compliance.assignment.to")}</dt>
        <dd>{a.target.kind === "unit" ? t("compliance.assignment.toUnit", { unit: a.target.name }) : a.target.name}</dd>
        <dt>{t("compliance.assignment.due")}</dt>
        <dd>
          {rule.kind === "date" ? dueDay(formatters, rule.at) : t(`compliance.assignment.dueRule.${rule.kind}`, { count: rule.days })}
        </dd>
        <dt>{t("compliance.assignment.recurrence")}</dt>
        <dd>
          {a.recurrence.kind === "months" ? t("compliance.recurrence.everyMonths", { count: a.recurrence.months }) : t(`compliance.recurrence.${a.recurrence.kind}`)}
        </dd>
        <dt>{t("compliance.assignment.createdBy")}</dt>
        <dd>{t("compliance.assignment.createdByOn", { name: a.createdBy, date: formatters.date(a.createdAt) })}</dd>
        {isCancelled ? (
          <>
            <dt>{t("compliance.assignment.cancelled")}</dt>
            <dd>{t("compliance.assignment.cancelledOn", { date: formatters.date(a.cancelledAt!), reason: a.cancellationReason ?? "" })}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="people-heading">
        <h2 id="people-heading">{t("compliance.assignment.people", { count: a.people.length })}</h2>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("compliance.people.person")}</th>
                <th scope="col">{t("compliance.people.status")}</th>
                <th scope="col">{t("compliance.people.due")}</th>
                <th scope="col">{t("compliance.people.completed")}</th>
                {isCancelled ? null : <th scope="col">{t("compliance.assignment.extend")}</th>}
              </tr>
            </thead>
            <tbody>
              {a.people.map((p) => (
                <tr key={p.userId}>
                  <th scope="row">
                    {p.fullName}
                    <br />
                    <span className="meta">{p.email}</span>
                  </th>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td>
                    {dueDay(formatters, p.dueAt)}
                    {p.isExtended ? <span className="meta"> {t("compliance.people.extended")}</span> : null}
                  </td>
                  <td>{p.completedAt === null ? t("compliance.people.notCompleted") : formatters.date(p.completedAt)}</td>
                  {isCancelled ? null : (
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="extend" />
                        <input type="hidden" name="userId" value={p.userId} />
                        <label htmlFor={`extend-date-${p.userId}`}>{t("compliance.assignment.newDue", { name: p.fullName })}</label>{" "}
                        <input id={`extend-date-${p.userId}`} type="date" name="dueDate" required />{" "}
                        <label htmlFor={`extend-reason-${p.userId}`}>{t("compliance.assignment.reason")}</label>{" "}
                        <input id={`extend-reason-${p.userId}`} name="reason" required maxLength={500} />{" "}
                        <button type="submit">{t("compliance.assignment.extendSubmit")}</button>
                      </Form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {a.extensions.length > 0 ? (
        <section aria-labelledby="extensions-heading">
          <h2 id="extensions-heading">{t("compliance.assignment.extensions")}</h2>
          <ul>
            {a.extensions.map((e) => (
              <li key={e.id}>
                {t("compliance.assignment.extensionItem", { name: e.fullName, date: dueDay(formatters, e.dueAt), reason: e.reason })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {isCancelled ? null : (
        <>
          <section aria-labelledby="due-heading">
            <h2 id="due-heading">{t("compliance.assignment.changeDue")}</h2>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="change-due" />
              <fieldset>
                <legend>{t("compliance.assign.due")}</legend>
                <div>
                  <input type="radio" id="change-date" name="dueKind" value="date" defaultChecked={rule.kind === "date"} />{" "}
                  <label htmlFor="change-date">{t("compliance.assign.dueOn")}</label>{" "}
                  <label htmlFor="change-dueDate" className="visually-hidden">
                    {t("compliance.assign.dueDate")}
                  </label>
                  <input id="change-dueDate" type="date" name="dueDate" />
                  {error("dueDate")}
                </div>
                <div>
                  <label htmlFor="change-dueDays">{t("compliance.assign.dueDays")}</label>{" "}
                  <input id="change-dueDays" type="number" name="dueDays" min={0} max={3650} defaultValue={rule.kind === "date" ? "30" : String(rule.days)} />
                  {error("dueDays")}
                </div>
                <div>
                  <input type="radio" id="change-after-assigned" name="dueKind" value="after-assigned" defaultChecked={rule.kind === "after-assigned"} />{" "}
                  <label htmlFor="change-after-assigned">{t("compliance.assign.afterAssigned")}</label>
                </div>
                <div>
                  <input type="radio" id="change-after-joining" name="dueKind" value="after-joining" defaultChecked={rule.kind === "after-joining"} />{" "}
                  <label htmlFor="change-after-joining">{t("compliance.assign.afterJoining")}</label>
                </div>
              </fieldset>
              <div>
                <button type="submit">{t("compliance.assignment.changeDueSubmit")}</button>
              </div>
            </Form>
          </section>

          <section aria-labelledby="cancel-heading">
            <h2 id="cancel-heading">{t("compliance.assignment.cancel")}</h2>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="cancel" />
              <div className="field">
                <label htmlFor="cancel-reason">{t("compliance.assignment.reason")}</label>
                <textarea id="cancel-reason" name="reason" rows={2} required maxLength={500} />
                {error("reason")}
              </div>
              <div>
                <button type="submit">{t("compliance.assignment.cancelSubmit")}</button>
              </div>
            </Form>
          </section>
        </>
      )}
    </div>
  );
}
