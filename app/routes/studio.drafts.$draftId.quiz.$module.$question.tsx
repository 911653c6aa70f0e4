// /studio/drafts/<draft>/quiz/<module folder>/<n | new-<type>>: the question editor (issue 13) on a draft's quiz file.
// Who: studio users (requireStudioUser). What: the question's form fields; list edits (intent add:/remove:/up:/down:)
// come back re-rendered without saving; `save` validates with the course compiler and saves the quiz file through
// the drafts' optimistic-concurrency rule (a stale revision is a 409 with the message, nothing overwritten).
// `question-up`/`question-down` move the question one place; `question-delete` deletes it once confirmed (the page
// with ?delete=1 asks first). Both go through the same revision check and the compiler (question-order.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { parse } from "yaml";
import { z } from "zod";
import { NotFoundError } from "~/errors";
import { parseParams, parseSearch, readForm, route, routeHeaders } from "~/http.server";
import { requireStudioUser } from "~/studio/access.server";
import { getDraft, readDraftFile, readDraftFiles, saveDraftFile } from "~/studio/drafts.server";
import { QuestionEditor } from "~/studio/question-editor";
import { applyEditIntent, blankQuestion, parseEditIntent, QUESTION_TYPES, questionToFields, type QuestionFields } from "~/studio/question-forms";
import { changeQuestion, type QuestionChange } from "~/studio/question-order.server";
import { checkQuestion } from "~/studio/question-validation.server";
import { quizQuestions } from "~/studio/question-yaml";
import { pageTitle } from "~/i18n/page-title.server";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

const Params = z.object({
  draftId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  module: z.string().regex(/^\d+-[A-Za-z0-9_-]+$/),
  question: z.union([z.string().regex(/^[1-9]\d{0,3}$/), z.enum(QUESTION_TYPES.map((type) => `new-${type}`) as [string, ...string[]])]),
});

async function editorContext(draftId: string, module: string) {
  await getDraft(draftId);
  const course = await readDraftFiles(draftId);
  const quizPath = `${module}/quiz.yaml`;
  const text = course.files.get(quizPath);
  if (text === undefined) throw new NotFoundError();
  const { revision } = await readDraftFile(draftId, quizPath);
  const moduleMeta = safeParse(course.files.get(`${module}/module.yaml`));
  const objectives = Array.isArray(moduleMeta?.objectives)
    ? (moduleMeta.objectives as { id?: unknown; text?: unknown }[]).filter((o) => typeof o.id === "string").map((o) => ({ id: String(o.id), text: String(o.text ?? "") }))
    : [];
  const bibliography = safeParse(course.files.get("bibliography.yaml"));
  const citationKeys = Array.isArray(bibliography) ? bibliography.map((entry: { key?: unknown }) => entry?.key).filter((key): key is string => typeof key === "string") : [];
  return { course, quizPath, text, revision, objectives, citationKeys };
}

function safeParse(text: string | undefined) {
  try {
    return text === undefined ? undefined : parse(text, { maxAliasCount: 50 });
  } catch {
    return undefined;
  }
}

/** The question's position (0-based) in the quiz, and for a new one its blank fields. */
function target(param: string, questions: ReturnType<typeof quizQuestions>, objectives: { id: string }[]) {
  if (param.startsWith("new-")) {
    const type = param.slice(4) as (typeof QUESTION_TYPES)[number];
    const taken = new Set(questions.map((q) => q.id));
    let n = questions.length + 1;
    while (taken.has(`question-${n}`)) n++;
    return { index: questions.length, isNew: true, fields: blankQuestion(type, `question-${n}`, objectives[0]?.id ?? "") };
  }
  const index = Number(param) - 1;
  if (!questions[index]) throw new NotFoundError();
  return { index, isNew: false, fields: questionToFields(questions[index]) };
}

const Search = z.object({ delete: z.literal("1").optional(), saved: z.literal("1").optional(), done: z.enum(["moved", "deleted"]).optional() });

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  await requireStudioUser(request);
  const { draftId, module, question } = parseParams(params, Params);
  const search = parseSearch(request, Search);
  const context = await editorContext(draftId, module);
  const questions = quizQuestions(context.text);
  const { index, isNew, fields } = target(question, questions, context.objectives);
  return {
    // Every page needs its own title (WCAG 2.4.2).
    title: isNew
      ? await pageTitle(request, "studioEditors.page.newQuestion")
      : await pageTitle(request, "studioEditors.page.editQuestion", { n: String(index + 1), module }),
    draftId,
    module,
    index,
    isNew,
    fields,
    revision: context.revision,
    objectives: context.objectives,
    citationKeys: context.citationKeys,
    // The quiz's questions in order, for the list beside the editor and the move and delete controls.
    questions: questions.map((q, i) => ({ n: i + 1, id: typeof q.id === "string" ? q.id : "", prompt: typeof q.prompt === "string" ? q.prompt : "" })),
    isConfirmingDelete: search.delete === "1" && !isNew,
    done: search.done ?? (search.saved ? ("saved" as const) : null),
  };
});

type ActionData = { fields: QuestionFields; errors: Record<string, string[]>; otherErrors: string[] };
type OrderRefusal = { orderErrors: string[] };

const ORDER_INTENTS: Record<string, QuestionChange> = {
  "question-up": { kind: "move", direction: "up" },
  "question-down": { kind: "move", direction: "down" },
  "question-delete": { kind: "delete" },
};

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireStudioUser(request);
  const { draftId, module, question } = parseParams(params, Params);
  const form = await readForm(request, { maxBytes: 256 * 1024 });
  const fields: QuestionFields = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === "string" && name !== "intent" && name !== "revision" && /^[a-zA-Z][a-zA-Z0-9.]{0,80}$/.test(name)) fields[name] = value;
  }
  const intent = String(form.get("intent") ?? "save");
  const change = ORDER_INTENTS[intent];
  if (change) {
    if (question.startsWith("new-")) throw new NotFoundError();
    const here = `/studio/drafts/${draftId}/quiz/${module}`;
    // Deleting asks first: without the confirmation field the form only leads to the confirmation step.
    if (change.kind === "delete" && form.get("confirm") !== "1") return redirect(`${here}/${question}?delete=1`);
    const expectedRevision = Number(form.get("revision"));
    const outcome = await changeQuestion({
      draftId,
      module,
      index: Number(question) - 1,
      change,
      expectedRevision: Number.isInteger(expectedRevision) ? expectedRevision : -1,
      actorId: user.id,
    });
    if (!outcome.ok) return data<OrderRefusal>({ orderErrors: outcome.errors }, { status: 400 });
    return redirect(`${here}/${outcome.index + 1}?done=${change.kind === "delete" ? "deleted" : "moved"}`);
  }
  const edit = parseEditIntent(intent);
  if (edit) return data<ActionData>({ fields: applyEditIntent(fields, edit), errors: {}, otherErrors: [] });

  const context = await editorContext(draftId, module);
  const { index } = target(question, quizQuestions(context.text), context.objectives);
  const check = checkQuestion(context.course, context.quizPath, index, fields);
  if (Object.keys(check.fieldErrors).length > 0) {
    return data<ActionData>({ fields, errors: check.fieldErrors, otherErrors: check.otherErrors }, { status: 400 });
  }
  const expectedRevision = Number(form.get("revision"));
  await saveDraftFile({ draftId, path: context.quizPath, content: { text: check.text }, expectedRevision: Number.isInteger(expectedRevision) ? expectedRevision : -1, actorId: user.id });
  return redirect(`/studio/drafts/${draftId}/quiz/${module}/${index + 1}?saved=1`);
});

export default function QuestionEditorPage() {
  const { t } = useTranslation();
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<ActionData | OrderRefusal | { status: "error" }>();
  const isBusy = useNavigation().state === "submitting";
  const result = acted && "fields" in acted ? acted : undefined;
  const orderErrors = acted && "orderErrors" in acted ? acted.orderErrors : [];
  const refused = acted && !("fields" in acted) && !("orderErrors" in acted);
  const here = `/studio/drafts/${loaded.draftId}/quiz/${loaded.module}`;
  const count = loaded.questions.length;
  return (
    <div>
      <p className="meta">
        <Link to={`/studio/drafts/${loaded.draftId}`}>{t("studioEditors.page.backToDraft")}</Link>
      </p>
      <h1 id="question-editor-title">
        {loaded.isNew ? t("studioEditors.page.newQuestion") : t("studioEditors.page.editQuestion", { n: loaded.index + 1, module: loaded.module })}
      </h1>
      {loaded.done && !acted ? (
        <p className="notice notice--info" role="status">
          {t(`studioPreview.questions.done.${loaded.done}`)}
        </p>
      ) : null}
      {refused ? (
        <p className="form-error" role="alert">
          {t("studioEditors.page.conflict")}
        </p>
      ) : null}
      {orderErrors.length > 0 ? (
        <div className="form-error" role="alert">
          <p>{t("studioPreview.questions.refused")}</p>
          <pre className="course-errors">{orderErrors.join("\n")}</pre>
        </div>
      ) : null}
      {loaded.isConfirmingDelete ? (
        <section className="notice notice--warn" aria-labelledby="delete-question-heading">
          <h2 id="delete-question-heading">{t("studioPreview.questions.confirmHeading", { n: loaded.index + 1 })}</h2>
          <p>{t("studioPreview.questions.confirmText", { prompt: loaded.questions[loaded.index]?.prompt ?? "" })}</p>
          <Form method="post" className="button-row">
            <input type="hidden" name="revision" value={loaded.revision} />
            <input type="hidden" name="confirm" value="1" />
            <button type="submit" name="intent" value="question-delete" className="danger">
              {t("studioPreview.questions.confirmDelete")}
            </button>{" "}
            <Link to={`${here}/${loaded.index + 1}`}>{t("studioPreview.questions.cancel")}</Link>
          </Form>
        </section>
      ) : null}
      {!loaded.isNew ? (
        <section aria-labelledby="question-order-heading">
          <h2 id="question-order-heading">{t("studioPreview.questions.heading")}</h2>
          <ol>
            {loaded.questions.map((q) => (
              <li key={q.n}>
                <Link to={`${here}/${q.n}`} aria-current={q.n === loaded.index + 1 ? "page" : undefined}>
                  {q.prompt || q.id || t("studioPreview.questions.untitled")}
                </Link>
              </li>
            ))}
          </ol>
          <Form method="post" className="button-row" aria-label={t("studioPreview.questions.orderLabel", { n: loaded.index + 1 })}>
            <input type="hidden" name="revision" value={loaded.revision} />
            <button type="submit" name="intent" value="question-up" className="secondary" disabled={loaded.index === 0}>
              {t("studioPreview.questions.up")}
            </button>
            <button type="submit" name="intent" value="question-down" className="secondary" disabled={loaded.index >= count - 1}>
              {t("studioPreview.questions.down")}
            </button>
            {loaded.isConfirmingDelete ? null : (
              <button type="submit" name="intent" value="question-delete" className="secondary">
                {t("studioPreview.questions.delete")}
              </button>
            )}
          </Form>
        </section>
      ) : null}
      {result?.otherErrors.length ? (
        <details className="notice">
          <summary>{t("studioEditors.page.otherErrors", { count: result.otherErrors.length })}</summary>
          <ul>
            {result.otherErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <QuestionEditor
        key={JSON.stringify(result?.fields ?? loaded.fields)}
        fields={result?.fields ?? loaded.fields}
        errors={result?.errors ?? {}}
        objectives={loaded.objectives}
        citationKeys={loaded.citationKeys}
        hidden={<input type="hidden" name="revision" value={loaded.revision} />}
        isBusy={isBusy}
      />
      <nav aria-label={t("studioEditors.page.addLabel")} className="studio-add-question">
        <p>{t("studioEditors.page.addIntro")}</p>
        <ul>
          {QUESTION_TYPES.map((type) => (
            <li key={type}>
              <Link to={`/studio/drafts/${loaded.draftId}/quiz/${loaded.module}/new-${type}`}>{t(`studioEditors.types.${type}`)}</Link>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
