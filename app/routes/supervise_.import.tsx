// /supervise/import: admins (any unit) and supervisors (their units) create accounts from a CSV file. The whole file
// is checked first and every problem listed with its line; nothing is imported unless all rows are right.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRole } from "~/auth/guards.server";
import { CAN_FOLLOW_LEARNERS } from "~/auth/roles";
import { PayloadTooLargeError, ValidationError } from "~/errors";
import { readForm, route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { IMPORT_COLUMNS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "~/supervision/import";
import { importPeople, isMailConfigured } from "~/supervision/import.server";
import { scopeOf, pathsOf, allUnits } from "~/supervision/units.server";
import { FormError, formErrorOf, useMessage } from "~/ui/form";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireRole(request, CAN_FOLLOW_LEARNERS);
  const scope = await scopeOf(undefined, user);
  const units = scope === "all" ? await allUnits(undefined) : [...(await pathsOf(undefined, [...scope]))].map(([id, path]) => ({ id, path }));
  return {
    title: await pageTitle(request, "units.import.title"),
    units: units.map((u) => u.path).sort((a, b) => a.localeCompare(b)),
    mailConfigured: isMailConfigured(),
    isAdmin: user.role === "admin",
  };
});

async function uploadedText(request: Request): Promise<string> {
  let form: FormData;
  try {
    form = await readForm(request, { maxBytes: MAX_IMPORT_BYTES + 64 * 1024 });
  } catch (error) {
    if (error instanceof PayloadTooLargeError) throw new ValidationError({ file: { key: "units.import.errors.tooLarge" } });
    throw error;
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) throw new ValidationError({ file: { key: "units.import.errors.noFile" } });
  if (file.size > MAX_IMPORT_BYTES) throw new ValidationError({ file: { key: "units.import.errors.tooLarge" } });
  try {
    // A spreadsheet saved in a legacy encoding would import mangled names: refuse it and say how to save as UTF-8.
    return new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    throw new ValidationError({ file: { key: "units.import.errors.encoding" } });
  }
}

export const action = route(async ({ request }: ActionFunctionArgs) => {
  const user = await requireRole(request, CAN_FOLLOW_LEARNERS);
  const text = await uploadedText(request);
  const result = await importPeople(user, text);
  if (!result.ok) return data({ ok: false as const, problems: result.problems.slice(0, 500), problemCount: result.problems.length }, { status: 400 });
  return result;
});

export default function ImportPeople() {
  const { t } = useTranslation();
  const show = useMessage();
  const { units, mailConfigured, isAdmin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const done = result && "ok" in result && result.ok ? result.outcome : undefined;
  const refused = result && "ok" in result && !result.ok ? result : undefined;
  const formError = formErrorOf(result);
  const fileError = formError ? show((result as { error?: Record<string, string[]> })?.error?.file?.[0]) : undefined;
  return (
    <div>
      <h1>{t("units.import.title")}</h1>
      <p>{t("units.import.intro", { max: MAX_IMPORT_ROWS.toLocaleString() })}</p>

      {done ? (
        <section aria-labelledby="result-heading" className="notice" role="status">
          <h2 id="result-heading">{t("units.import.done.heading")}</h2>
          <p>{t("units.import.done.summary", { created: done.created, added: done.added, already: done.already })}</p>
          {done.links ? (
            <>
              <p>{t("units.import.done.linksIntro")}</p>
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("units.import.done.person")}</th>
                      <th scope="col">{t("units.import.done.link")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {done.links.map((l) => (
                      <tr key={l.email}>
                        <td>
                          {l.fullName}
                          <br />
                          {l.email}
                        </td>
                        <td>
                          <code>{l.url}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p>{mailConfigured ? t("units.import.done.mailed") : t("units.import.done.askAdmin")}</p>
          )}
          <p>
            <Link to="/supervise/people">{t("units.import.done.seePeople")}</Link>
          </p>
        </section>
      ) : null}

      {refused ? (
        <section aria-labelledby="problems-heading">
          <h2 id="problems-heading">{t("units.import.problems.heading")}</h2>
          <p className="form-error" role="alert">
            {t("units.import.problems.summary", { count: refused.problemCount })}
          </p>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("units.import.problems.line")}</th>
                  <th scope="col">{t("units.import.problems.column")}</th>
                  <th scope="col">{t("units.import.problems.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {refused.problems.map((p, index) => (
                  <tr key={`${p.line}-${index}`}>
                    <td>{p.line}</td>
                    <td>{p.column ?? ""}</td>
                    <td>{show(p.message)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {refused.problemCount > refused.problems.length ? <p>{t("units.import.problems.more", { count: refused.problemCount - refused.problems.length })}</p> : null}
        </section>
      ) : null}

      <section aria-labelledby="upload-heading">
        <h2 id="upload-heading">{t("units.import.upload.heading")}</h2>
        <Form method="post" encType="multipart/form-data" className="stack">
          {formError && !fileError ? <FormError message={formError} /> : null}
          <div className="field">
            <label htmlFor="import-file">{t("units.import.upload.file")}</label>
            <span className="hint" id="import-file-hint">
              {t("units.import.upload.hint", { columns: IMPORT_COLUMNS.join(", ") })}
            </span>
            <input
              id="import-file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              required
              aria-invalid={fileError ? true : undefined}
              aria-describedby={fileError ? "import-file-hint import-file-error" : "import-file-hint"}
            />
            {fileError ? (
              <span className="error" id="import-file-error">
                {fileError}
              </span>
            ) : null}
          </div>
          <div>
            <button type="submit">{t("units.import.upload.submit")}</button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="format-heading">
        <h2 id="format-heading">{t("units.import.format.heading")}</h2>
        <p>{t("units.import.format.intro")}</p>
        <pre>
          <code>{"name,email,profile,unit,language\nAmara Okafor,amara.okafor@example.org,border-official,National Border Guard/North Region/Crossing Point 3,en"}</code>
        </pre>
        <ul>
          <li>{t("units.import.format.profile", { values: "border-official, judicial-officer, iom-staff, other" })}</li>
          <li>{t("units.import.format.language", { values: "en, fr, es" })}</li>
          <li>{t("units.import.format.unit")}</li>
          <li>{t("units.import.format.existing")}</li>
        </ul>
        <h3>{isAdmin ? t("units.import.format.allUnits") : t("units.import.format.yourUnits")}</h3>
        {units.length === 0 ? (
          <p>{t("units.import.format.noUnits")}</p>
        ) : (
          <ul>
            {units.map((path) => (
              <li key={path}>
                <code>{path}</code>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
