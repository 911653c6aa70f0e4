// Deleting and reordering the questions of a draft's quiz (issue 13): the quiz file is rewritten with the yaml
// Document API (question-yaml.ts: the other questions and the file's comments kept as written), checked by the
// course compiler, and saved through the drafts' revision check, so a stale page is a 409 and nothing is overwritten.
// A change that would make the course invalid in a new way (the last question deleted, say) is refused with the
// compiler's messages and nothing is written.
import { NotFoundError } from "~/errors";
import { checkCourseFiles } from "~/courses/import.server";
import { formatCourseError } from "~/courses/compile.server";
import type { CourseFiles } from "~/courses/course-files.server";
import { readDraftFile, readDraftFiles, saveDraftFiles } from "./drafts.server";
import { quizQuestions, withoutQuestion, withQuestionMoved } from "./question-yaml";

export type QuestionChange = { kind: "delete" } | { kind: "move"; direction: "up" | "down" };

export type QuestionChangeOutcome = { ok: true; index: number; count: number } | { ok: false; errors: string[] };

/** Messages the compiler gives for `files` (line numbers dropped, since moving a question moves every line after it). */
function messages(files: CourseFiles): Set<string> {
  return new Set(checkCourseFiles(files).errors.map((error) => error.message));
}

/** The quiz's translation files (`quiz.fr.yaml`…), which must list the same questions in the same order. */
function translationPaths(course: CourseFiles, module: string): string[] {
  return [...course.files.keys()].filter((path) => new RegExp(`^${module}/quiz\\.(en|fr|es)\\.yaml$`).test(path));
}

/** The same change in a translation, by question id (a translation that lacks the question is left as it is). */
function changeTranslation(text: string, change: QuestionChange, id: unknown, neighbourId: unknown): string {
  const ids = quizQuestions(text).map((q) => q.id);
  const at = ids.indexOf(id as string);
  if (at < 0) return text;
  if (change.kind === "delete") return withoutQuestion(text, at);
  const to = ids.indexOf(neighbourId as string);
  return to < 0 ? text : withQuestionMoved(text, at, to);
}

/**
 * Deletes question `index` (0-based) of `<module>/quiz.yaml`, or moves it one place up or down, and does the same in
 * the quiz's translations. `expectedRevision` is the quiz file's revision the page was rendered at. Returns the
 * question's new position and the new count.
 */
export async function changeQuestion(input: {
  draftId: string;
  module: string;
  index: number;
  change: QuestionChange;
  expectedRevision: number;
  actorId: string;
}): Promise<QuestionChangeOutcome> {
  const course = await readDraftFiles(input.draftId);
  const path = `${input.module}/quiz.yaml`;
  const text = course.files.get(path);
  if (text === undefined) throw new NotFoundError();
  const questions = quizQuestions(text);
  const question = questions[input.index];
  if (!question) throw new NotFoundError();
  const { change } = input;
  let index: number;
  let next: string;
  if (change.kind === "delete") {
    next = withoutQuestion(text, input.index);
    index = Math.max(0, Math.min(input.index, questions.length - 2));
  } else {
    index = input.index + (change.direction === "up" ? -1 : 1);
    // Already first or last: nothing to do, and nothing written.
    if (index < 0 || index >= questions.length) return { ok: true, index: input.index, count: questions.length };
    next = withQuestionMoved(text, input.index, index);
  }
  const changed = new Map([[path, next]]);
  for (const translation of translationPaths(course, input.module)) {
    const translated = changeTranslation(course.files.get(translation)!, change, question.id, questions[index]?.id);
    if (translated !== course.files.get(translation)) changed.set(translation, translated);
  }
  const before = messages(course);
  const files = new Map(course.files);
  for (const [changedPath, changedText] of changed) files.set(changedPath, changedText);
  const introduced = checkCourseFiles({ ...course, files }).errors.filter((error) => !before.has(error.message));
  if (introduced.length > 0) return { ok: false, errors: introduced.map(formatCourseError) };
  // The quiz file is checked against the page's revision; its translations against the revisions just read, so a
  // translation saved meanwhile is a conflict too.
  const revisions = await Promise.all([...changed.keys()].filter((p) => p !== path).map(async (p) => [p, (await readDraftFile(input.draftId, p)).revision] as const));
  const expected = new Map<string, number>([[path, input.expectedRevision], ...revisions]);
  await saveDraftFiles({
    draftId: input.draftId,
    files: [...changed].map(([changedPath, changedText]) => ({ path: changedPath, text: changedText, expectedRevision: expected.get(changedPath)! })),
    actorId: input.actorId,
    auditDetails:
      change.kind === "delete"
        ? { question: { id: question.id ?? null, deletedFrom: input.index + 1 } }
        : { question: { id: question.id ?? null, movedFrom: input.index + 1, movedTo: index + 1 } },
  });
  return { ok: true, index, count: quizQuestions(next).length };
}
