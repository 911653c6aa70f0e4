// /studio/drafts/<draft>/quiz/<module folder>/<n | new-<type>>: the question editor (issue 13) on a draft's quiz file.
// Who: studio users (requireStudioUser). What: the question's form fields; list edits (intent add:/remove:/up:/down:)
// come back re-rendered without saving; `save` validates with the course compiler and saves the quiz file through
// the drafts' optimistic-concurrency rule (a stale revision is a 409 with the message, nothing overwritten).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { parse } from "yaml";
import { z } from "zod";
import { NotFoundError } from "~/errors";
import { parseParams, readForm, route, routeHeaders } from "~/http.server";
import { requireStudioUser } from "~/studio/access.server";
import { getDraft, readDraftFile, readDraftFiles, saveDraftFile } from "~/studio/drafts.server";
import { QuestionEditor } from "~/studio/question-editor";
import { applyEditIntent, blankQuestion, parseEditIntent, QUESTION_TYPES, questionToFields, type QuestionFields } from "~/studio/question-forms";
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

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  await requireStudioUser(request);
  const { draftId, module, question } = parseParams(params, Params);
  const context = await editorContext(draftId, module);
  const { index, isNew, fields } = target(question, quizQuestions(context.text), context.objectives);
  const title = isNew
    ? await pageTitle(request, "studioEditors.page.newQuestion")
    : await pageTitle(request, "studioEditors.page.editQuestion", { n: String(index + 1), module });
  return { title, draftId, module, index, isNew, fields, revision: context.revision, objectives: context.objectives, citationKeys: context.citationKeys };
});

type ActionData = { fields: QuestionFields; errors: Record<string, string[]>; otherErrors: string[] };

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireStudioUser(request);
  const { draftId, module, question } = parseParams(params, Params);
  const form = await readForm(request, { maxBytes: 256 * 1024 });
  const fields: QuestionFields = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === "string" && name !== "intent" && name !== "revision" && /^[a-zA-Z][a-zA-Z0-9.]{0,80}$/.test(name)) fields[name] = value;
  }
  const intent = String(form.get("intent") ?? "save");
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
  const acted = useActionData<ActionData | { status: "error" }>();
  const isBusy = useNavigation().state === "submitting";
  const result = acted && "fields" in acted ? acted : undefined;
  const refused = acted && !("fields" in acted);
  return (
    <div>
      <p className="meta">
        <Link to={`/studio/drafts/${loaded.draftId}`}>{t("studioEditors.page.backToDraft")}</Link>
      </p>
      <h1 id="question-editor-title">
        {loaded.isNew ? t("studioEditors.page.newQuestion") : t("studioEditors.page.editQuestion", { n: loaded.index + 1, module: loaded.module })}
      </h1>
      {refused ? (
        <p className="form-error" role="alert">
          {t("studioEditors.page.conflict")}
        </p>
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
