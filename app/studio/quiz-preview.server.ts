// Taking a draft's or a version's quiz as a learner would, recording nothing a learner or a statistic could count
// (issue 13, ADR 0034). The quiz is compiled from the draft's (or version's) file map by the same compiler as a
// publication; the same quiz machine grades each answer on the server and the same learner view decides what the
// browser may see. Only the preview's own row in `quiz_previews` (owned here, purged after a day) is written: never
// quiz_attempts, their events, progress, enrolments, certificates or anything question analytics read.
import { and, eq, lt } from "drizzle-orm";
import { db, forUpdate, transaction, type Queryable } from "~/db.server";
import { NotFoundError } from "~/errors";
import { randomId, randomUint32 } from "~/ids.server";
import { checkCourseFiles } from "~/courses/import.server";
import type { CourseFiles } from "~/courses/course-files.server";
import type { QuizDefinition } from "~/courses/format";
import { localize } from "~/courses/localize";
import { sourceIn } from "~/courses/sources";
import { readVersionFiles } from "~/courses/versions.server";
import { QuizRefusal } from "~/quiz/attempts.server";
import { isScenarioAnswer, scenarioProgress } from "~/quiz/answers";
import { isReviewVisible, learnerView } from "~/quiz/learner-view";
import { applyEvent, createQuizMachine, startAttempt, type PersistedQuizSnapshot, type QuizEvent } from "~/quiz/machine";
import { formatCourseError } from "~/courses/compile.server";
import { readDraftFiles } from "./drafts.server";
import { quizPreviews } from "#db/tables/studio";

type Locale = "en" | "fr" | "es";

/** A preview is kept this long after it started, then purged (by the next start and by the scheduler). */
export const PREVIEW_LIFETIME_MS = 24 * 60 * 60 * 1000;

export type PreviewSource = { kind: "draft"; draftId: string } | { kind: "version"; slug: string; versionId: string };

/** What a preview row keeps besides the machine's snapshot: the quiz as compiled when the preview started. */
type PreviewContent = { quiz: QuizDefinition; courseTitle: string; sources: Record<string, string> };

const keyOf = (source: PreviewSource) => (source.kind === "draft" ? `draft:${source.draftId}` : `version:${source.versionId}:${source.slug}`);

function sourceOfKey(key: string): PreviewSource {
  const [kind, id, slug] = key.split(":");
  return kind === "draft" ? { kind: "draft", draftId: id! } : { kind: "version", versionId: id!, slug: slug! };
}

/** Where the list of the previewed draft's or version's quizzes is. */
export function previewHomeOf(source: PreviewSource): string {
  return source.kind === "draft" ? `/studio/drafts/${source.draftId}/quizzes` : `/studio/courses/${source.slug}/versions/${source.versionId}/quizzes`;
}

function filesOf(source: PreviewSource): Promise<CourseFiles> {
  return source.kind === "draft" ? readDraftFiles(source.draftId) : readVersionFiles(source.slug, source.versionId);
}

/** The whole course compiled exactly as a publication would compile it (the learner bibliography links included). */
async function compile(source: PreviewSource) {
  const result = checkCourseFiles(await filesOf(source));
  return { course: result.course, errors: result.errors.map(formatCourseError) };
}

/** The quizzes a trainer can take in preview, by module; or the compiler's messages when the course does not compile. */
export async function listPreviewQuizzes(source: PreviewSource, locale: Locale) {
  const { course, errors } = await compile(source);
  if (!course) return { courseTitle: null, errors, quizzes: [] };
  const fallback = course.meta.defaultLanguage;
  return {
    courseTitle: localize(course.title, locale, fallback),
    errors,
    quizzes: course.modules.flatMap((module) => {
      const quiz = module.quiz[locale] ?? module.quiz[fallback];
      if (!quiz) return [];
      return [
        {
          quizId: quiz.id,
          moduleTitle: localize(module.title, locale, fallback),
          title: quiz.title,
          questionCount: quiz.questions.length,
          scenarioCount: quiz.questions.filter((q) => q.type === "scenario").length,
          passMark: quiz.settings.passMark,
          feedback: quiz.settings.feedback,
        },
      ];
    }),
  };
}

/** Starts a preview of `quizId` for `userId` and returns its id. An invalid course or an unknown quiz is a 404. */
export async function startQuizPreview(userId: string, source: PreviewSource, quizId: string, locale: Locale, now = Date.now()) {
  const { course } = await compile(source);
  const module = course?.modules.find((m) => Object.values(m.quiz).some((q) => q?.id === quizId));
  if (!course || !module) throw new NotFoundError();
  const fallback = course.meta.defaultLanguage;
  // The learner's rule: the quiz in the reader's language, else in the course's default language.
  const language = module.quiz[locale] ? locale : fallback;
  const quiz = module.quiz[language]!;
  const content: PreviewContent = {
    quiz,
    courseTitle: localize(course.title, locale, fallback),
    sources: Object.fromEntries(course.bibliography.map((entry) => [entry.key, sourceIn(entry, language).short])),
  };
  const machine = createQuizMachine(quiz);
  // As startQuizAttempt does: a random question order, the quiz's own time limit, and past the intro at once.
  const seed = randomUint32();
  const deadline = quiz.settings.timeLimitMinutes ? now + quiz.settings.timeLimitMinutes * 60_000 : null;
  const started = applyEvent(machine, startAttempt(machine, { seed, startedAt: now, deadline }), { type: "START", at: now });
  if (!started.ok) throw new QuizRefusal(started.status, started.reason);
  const id = randomId();
  await transaction(async (tx) => {
    await tx.delete(quizPreviews).where(lt(quizPreviews.createdAt, now - PREVIEW_LIFETIME_MS));
    await tx.insert(quizPreviews).values({
      id,
      userId,
      sourceKey: keyOf(source),
      courseSlug: course.slug,
      quizId: quiz.id,
      language,
      definition: content,
      snapshot: started.snapshot,
      eventCount: 1,
      createdAt: now,
    });
  });
  return id;
}

type PreviewRow = typeof quizPreviews.$inferSelect;

async function loadOwnPreview(q: Queryable, userId: string, previewId: string, now: number, lock = false) {
  const query = q.select().from(quizPreviews).where(eq(quizPreviews.id, previewId)).limit(1);
  const [row] = await (lock ? forUpdate(query) : query);
  // Another person's preview, or an expired one, is no preview: ids are not confirmed to strangers.
  if (!row || row.userId !== userId || row.createdAt < now - PREVIEW_LIFETIME_MS) throw new NotFoundError();
  return row;
}

const contentOf = (row: PreviewRow) => row.definition as PreviewContent;
const isOpen = (snapshot: PersistedQuizSnapshot) => !["passed", "failed", "abandoned"].includes(snapshot.value);

/** Past its deadline, a timed preview is submitted as it stood at the deadline, as a learner's attempt is. */
async function closeIfOverdue(userId: string, previewId: string, now: number): Promise<PreviewRow> {
  const seen = await loadOwnPreview(db, userId, previewId, now);
  const overdue = (row: PreviewRow) => {
    const snapshot = row.snapshot as PersistedQuizSnapshot;
    return isOpen(snapshot) && snapshot.context.deadline !== null && now > snapshot.context.deadline;
  };
  if (!overdue(seen)) return seen;
  return transaction(async (tx) => {
    const row = await loadOwnPreview(tx, userId, previewId, now, true);
    if (!overdue(row)) return row;
    const snapshot = row.snapshot as PersistedQuizSnapshot;
    const result = applyEvent(createQuizMachine(contentOf(row).quiz), snapshot, { type: "TIME_UP", at: snapshot.context.deadline! });
    if (!result.ok) throw new QuizRefusal(result.status, result.reason);
    return commit(tx, row, result.snapshot);
  });
}

async function commit(tx: Queryable, row: PreviewRow, snapshot: PersistedQuizSnapshot): Promise<PreviewRow> {
  const updated = await tx
    .update(quizPreviews)
    .set({ snapshot, eventCount: row.eventCount + 1 })
    .where(and(eq(quizPreviews.id, row.id), eq(quizPreviews.eventCount, row.eventCount)))
    .returning({ id: quizPreviews.id });
  if (updated.length !== 1) throw new QuizRefusal(409, "stale-page");
  return { ...row, snapshot, eventCount: row.eventCount + 1 };
}

/** What the preview page shows: the learner's view of the snapshot, nothing of the answers before it allows. */
export async function getQuizPreviewPage(userId: string, previewId: string, now = Date.now()) {
  const row = await closeIfOverdue(userId, previewId, now);
  const { quiz, courseTitle, sources } = contentOf(row);
  const snapshot = row.snapshot as PersistedQuizSnapshot;
  const isOver = !isOpen(snapshot);
  // As on a learner's first attempt: the quiz's own review policy decides what the result shows.
  const reviewVisible = isOver && isReviewVisible(quiz.settings, { isPassed: snapshot.value === "passed", attemptsUsed: 1 });
  const source = sourceOfKey(row.sourceKey);
  return {
    previewId: row.id,
    source,
    home: previewHomeOf(source),
    courseSlug: row.courseSlug,
    courseTitle,
    quizId: row.quizId,
    quizTitle: quiz.title,
    language: row.language,
    seq: row.eventCount,
    feedbackMode: quiz.settings.feedback,
    sources: reviewVisible ? sources : {},
    now,
    view: learnerView(quiz, snapshot, { reviewVisible }),
  };
}

export type PreviewEventRequest = {
  /** The event count the page was rendered at: a form from a page that has moved on is refused as stale. */
  seq: number;
  /** The learner route's own form → event builder, so a preview reads its forms exactly as an attempt does. */
  toEvent: (quiz: QuizDefinition, at: number) => { ok: true; event: QuizEvent } | { ok: false; reason: string };
  /** "Save and continue" (deferred feedback): after an answer that completes its question, the next question. */
  andNext?: boolean;
};

/** Applies one event to the preview with the learner's quiz machine, in one transaction on the preview's row only. */
export async function sendQuizPreviewEvent(userId: string, previewId: string, request: PreviewEventRequest, now = Date.now()) {
  if (!Number.isInteger(request.seq) || request.seq < 0) throw new QuizRefusal(400, "invalid-event");
  await closeIfOverdue(userId, previewId, now);
  await transaction(async (tx) => {
    const row = await loadOwnPreview(tx, userId, previewId, now, true);
    const { quiz } = contentOf(row);
    const snapshot = row.snapshot as PersistedQuizSnapshot;
    const parsed = request.toEvent(quiz, now);
    if (!parsed.ok) throw new QuizRefusal(400, parsed.reason);
    if (!isOpen(snapshot)) throw new QuizRefusal(409, snapshot.context.endedBy === "timeout" ? "deadline-passed" : "attempt-ended");
    if (request.seq !== row.eventCount) throw new QuizRefusal(409, "stale-page");
    const machine = createQuizMachine(quiz);
    const result = applyEvent(machine, snapshot, parsed.event);
    if (!result.ok) throw new QuizRefusal(result.status, result.reason);
    let next = result.snapshot;
    const event = parsed.event;
    if (request.andNext && event.type === "ANSWER" && result.state === "question" && isQuestionDone(quiz, next, event.questionId)) {
      const moved = applyEvent(machine, next, { type: "NEXT", at: now });
      if (moved.ok) next = moved.snapshot;
    }
    await commit(tx, row, next);
  });
}

function isQuestionDone(quiz: QuizDefinition, snapshot: PersistedQuizSnapshot, questionId: string) {
  const question = quiz.questions.find((q) => q.id === questionId);
  if (question?.type !== "scenario") return true;
  const answer = snapshot.context.answers[questionId];
  return isScenarioAnswer(answer) && scenarioProgress(question, answer).pending === null;
}

/** Deletes previews older than a day; run by the scheduler (app/jobs/all.server.ts). Returns how many. */
export async function purgeQuizPreviews(now = Date.now()): Promise<number> {
  const deleted = await transaction((tx) => tx.delete(quizPreviews).where(lt(quizPreviews.createdAt, now - PREVIEW_LIFETIME_MS)).returning({ id: quizPreviews.id }));
  return deleted.length;
}
