// One file of a draft: a textarea with Save and Preview (no JavaScript needed); with JavaScript, CodeMirror with a
// toolbar for callouts and citations, bibliography-key completion and autosave (app/studio/editor.client.ts, loaded
// only here). A save from a stale revision answers 409 with both texts; nothing is lost.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { LessonArticle } from "~/courses/lesson-article";
import { MAX_COURSE_FILE_BYTES } from "~/courses/course-files.server";
import { parseFormData, parseParams, readForm, route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { RandomId } from "~/ids";
import { requireStudioUser } from "~/studio/access.server";
import { DraftFileConflictError, getDraft, readDraftFile, saveDraftFile } from "~/studio/drafts.server";
import { fileGroup } from "~/studio/files";
import { bibliographyKeys, previewDraftFile } from "~/studio/preview.server";
import { FormError, formErrorOf } from "~/ui/form";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

const Params = z.object({ draftId: RandomId, "*": z.string().min(1).max(400) });
const FileAction = z.object({
  intent: z.enum(["save", "preview"]),
  text: z.string().default(""),
  revision: z.coerce.number().int().min(0),
});
// A course file may hold 256 KB (courses/README.md, File limits); the form carries it with its encoding overhead.
const MAX_EDITOR_FORM_BYTES = MAX_COURSE_FILE_BYTES * 3 + 4096;

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  await requireStudioUser(request);
  const { draftId, "*": path } = parseParams(params, Params);
  const draft = await getDraft(draftId);
  const file = await readDraftFile(draftId, path);
  return {
    title: await pageTitle(request, "studio.editor.title", { path }),
    draftId,
    courseSlug: draft.courseSlug,
    path,
    isLesson: fileGroup(path) === "lesson" || fileGroup(path) === "translation",
    text: file.text ?? "",
    revision: file.revision,
    bibliographyKeys: await bibliographyKeys(draftId),
    isSaved: new URL(request.url).searchParams.has("saved"),
  };
});

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireStudioUser(request);
  const { draftId, "*": path } = parseParams(params, Params);
  const form = parseFormData(await readForm(request, { maxBytes: MAX_EDITOR_FORM_BYTES }), FileAction);
  // Browsers send textarea line breaks as CRLF; the course files keep what the person typed, with LF.
  const text = form.text.replace(/\r\n/g, "\n");
  if (form.intent === "preview") return { preview: await previewDraftFile(draftId, path, text), text, revision: form.revision };
  try {
    await saveDraftFile({ draftId, path, content: { text }, expectedRevision: form.revision, actorId: user.id });
    return redirect(`/studio/drafts/${draftId}/files/${path}?saved=1`);
  } catch (error) {
    if (!(error instanceof DraftFileConflictError)) throw error;
    return data({ conflict: { mine: text, current: error.current?.text ?? null, currentRevision: error.current?.revision ?? 0 } }, { status: 409 });
  }
});

// A live preview (a fetcher posting intent=preview) changes nothing the loaders read.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "preview" ? false : defaultShouldRevalidate;

/** How long the text must rest before the live preview asks the server again. */
const LIVE_PREVIEW_DELAY_MS = 700;

export default function FileEditor() {
  const { t } = useTranslation();
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const conflict = result && "conflict" in result ? result.conflict : undefined;
  const preview = result && "preview" in result ? result.preview : undefined;
  const text = conflict ? conflict.mine : preview ? (result as { text: string }).text : loaded.text;
  const revision = conflict ? conflict.currentRevision : preview ? (result as { revision: number }).revision : loaded.revision;
  // A new textarea for each loaded, previewed or conflicting text; the code editor is rebuilt over each one. Keyed
  // on the revision alone, a Preview without an autosave before it left the old editor on screen over a textarea
  // it no longer wrote to, and a later Save lost what was typed after the preview.
  const editorKey = `${revision}-${conflict ? "conflict" : preview ? "preview" : "file"}`;
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const base = `/studio/drafts/${loaded.draftId}`;
  // With JavaScript the preview follows the text: the same action, the same compiler and LessonArticle as the
  // Preview button, asked for a moment after typing stops; it never rebuilds the editor.
  const livePreview = useFetcher<typeof action>();
  const [live, setLive] = useState<typeof preview>(undefined);
  const liveTimer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => {
    const fetched = livePreview.data;
    if (fetched && "preview" in fetched) setLive(fetched.preview);
  }, [livePreview.data]);
  useEffect(() => {
    setLive(undefined);
    return () => clearTimeout(liveTimer.current);
  }, [editorKey]);
  const shown = live ?? preview;

  useEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea) return;
    let destroy: (() => void) | undefined;
    let isCancelled = false;
    // Loaded only on this page, so learner pages never carry the editor (checked by the build's chunk list).
    void import("~/studio/editor.client").then(({ enhanceEditor }) => {
      if (isCancelled) return;
      destroy = enhanceEditor(textarea, {
        bibliographyKeys: loaded.bibliographyKeys,
        isMarkdown: loaded.isLesson,
        autosaveUrl: `${base}/autosave`,
        path: loaded.path,
        labels: {
          toolbar: t("studio.editor.toolbar"),
          keyPoint: t("studio.editor.keyPoint"),
          caseStudy: t("studio.editor.caseStudy"),
          caution: t("studio.editor.caution"),
          citation: t("studio.editor.citation"),
          saving: t("studio.editor.saving"),
          saved: t("studio.editor.autosaved"),
          conflict: t("studio.editor.autosaveConflict"),
          failed: t("studio.editor.autosaveFailed"),
        },
        status: statusRef.current,
        onChange: (changed) => {
          clearTimeout(liveTimer.current);
          liveTimer.current = setTimeout(
            () => livePreview.submit({ intent: "preview", text: changed, revision: String(revision) }, { method: "post" }),
            LIVE_PREVIEW_DELAY_MS,
          );
        },
      });
    });
    return () => {
      isCancelled = true;
      destroy?.();
    };
    // The editor is built once per textarea the page renders (editorKey).
  }, [loaded.path, editorKey]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div>
      <p className="meta">
        <Link to={base}>{t("studio.editor.back", { course: loaded.courseSlug })}</Link>
      </p>
      <h1>{t("studio.editor.heading", { path: loaded.path })}</h1>
      {loaded.isSaved && !result ? (
        <p className="notice" role="status">
          {t("studio.editor.saved")}
        </p>
      ) : null}
      <FormError message={formErrorOf(result)} />
      {conflict ? (
        <section className="notice notice--warn" aria-labelledby="conflict-heading">
          <h2 id="conflict-heading">{t("studio.conflict.heading")}</h2>
          <p>{t("studio.conflict.message")}</p>
          <div className="conflict-texts">
            <div className="field">
              <label htmlFor="current-text">{t("studio.conflict.current")}</label>
              <textarea id="current-text" readOnly rows={12} value={conflict.current ?? t("studio.conflict.deleted")} />
            </div>
            <p>{t("studio.conflict.yours")}</p>
          </div>
        </section>
      ) : null}
      <Form method="post" className="editor-form">
        <input type="hidden" name="revision" value={revision} />
        <div className="field">
          <label htmlFor="file-text">{conflict ? t("studio.conflict.yoursLabel") : t("studio.editor.textLabel")}</label>
          <textarea
            key={editorKey}
            ref={textareaRef}
            id="file-text"
            name="text"
            rows={24}
            spellCheck
            defaultValue={text}
            className="editor-text"
          />
        </div>
        <p ref={statusRef} className="hint" role="status" aria-live="polite" />
        <div className="button-row">
          <button type="submit" name="intent" value="save">
            {t("studio.editor.save")}
          </button>
          <button type="submit" name="intent" value="preview" className="secondary">
            {t("studio.editor.preview")}
          </button>
        </div>
      </Form>
      {shown ? (
        <section aria-labelledby="preview-heading" className="studio-preview">
          <h2 id="preview-heading">{t("studio.editor.previewHeading")}</h2>
          {live ? <p className="hint">{t("studio.editor.liveHint")}</p> : null}
          {shown.errors.length > 0 ? <pre className="course-errors">{shown.errors.join("\n")}</pre> : <p>{t("studio.editor.noErrors")}</p>}
          {shown.lesson ? (
            <div className="preview-frame">
              <LessonArticle language={shown.lesson.language} title={shown.lesson.title} minutes={shown.lesson.minutes} html={shown.lesson.html} bodyId="preview-body" />
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
