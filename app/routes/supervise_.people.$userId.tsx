// /supervise/people/<id>: one person in the supervisor's units (admins: anyone) — their units, their details to
// edit, deactivation and reactivation, a fresh invitation or reset link. Outside the supervisor's units every
// loader and action answers 404, as for no person at all.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { PROFILES } from "#db/schema/account-values";
import { requireRole } from "~/auth/guards.server";
import { CAN_FOLLOW_LEARNERS } from "~/auth/roles";
import { parseFormData, parseParams, readForm, route, routeHeaders } from "~/http.server";
import { SUPPORTED_LANGUAGES } from "~/i18n/languages";
import { RandomId } from "~/ids";
import { pageTitle } from "~/i18n/page-title.server";
import { PersonActionForm, PersonForm } from "~/supervision/forms";
import { editPerson, personPage, sendPersonLink, setPersonActive } from "~/supervision/people.server";
import { requireUserInScope } from "~/supervision/units.server";
import { Field, FormError, formErrorOf, useSchemaForm } from "~/ui/form";
import { useFormatters } from "~/ui/formatters";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

const Params = z.object({ userId: RandomId });

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireRole(request, CAN_FOLLOW_LEARNERS);
  const { userId } = parseParams(params, Params);
  const page = await personPage(actor, userId);
  return { title: await pageTitle(request, "units.person.title", { name: page.person.fullName }), ...page };
});

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const actor = await requireRole(request, CAN_FOLLOW_LEARNERS);
  const { userId } = parseParams(params, Params);
  // Scope before anything about the form, so a person outside it is a 404 whatever was sent.
  await requireUserInScope(undefined, actor, userId);
  const form = await readForm(request);
  if (form.get("intent") === "update") {
    const fields = parseFormData(form, PersonForm);
    await editPerson(actor, userId, fields);
    return { ok: true as const, intent: "update" as const, url: null };
  }
  const { intent } = parseFormData(form, PersonActionForm);
  if (intent === "deactivate" || intent === "reactivate") {
    await setPersonActive(actor, userId, intent === "reactivate");
    return { ok: true as const, intent, url: null };
  }
  const { url } = await sendPersonLink(actor, userId, intent === "send-invitation" ? "invitation" : "password-reset");
  return { ok: true as const, intent, url };
});

export default function SupervisedPerson() {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const { person, units, canChange } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const done = result && "ok" in result && result.ok ? result : undefined;
  const refusedUpdate = !done && (result as { initialValue?: { intent?: string } } | undefined)?.initialValue?.intent === "update";
  const [form, fields] = useSchemaForm(PersonForm, {
    lastResult: refusedUpdate ? result : undefined,
    id: `person-${person.email}-${person.fullName}`,
    defaultValue: { fullName: person.fullName, email: person.email, profile: person.profile, preferredLanguage: person.preferredLanguage },
  });
  const active = person.deactivatedAt === null;
  return (
    <div>
      <p>
        <Link to="/supervise/people">{t("units.person.back")}</Link>
      </p>
      <h1>{t("units.person.title", { name: person.fullName })}</h1>
      {done ? (
        <div className="notice" role="status">
          <p>{t(`units.person.done.${done.intent}`)}</p>
          {done.url ? (
            <p>
              {t("units.person.done.linkShown")} <code>{done.url}</code>
            </p>
          ) : null}
        </div>
      ) : null}
      {!refusedUpdate ? <FormError message={formErrorOf(result)} /> : null}

      <dl>
        <dt>{t("units.person.status")}</dt>
        <dd>{active ? t("units.person.active") : t("units.person.deactivated", { date: date(person.deactivatedAt!) })}</dd>
        <dt>{t("units.person.password")}</dt>
        <dd>{person.hasPassword ? t("units.person.passwordSet") : t("units.person.passwordNotSet")}</dd>
        <dt>{t("units.person.role")}</dt>
        <dd>{t(`roles.${person.role}`)}</dd>
      </dl>

      <section aria-labelledby="person-units-heading">
        <h2 id="person-units-heading">{t("units.person.units")}</h2>
        {units.length === 0 ? (
          <p>{t("units.people.noUnit")}</p>
        ) : (
          <ul>
            {units.map((u) => (
              <li key={u.id}>{t("units.person.unitJoined", { path: u.path, date: date(u.joinedAt) })}</li>
            ))}
          </ul>
        )}
      </section>

      {canChange ? (
        <>
          <section aria-labelledby="person-edit-heading">
            <h2 id="person-edit-heading">{t("units.person.edit")}</h2>
            <Form method="post" className="stack" {...getFormProps(form)} key={form.id}>
              <FormError form={form} />
              <input type="hidden" name="intent" value="update" />
              <Field field={fields.fullName} label={t("units.people.name")} autoComplete="off" required />
              <Field field={fields.email} type="email" label={t("units.people.email")} autoComplete="off" required />
              <Field field={fields.profile} label={t("units.people.profile")}>
                {(props) => (
                  <select {...props}>
                    {PROFILES.map((p) => (
                      <option key={p} value={p}>
                        {t(`profiles.${p}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field field={fields.preferredLanguage} label={t("units.person.language")}>
                {(props) => (
                  <select {...props}>
                    {SUPPORTED_LANGUAGES.map((l) => (
                      <option key={l} value={l}>
                        {t(`languages.${l}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <div>
                <button type="submit">{t("units.person.save")}</button>
              </div>
            </Form>
          </section>

          <section aria-labelledby="person-access-heading">
            <h2 id="person-access-heading">{t("units.person.access")}</h2>
            <Form method="post" className="inline-form">
              {active ? (
                <>
                  <button type="submit" name="intent" value={person.hasPassword ? "send-reset" : "send-invitation"}>
                    {person.hasPassword ? t("units.person.sendReset") : t("units.person.sendInvitation")}
                  </button>{" "}
                  <button type="submit" name="intent" value="deactivate" className="secondary">
                    {t("units.person.deactivate")}
                  </button>
                </>
              ) : (
                <button type="submit" name="intent" value="reactivate">
                  {t("units.person.reactivate")}
                </button>
              )}
            </Form>
            <p className="hint">{t("units.person.deactivateHint")}</p>
          </section>
        </>
      ) : (
        <p>{t("units.person.readOnly")}</p>
      )}
    </div>
  );
}
