// /studio/drafts/<draft>/translations: every translation of the draft with its state (up to date, outdated, not recorded,
// missing), and with ?file=<translation path> the side-by-side editor: the source read-only on the left, the
// translation editable on the right. Saving stamps the translation with its source's current sourceHash and goes
// through the drafts' revision check (a stale revision is a 409, nothing overwritten).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { NotFoundError } from "~/errors";
import { parseForm, parseParams, parseSearch, route, routeHeaders } from "~/http.server";
import { requireStudioUser } from "~/studio/access.server";
import { getDraft, readDraftFile, readDraftFiles, saveDraftFile } from "~/studio/drafts.server";
import { stampTranslation, translationStatuses } from "~/studio/translation-status";
import { pageTitle } from "~/i18n/page-title.server";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

const Params = z.object({ draftId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
const Search = z.object({ file: z.string().max(200).optional() });
const SaveForm = z.object({ file: z.string().max(200), text: z.string().max(256 * 1024).default(""), revision: z.coerce.number().int().min(0) });

async function rowsOf(draftId: string) {
  await getDraft(draftId);
  const course = await readDraftFiles(draftId);
  return { course, rows: translationStatuses(course.files) };
}

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  await requireStudioUser(request);
  const { draftId } = parseParams(params, Params);
  const { file } = parseSearch(request, Search);
  const { course, rows } = await rowsOf(draftId);
  const title = file
    ? await pageTitle(request, "studioEditors.translations.editing", { file })
    : await pageTitle(request, "studioEditors.translations.heading");
  if (!file) return { title, draftId, rows, editing: null };
  const row = rows.find((r) => r.translation === file);
  if (!row) throw new NotFoundError();
  const revision = row.status === "missing" ? 0 : (await readDraftFile(draftId, file)).revision;
  return {
    title,
    draftId,
    rows,
    editing: { ...row, sourceText: course.files.get(row.source) ?? "", text: course.files.get(file) ?? "", revision },
  };
});

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireStudioUser(request);
  const { draftId } = parseParams(params, Params);
  const form = await parseForm(request, SaveForm);
  const { course, rows } = await rowsOf(draftId);
  if (!rows.some((r) => r.translation === form.file)) throw new NotFoundError();
  const text = stampTranslation(course.files, form.file, form.text.replace(/\r\n?/g, "\n"));
  await saveDraftFile({ draftId, path: form.file, content: { text }, expectedRevision: form.revision, actorId: user.id });
  return redirect(`/studio/drafts/${draftId}/translations?file=${encodeURIComponent(form.file)}&saved=1`);
});

export default function TranslationsPage() {
  const { t } = useTranslation();
  const { draftId, rows, editing } = useLoaderData<typeof loader>();
  const refused = useActionData<unknown>();
  return (
    <div>
      <h1>{t("studioEditors.translations.heading")}</h1>
      {editing ? (
        <section aria-labelledby="translation-editor">
          <h2 id="translation-editor">{t("studioEditors.translations.editing", { file: editing.translation })}</h2>
          <p className={editing.status === "outdated" ? "notice notice--warning" : "notice"} role="status">
            {t(`studioEditors.translations.status.${editing.status}`)}
          </p>
          {refused ? (
            <p className="form-error" role="alert">
              {t("studioEditors.page.conflict")}
            </p>
          ) : null}
          <Form method="post" className="side-by-side">
            <input type="hidden" name="file" value={editing.translation} />
            <input type="hidden" name="revision" value={editing.revision} />
            <div className="field">
              <label htmlFor="source-text">{t("studioEditors.translations.source", { file: editing.source })}</label>
              <textarea id="source-text" readOnly rows={24} defaultValue={editing.sourceText} />
            </div>
            <div className="field">
              <label htmlFor="translation-text">{t("studioEditors.translations.translation", { file: editing.translation })}</label>
              <textarea id="translation-text" name="text" rows={24} defaultValue={editing.text} lang={editing.language} />
            </div>
            <button type="submit">{t("studioEditors.translations.save")}</button>
          </Form>
        </section>
      ) : null}
      <table>
        <caption>{t("studioEditors.translations.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("studioEditors.translations.sourceColumn")}</th>
            <th scope="col">{t("studioEditors.translations.languageColumn")}</th>
            <th scope="col">{t("studioEditors.translations.statusColumn")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.translation}>
              <td>
                <Link to={`/studio/drafts/${draftId}/translations?file=${encodeURIComponent(row.translation)}`}>{row.translation}</Link>
              </td>
              <td>{row.language}</td>
              <td>{t(`studioEditors.translations.status.${row.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
