// Assigning a course, or some of its modules, to a unit in scope or to people in scope, with a due rule and a
// recurrence (issue 14). A plain form: every choice is visible without JavaScript; the capability checks the rest.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireRole } from "~/auth/guards.server";
import { CAN_FOLLOW_LEARNERS } from "~/auth/roles";
import { parseForm, route, routeHeaders } from "~/http.server";
import { getLocale } from "~/i18n/i18next.server";
import { pageTitle } from "~/i18n/page-title.server";
import { endOfDay, type DueRule, type Recurrence } from "~/supervision/assignment-rules";
import { assignFormOptions, createAssignment } from "~/supervision/assignments.server";
import { fieldErrorOf, FormError, formErrorOf, typedValueOf, useMessage } from "~/ui/form";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

const text = (max: number) => z.string().max(max).optional().default("");
const AssignForm = z.object({
  course: text(64),
  modules: z.union([z.string().max(200), z.array(z.string().max(200)).max(200)]).optional(),
  target: z.enum(["unit", "people"], { message: "compliance.errors.target" }),
  unit: text(64),
  emails: text(64 * 1024),
  dueKind: z.enum(["date", "after-joining", "after-assigned"], { message: "compliance.errors.dueKind" }),
  dueDate: text(10),
  dueDays: text(6),
  recurrence: z.enum(["none", "months", "certificate-expiry"]).optional().default("none"),
  recurrenceMonths: text(4),
});

const wholeNumber = (value: string) => (/^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : NaN);

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireRole(request, CAN_FOLLOW_LEARNERS);
  return { title: await pageTitle(request, "compliance.assign.title"), ...(await assignFormOptions(user, await getLocale(request))) };
});

export const action = route(async ({ request }: ActionFunctionArgs) => {
  const user = await requireRole(request, CAN_FOLLOW_LEARNERS);
  const form = await parseForm(request, AssignForm);
  const chosen = (typeof form.modules === "string" ? [form.modules] : (form.modules ?? []))
    .filter((value) => value.startsWith(`${form.course}/`))
    .map((value) => value.slice(form.course.length + 1));
  const dueRule: DueRule =
    form.dueKind === "date" ? { kind: "date", at: endOfDay(form.dueDate) } : { kind: form.dueKind, days: wholeNumber(form.dueDays) };
  const recurrence: Recurrence =
    form.recurrence === "months" ? { kind: "months", months: wholeNumber(form.recurrenceMonths) } : { kind: form.recurrence };
  const result = await createAssignment(user, {
    courseSlug: form.course,
    moduleIds: chosen,
    target: form.target === "unit" ? { kind: "unit", unitId: form.unit } : { kind: "people", emails: form.emails },
    dueRule,
    recurrence,
  });
  const first = result.ids[0];
  return redirect(result.ids.length === 1 ? `/supervise/assignments/${first}?created=${result.reached}` : `/supervise?course=${encodeURIComponent(form.course)}`);
});

export default function Assign() {
  const { t } = useTranslation();
  const message = useMessage();
  const { courses, units } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const typed = (name: string) => typedValueOf(result, name);
  const error = (name: string) => {
    const m = fieldErrorOf(result, name);
    return m ? (
      <p className="error" id={`${name}-error`}>
        {message(m)}
      </p>
    ) : null;
  };
  const described = (name: string) => (fieldErrorOf(result, name) ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
  return (
    <div>
      <h1>{t("compliance.assign.title")}</h1>
      <p>
        <Link to="/supervise">{t("compliance.backToDashboard")}</Link>
      </p>
      <Form method="post" className="stack">
        <FormError message={formErrorOf(result)} />
        <div className="field">
          <label htmlFor="course">{t("compliance.assign.course")}</label>
          <select id="course" name="course" required defaultValue={typed("course") ?? ""} {...described("course")}>
            <option value="">{t("compliance.assign.chooseCourse")}</option>
            {courses.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.title}
              </option>
            ))}
          </select>
          {error("course")}
        </div>

        <fieldset>
          <legend>{t("compliance.assign.modules")}</legend>
          <p className="hint">{t("compliance.assign.modulesHint")}</p>
          {courses.map((c) => (
            <fieldset key={c.slug}>
              <legend>{c.title}</legend>
              {c.modules.map((m) => (
                <div key={m.id}>
                  <input type="checkbox" id={`module-${c.slug}-${m.id}`} name="modules" value={`${c.slug}/${m.id}`} />{" "}
                  <label htmlFor={`module-${c.slug}-${m.id}`}>{m.title}</label>
                </div>
              ))}
            </fieldset>
          ))}
          {error("modules")}
        </fieldset>

        <fieldset>
          <legend>{t("compliance.assign.target")}</legend>
          <div>
            <input type="radio" id="target-unit" name="target" value="unit" defaultChecked={(typed("target") ?? "unit") === "unit"} />{" "}
            <label htmlFor="target-unit">{t("compliance.assign.toUnit")}</label>
          </div>
          <div className="field">
            <label htmlFor="unit">{t("compliance.assign.unit")}</label>
            <select id="unit" name="unit" defaultValue={typed("unit") ?? ""} {...described("unit")}>
              <option value="">{t("compliance.assign.chooseUnit")}</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.path}
                </option>
              ))}
            </select>
            <p className="hint">{t("compliance.assign.unitHint")}</p>
            {error("unit")}
          </div>
          <div>
            <input type="radio" id="target-people" name="target" value="people" defaultChecked={typed("target") === "people"} />{" "}
            <label htmlFor="target-people">{t("compliance.assign.toPeople")}</label>
          </div>
          <div className="field">
            <label htmlFor="emails">{t("compliance.assign.emails")}</label>
            <textarea id="emails" name="emails" rows={5} autoComplete="off" spellCheck={false} defaultValue={typed("emails") ?? ""} {...described("emails")} />
            <p className="hint">{t("compliance.assign.emailsHint")}</p>
            {error("emails")}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t("compliance.assign.due")}</legend>
          <div>
            <input type="radio" id="due-date" name="dueKind" value="date" defaultChecked={(typed("dueKind") ?? "date") === "date"} />{" "}
            <label htmlFor="due-date">{t("compliance.assign.dueOn")}</label>{" "}
            <label htmlFor="dueDate" className="visually-hidden">
              {t("compliance.assign.dueDate")}
            </label>
            <input id="dueDate" type="date" name="dueDate" defaultValue={typed("dueDate") ?? ""} {...described("dueDate")} />
            {error("dueDate")}
          </div>
          <div>
            <label htmlFor="dueDays">{t("compliance.assign.dueDays")}</label>{" "}
            <input id="dueDays" type="number" name="dueDays" min={0} max={3650} inputMode="numeric" defaultValue={typed("dueDays") ?? "30"} {...described("dueDays")} />
            {error("dueDays")}
          </div>
          <div>
            <input type="radio" id="due-after-assigned" name="dueKind" value="after-assigned" defaultChecked={typed("dueKind") === "after-assigned"} />{" "}
            <label htmlFor="due-after-assigned">{t("compliance.assign.afterAssigned")}</label>
          </div>
          <div>
            <input type="radio" id="due-after-joining" name="dueKind" value="after-joining" defaultChecked={typed("dueKind") === "after-joining"} />{" "}
            <label htmlFor="due-after-joining">{t("compliance.assign.afterJoining")}</label>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t("compliance.assign.recurrence")}</legend>
          {(["none", "months", "certificate-expiry"] as const).map((kind) => (
            <div key={kind}>
              <input type="radio" id={`recurrence-${kind}`} name="recurrence" value={kind} defaultChecked={(typed("recurrence") ?? "none") === kind} />{" "}
              <label htmlFor={`recurrence-${kind}`}>{t(`compliance.recurrence.${kind}`)}</label>
            </div>
          ))}
          <div className="field">
            <label htmlFor="recurrenceMonths">{t("compliance.assign.recurrenceMonths")}</label>
            <input id="recurrenceMonths" type="number" name="recurrenceMonths" min={1} max={120} inputMode="numeric" defaultValue={typed("recurrenceMonths") ?? "12"} {...described("recurrenceMonths")} />
            {error("recurrenceMonths")}
          </div>
          {error("recurrence")}
        </fieldset>

        <div>
          <button type="submit">{t("compliance.assign.submit")}</button>
        </div>
      </Form>
    </div>
  );
}
