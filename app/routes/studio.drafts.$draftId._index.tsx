// A draft: its files by kind, the compiler's messages (as `npm run courses:check` prints them), adding and
// removing files, and the sign-off: submit → approve → publish, or an admin's urgent correction.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { profilesByIds } from "~/auth/accounts.server";
import { isMultipartForm, parseForm, parseFormData, parseParams, readForm, route, routeHeaders } from "~/http.server";
import { MAX_IMAGE_BYTES } from "~/courses/course-files.server";
import { pageTitle } from "~/i18n/page-title.server";
import { RandomId } from "~/ids";
import { requireStudioUser } from "~/studio/access.server";
import { deleteDraftFile, getDraft, listDraftFiles } from "~/studio/drafts.server";
import { fileGroup, GROUP_ORDER, moduleFolders } from "~/studio/files";
import { addImage, addLesson, addModule, approveDraft, moveInDraft, archiveDraft, publishDraft, returnDraft, submitDraft, validateDraft } from "~/studio/workflow.server";
import { fieldErrorOf, FormError, formErrorOf, useMessage } from "~/ui/form";
import { useFormatters } from "~/ui/formatters";
import { titleMeta } from "~/ui/meta";
import { DraftState } from "~/studio/ui";

export const meta = titleMeta;
export const headers = routeHeaders;

const Params = z.object({ draftId: RandomId });
const Note = z.string().max(4000).default("");
const DraftAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("submit"), changeNote: Note }),
  z.object({ intent: z.literal("approve"), approvalNote: Note }),
  z.object({ intent: z.literal("return"), approvalNote: Note }),
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("urgent"), changeNote: Note }),
  z.object({ intent: z.literal("discard") }),
  z.object({ intent: z.literal("add-module"), moduleId: z.string().max(200).default(""), title: z.string().max(400).default("") }),
  z.object({ intent: z.literal("add-lesson"), folder: z.string().max(200).default(""), lessonId: z.string().max(200).default(""), title: z.string().max(400).default("") }),
  z.object({ intent: z.literal("delete"), path: z.string().max(400), revision: z.coerce.number().int().min(1) }),
  z.object({ intent: z.enum(["move-up", "move-down"]), path: z.string().max(400) }),
]);

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireStudioUser(request);
  const { draftId } = parseParams(params, Params);
  const draft = await getDraft(draftId);
  const [files, validation] = await Promise.all([listDraftFiles(draftId), validateDraft(draftId)]);
  const people = await profilesByIds([draft.createdBy, draft.submittedBy, draft.approvedBy].filter((id): id is string => !!id));
  const name = (id: string | null) => (id ? (people.get(id)?.fullName ?? null) : null);
  return {
    title: await pageTitle(request, "studio.draft.title", { course: draft.courseSlug }),
    draft: {
      id: draft.id,
      courseSlug: draft.courseSlug,
      state: draft.state,
      isConflict: draft.isConflict,
      changeNote: draft.changeNote,
      createdBy: name(draft.createdBy),
      submittedBy: name(draft.submittedBy),
      submittedAt: draft.submittedAt,
      approvedBy: name(draft.approvedBy),
      approvedAt: draft.approvedAt,
      approvalNote: draft.approvalNote,
      publishedVersionId: draft.publishedVersionId,
    },
    files,
    errors: validation.errors,
    summary: validation.result.summary,
    canReview: user.canReview,
    maxImageKb: MAX_IMAGE_BYTES / 1024,
    isAdmin: user.role === "admin",
  };
});

const ImageUpload = z.object({ intent: z.literal("upload-image"), folder: z.string().max(200).default(""), image: z.unknown() });

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireStudioUser(request);
  const { draftId } = parseParams(params, Params);
  if (isMultipartForm(request)) {
    // An image: read up to twice the limit, so a slightly large file gets the field's message rather than a 413.
    const upload = parseFormData(await readForm(request, { maxBytes: 2 * MAX_IMAGE_BYTES + 64 * 1024 }), ImageUpload);
    const image = upload.image instanceof File ? upload.image : undefined;
    const bytes = new Uint8Array(image ? await image.arrayBuffer() : new ArrayBuffer(0));
    const path = await addImage(user, draftId, { folder: upload.folder, fileName: image?.name ?? "", bytes });
    return { ok: true as const, image: path };
  }
  const form = await parseForm(request, DraftAction);
  const back = `/studio/drafts/${draftId}`;
  switch (form.intent) {
    case "submit":
      await submitDraft(user, draftId, form.changeNote);
      return redirect(back);
    case "approve":
      await approveDraft(user, draftId, form.approvalNote);
      return redirect(back);
    case "return":
      await returnDraft(user, draftId, form.approvalNote);
      return redirect(back);
    case "publish":
    case "urgent": {
      const published = await publishDraft(user, draftId, form.intent === "urgent" ? { urgent: true, changeNote: form.changeNote } : {});
      if ("errors" in published) return { ok: false as const, publishErrors: published.errors };
      return redirect(`/studio/courses/${(await getDraft(draftId)).courseSlug}?published=${published.versionId}`);
    }
    case "discard":
      await archiveDraft(user, draftId);
      return redirect("/studio");
    case "add-module":
      return redirect(`${back}/files/${await addModule(user, draftId, { id: form.moduleId, title: form.title })}`);
    case "add-lesson":
      return redirect(`${back}/files/${await addLesson(user, draftId, { folder: form.folder, id: form.lessonId, title: form.title })}`);
    case "delete":
      await deleteDraftFile({ draftId, path: form.path, expectedRevision: form.revision, actorId: user.id });
      return redirect(back);
    case "move-up":
    case "move-down":
      await moveInDraft(user, draftId, { path: form.path, direction: form.intent === "move-up" ? "up" : "down" });
      return redirect(back);
  }
});

export default function DraftPage() {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const { draft, files, errors, summary, canReview, isAdmin, maxImageKb } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const message = useMessage();
  const failure = formErrorOf(result);
  const imageError = message(fieldErrorOf(result, "image")) ?? message(fieldErrorOf(result, "folder"));
  const uploaded = result && "image" in result ? result.image : undefined;
  const publishErrors = (result && "publishErrors" in result ? result.publishErrors : undefined) ?? [];
  const isOpen = ["draft", "submitted", "approved"].includes(draft.state);
  const folders = moduleFolders(files.map((f) => f.path));
  const base = `/studio/drafts/${draft.id}`;
  return (
    <div>
      <h1>{t("studio.draft.heading", { course: draft.courseSlug })}</h1>
      <p>
        <DraftState state={draft.state} isConflict={draft.isConflict} />{" "}
        {draft.createdBy ? t("studio.draft.createdBy", { name: draft.createdBy }) : t("studio.draft.fromDisk")}
      </p>
      {draft.isConflict ? <p className="notice notice--warn">{t("studio.draft.conflictExplained")}</p> : null}
      <FormError message={failure} />

      <section aria-labelledby="check-heading">
        <h2 id="check-heading">{t("studio.draft.checkHeading")}</h2>
        {errors.length === 0 ? (
          <p className="notice notice--info" role="status">
            {t("studio.draft.valid", { modules: summary.modules, lessons: summary.lessons, questions: summary.questions, words: summary.words })}
          </p>
        ) : (
          <>
            <p className="form-error">{t("studio.draft.invalid", { count: errors.length })}</p>
            <pre className="course-errors" tabIndex={0} aria-label={t("studio.draft.checkHeading")}>{errors.join("\n")}</pre>
          </>
        )}
        {publishErrors.length > 0 ? <pre className="course-errors">{publishErrors.join("\n")}</pre> : null}
      </section>

      <section aria-labelledby="files-heading">
        <h2 id="files-heading">{t("studio.draft.filesHeading")}</h2>
        {GROUP_ORDER.map((group) => {
          const inGroup = files.filter((f) => fileGroup(f.path) === group);
          if (inGroup.length === 0) return null;
          return (
            <div key={group}>
              <h3>{t(`studio.files.${group}`)}</h3>
              <ul className="plain-list">
                {inGroup.map((file) => (
                  <li key={file.path}>
                    {file.kind === "text" ? <Link to={`${base}/files/${file.path}`}>{file.path}</Link> : <span>{file.path}</span>}{" "}
                    <small>{t("studio.draft.fileMeta", { revision: file.revision, at: dateTime(file.updatedAt) })}</small>
                    {group === "lesson" ? (
                      <>
                        {" "}
                        <Link to={`${base}/preview/${file.path}`}>{t("studio.draft.preview")}</Link>
                      </>
                    ) : null}
                    {/^\d+-[^/]+\/quiz\.yaml$/.test(file.path) ? (
                      <>
                        {" "}
                        <Link to={`${base}/quiz/${file.path.split("/")[0]}/1`}>{t("studio.draft.editQuestions")}</Link>
                      </>
                    ) : null}
                    {isOpen && (group === "module" || (group === "lesson" && file.path.includes("/"))) ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="path" value={file.path} />
                        <button type="submit" name="intent" value="move-up" className="secondary" aria-label={t("studio.draft.moveUpLabel", { path: file.path })}>
                          {t("studio.draft.moveUp")}
                        </button>{" "}
                        <button type="submit" name="intent" value="move-down" className="secondary" aria-label={t("studio.draft.moveDownLabel", { path: file.path })}>
                          {t("studio.draft.moveDown")}
                        </button>
                      </Form>
                    ) : null}
                    {isOpen && group !== "course" && group !== "bibliography" ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="delete" />
                        <input type="hidden" name="path" value={file.path} />
                        <input type="hidden" name="revision" value={file.revision} />
                        <button type="submit" className="secondary" aria-label={t("studio.draft.deleteFile", { path: file.path })}>
                          {t("studio.draft.delete")}
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
        <p>
          <Link to={`${base}/quizzes`}>{t("studioPreview.takeQuizzes")}</Link>
        </p>
        <p>
          <Link to={`${base}/translations`}>{t("studio.draft.translations")}</Link>
        </p>
        <p>
          <a href={`${base}/zip`}>{t("studio.draft.exportZip")}</a>
        </p>
      </section>

      {isOpen ? (
        <section aria-labelledby="add-heading">
          <h2 id="add-heading">{t("studio.draft.addHeading")}</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="add-lesson" />
            <fieldset>
              <legend>{t("studio.draft.addLesson")}</legend>
              <div className="field">
                <label htmlFor="lesson-folder">{t("studio.draft.module")}</label>
                <select id="lesson-folder" name="folder">
                  {folders.map((folder) => (
                    <option key={folder} value={folder}>
                      {folder}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="lesson-id">{t("studio.draft.lessonId")}</label>
                <input id="lesson-id" name="lessonId" required pattern="[a-z0-9]+(-[a-z0-9]+)*" />
              </div>
              <div className="field">
                <label htmlFor="lesson-title">{t("studio.draft.fileTitle")}</label>
                <input id="lesson-title" name="title" />
              </div>
              <button type="submit">{t("studio.draft.addLessonSubmit")}</button>
            </fieldset>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="add-module" />
            <fieldset>
              <legend>{t("studio.draft.addModule")}</legend>
              <div className="field">
                <label htmlFor="module-id">{t("studio.draft.moduleId")}</label>
                <input id="module-id" name="moduleId" required pattern="[a-z0-9]+(-[a-z0-9]+)*" />
              </div>
              <div className="field">
                <label htmlFor="module-title">{t("studio.draft.fileTitle")}</label>
                <input id="module-title" name="title" />
              </div>
              <button type="submit">{t("studio.draft.addModuleSubmit")}</button>
            </fieldset>
          </Form>
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="intent" value="upload-image" />
            <fieldset>
              <legend>{t("studio.images.legend")}</legend>
              {uploaded ? (
                <p className="notice notice--info" role="status">
                  {t("studio.images.added", { path: uploaded, markdown: `![${t("studio.images.altPlaceholder")}](media/${uploaded.split("/").pop()})` })}
                </p>
              ) : null}
              <div className="field">
                <label htmlFor="image-folder">{t("studio.images.folder")}</label>
                <select id="image-folder" name="folder">
                  <option value="">{t("studio.images.courseMedia")}</option>
                  {folders.map((folder) => (
                    <option key={folder} value={folder}>
                      {`${folder}/media`}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="image-file">{t("studio.images.file")}</label>
                <p id="image-hint" className="hint">
                  {t("studio.images.hint", { max: maxImageKb })}
                </p>
                <input
                  id="image-file"
                  name="image"
                  type="file"
                  accept="image/png,image/jpeg,image/webp"
                  required
                  aria-describedby={imageError ? "image-hint image-error" : "image-hint"}
                  aria-invalid={imageError ? true : undefined}
                />
                {imageError ? (
                  <p id="image-error" className="error">
                    {imageError}
                  </p>
                ) : null}
              </div>
              <button type="submit">{t("studio.images.submit")}</button>
            </fieldset>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="signoff-heading">
        <h2 id="signoff-heading">{t("studio.draft.signoffHeading")}</h2>
        {draft.submittedBy ? (
          <p>{t("studio.draft.submitted", { name: draft.submittedBy, at: dateTime(draft.submittedAt!), note: draft.changeNote })}</p>
        ) : null}
        {draft.approvedBy ? (
          <p>{t("studio.draft.approved", { name: draft.approvedBy, at: dateTime(draft.approvedAt!), note: draft.approvalNote || "—" })}</p>
        ) : draft.approvalNote ? (
          <p>{t("studio.draft.returned", { note: draft.approvalNote })}</p>
        ) : null}
        {draft.state === "draft" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="submit" />
            <div className="field">
              <label htmlFor="change-note">{t("studio.draft.changeNote")}</label>
              <textarea id="change-note" name="changeNote" rows={2} defaultValue={draft.changeNote} required />
            </div>
            <button type="submit">{t("studio.draft.submit")}</button>
          </Form>
        ) : null}
        {draft.state === "submitted" ? (
          <Form method="post">
            <div className="field">
              <label htmlFor="approval-note">{t("studio.draft.approvalNote")}</label>
              <textarea id="approval-note" name="approvalNote" rows={2} />
            </div>
            <div className="button-row">
              {canReview ? (
                <button type="submit" name="intent" value="approve">
                  {t("studio.draft.approve")}
                </button>
              ) : null}
              <button type="submit" name="intent" value="return" className="secondary">
                {t("studio.draft.return")}
              </button>
            </div>
            {canReview ? null : <p className="hint">{t("studio.draft.needsReviewer")}</p>}
          </Form>
        ) : null}
        {draft.state === "approved" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="publish" />
            <button type="submit">{t("studio.draft.publish")}</button>
          </Form>
        ) : null}
        {isAdmin && isOpen && draft.state !== "approved" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="urgent" />
            <fieldset>
              <legend>{t("studio.draft.urgentHeading")}</legend>
              <p className="hint">{t("studio.draft.urgentHint")}</p>
              <div className="field">
                <label htmlFor="urgent-note">{t("studio.draft.changeNote")}</label>
                <textarea id="urgent-note" name="changeNote" rows={2} required defaultValue={draft.changeNote} />
              </div>
              <button type="submit" className="button--danger">
                {t("studio.draft.urgent")}
              </button>
            </fieldset>
          </Form>
        ) : null}
        {isOpen ? (
          <Form method="post">
            <input type="hidden" name="intent" value="discard" />
            <button type="submit" className="secondary">
              {t("studio.draft.discard")}
            </button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}
