// Quiz attempts: the I/O around the pure machine. Each request loads the persisted snapshot, hands the learner's
// event to the machine, and writes the new snapshot together with the event log row in one transaction, before the
// response is sent. A killed server therefore loses nothing it acknowledged.
import { and, asc, eq } from "drizzle-orm";
import { db, forUpdate, transaction, type Queryable, type Tx } from "~/db.server";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "~/errors";
import { randomId } from "~/ids.server";
import { recordQuizResult } from "~/courses/enrolment.server";
import type { QuizDefinition } from "~/courses/format";
import { localize } from "~/courses/localize";
import { sourceIn } from "~/courses/sources";
import { isScenarioAnswer, scenarioProgress } from "./answers";
import { eventFromForm, type FormFields } from "./form-events";
import { isReviewVisible, learnerView } from "./learner-view";
import { applyEvent, createQuizMachine, startAttempt, type PersistedQuizSnapshot, type QuizMachine } from "./machine";
import { courseModules, courseVersions, courses, enrolments, quizAttemptEvents, quizAttempts, quizDefinitions } from "#db/tables";

type Locale = "en" | "fr" | "es";
type AttemptRow = typeof quizAttempts.$inferSelect;

/** A refused quiz event: the reason is an i18n key suffix (`quiz.refusal.<reason>`), the status 400 or 409. */
export class QuizRefusal extends DomainError {
  constructor(
    status: 400 | 409,
    readonly reason: string,
  ) {
    super(status, { key: `quiz.refusal.${reason}` });
  }
}

// Machines are rebuilt from the definition on every request, which is pure work; keep the few that are in use.
const machines = new Map<string, QuizMachine>();
function machineFor(versionId: string, language: string, quiz: QuizDefinition) {
  const key = `${versionId}:${quiz.id}:${language}`;
  let machine = machines.get(key);
  if (!machine) {
    if (machines.size > 200) machines.clear();
    machine = createQuizMachine(quiz);
    machines.set(key, machine);
  }
  return machine;
}

async function loadDefinition(q: Queryable, versionId: string, quizId: string, language: string, fallback: string) {
  const rows = await q
    .select({ language: quizDefinitions.language, definition: quizDefinitions.definition })
    .from(quizDefinitions)
    .where(and(eq(quizDefinitions.versionId, versionId), eq(quizDefinitions.quizId, quizId)));
  const row = rows.find((r) => r.language === language) ?? rows.find((r) => r.language === fallback);
  if (!row) throw new NotFoundError();
  return { quiz: row.definition as QuizDefinition, language: row.language };
}

async function liveQuiz(q: Queryable, slug: string, quizId: string) {
  const [row] = await q
    .select({ versionId: courseVersions.id, meta: courseVersions.meta, moduleId: courseModules.moduleId, moduleTitle: courseModules.title })
    .from(courses)
    .innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
    .innerJoin(courseModules, and(eq(courseModules.versionId, courseVersions.id), eq(courseModules.quizId, quizId)))
    .where(eq(courses.slug, slug))
    .limit(1);
  if (!row) throw new NotFoundError();
  return row;
}

async function requireEnrolled(q: Queryable, userId: string, slug: string, lock = false) {
  const query = q
    .select({ id: enrolments.id })
    .from(enrolments)
    .where(and(eq(enrolments.userId, userId), eq(enrolments.courseSlug, slug)))
    .limit(1);
  const [enrolled] = await (lock ? forUpdate(query) : query);
  if (!enrolled) throw new ForbiddenError({ key: "courses.errors.notEnrolled" });
}

function attemptsOf(q: Queryable, userId: string, slug: string, quizId: string): Promise<AttemptRow[]> {
  return q
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.courseSlug, slug), eq(quizAttempts.quizId, quizId)))
    .orderBy(asc(quizAttempts.startedAt));
}

export type StartRule =
  | { canStart: true }
  | { canStart: false; reason: "max-attempts"; maxAttempts: number }
  | { canStart: false; reason: "cooldown"; availableAt: number };

/** Attempts limit and cooldown (after a failed or abandoned attempt), from the quiz settings. */
export function startRule(settings: QuizDefinition["settings"], attempts: AttemptRow[], now: number): StartRule {
  if (settings.maxAttempts !== null && attempts.length >= settings.maxAttempts) {
    return { canStart: false, reason: "max-attempts", maxAttempts: settings.maxAttempts };
  }
  const last = attempts.at(-1);
  if (last?.endedAt && last.status !== "passed" && settings.cooldownMinutes > 0) {
    const availableAt = last.endedAt + settings.cooldownMinutes * 60_000;
    if (now < availableAt) return { canStart: false, reason: "cooldown", availableAt };
  }
  return { canStart: true };
}

/** The quiz's intro page: settings, the learner's attempts, and whether a new attempt may start now. */
export async function getQuizOverview(userId: string, slug: string, quizId: string, locale: Locale, now = Date.now()) {
  await requireEnrolled(db, userId, slug);
  const live = await liveQuiz(db, slug, quizId);
  const { quiz } = await loadDefinition(db, live.versionId, quizId, locale, live.meta.defaultLanguage);
  const attempts = await attemptsOf(db, userId, slug, quizId);
  const active = attempts.find((a) => a.status === "in-progress");
  return {
    courseSlug: slug,
    courseTitle: localize(live.meta.title, locale, live.meta.defaultLanguage),
    moduleTitle: localize(live.moduleTitle, locale, live.meta.defaultLanguage),
    quizId,
    title: quiz.title,
    questionCount: quiz.questions.length,
    settings: {
      passMark: quiz.settings.passMark,
      maxAttempts: quiz.settings.maxAttempts,
      cooldownMinutes: quiz.settings.cooldownMinutes,
      timeLimitMinutes: quiz.settings.timeLimitMinutes,
      feedback: quiz.settings.feedback,
    },
    activeAttemptId: active?.id ?? null,
    rule: active ? ({ canStart: true } as StartRule) : startRule(quiz.settings, attempts, now),
    attempts: attempts.map((a) => ({ id: a.id, status: a.status, startedAt: a.startedAt, endedAt: a.endedAt, percent: a.percent })),
  };
}

/** Starts an attempt (or returns the one in progress) and moves it past the intro, as one logged event. */
export function startQuizAttempt(userId: string, slug: string, quizId: string, locale: Locale, now = Date.now()) {
  return transaction(async (tx) => {
    // Locking the enrolment row makes concurrent starts by the same learner take turns, so the second finds the
    // first's attempt in progress instead of starting another.
    await requireEnrolled(tx, userId, slug, true);
    const live = await liveQuiz(tx, slug, quizId);
    const { quiz, language } = await loadDefinition(tx, live.versionId, quizId, locale, live.meta.defaultLanguage);
    const attempts = await attemptsOf(tx, userId, slug, quizId);
    const active = attempts.find((a) => a.status === "in-progress");
    if (active) return active.id;
    const rule = startRule(quiz.settings, attempts, now);
    if (!rule.canStart) {
      throw new ConflictError(
        rule.reason === "cooldown"
          ? { key: "quiz.errors.cooldown", values: { availableAt: rule.availableAt } }
          : { key: "quiz.errors.maxAttempts", values: { count: rule.maxAttempts } },
      );
    }
    const machine = machineFor(live.versionId, language, quiz);
    const seed = crypto.getRandomValues(new Uint32Array(1))[0];
    const deadline = quiz.settings.timeLimitMinutes ? now + quiz.settings.timeLimitMinutes * 60_000 : null;
    const intro = startAttempt(machine, { seed, startedAt: now, deadline });
    const started = applyEvent(machine, intro, { type: "START", at: now });
    if (!started.ok) throw new QuizRefusal(started.status, started.reason);
    const id = randomId();
    await tx
      .insert(quizAttempts)
      .values({
        id,
        userId,
        courseSlug: slug,
        quizId,
        versionId: live.versionId,
        language,
        seed,
        status: "in-progress",
        snapshot: started.snapshot,
        eventCount: 1,
        startedAt: now,
        deadline,
      });
    await tx.insert(quizAttemptEvents).values({ attemptId: id, seq: 1, type: "START", payload: { type: "START", at: now }, at: now });
    return id;
  });
}

async function loadOwnAttempt(q: Queryable, userId: string, attemptId: string, lock = false) {
  const query = q.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)).limit(1);
  const [attempt] = await (lock ? forUpdate(query) : query);
  // Someone else's attempt is indistinguishable from no attempt: ids are not confirmed to strangers.
  if (!attempt || attempt.userId !== userId) throw new NotFoundError();
  return attempt;
}

async function definitionOf(q: Queryable, attempt: AttemptRow) {
  const { quiz } = await loadDefinition(q, attempt.versionId, attempt.quizId, attempt.language, attempt.language);
  return { quiz, machine: machineFor(attempt.versionId, attempt.language, quiz) };
}

/** Appends an accepted event and records the outcome if it ended the attempt; inside the caller's transaction. */
async function commitEvent(tx: Tx, attempt: AttemptRow, event: Record<string, unknown> & { type: string; at: number }, snapshot: PersistedQuizSnapshot, isFinished: boolean) {
  const seq = attempt.eventCount + 1;
  const grade = snapshot.context.grade;
  const status = !isFinished ? "in-progress" : snapshot.value === "passed" ? "passed" : snapshot.value === "failed" ? "failed" : "abandoned";
  const updated = await tx
    .update(quizAttempts)
    .set({
      snapshot,
      eventCount: seq,
      status,
      endedAt: isFinished ? (snapshot.context.endedAt ?? event.at) : null,
      percent: grade?.percent ?? null,
    })
    .where(and(eq(quizAttempts.id, attempt.id), eq(quizAttempts.eventCount, attempt.eventCount)))
    .returning({ id: quizAttempts.id });
  // The optimistic check: another request moved the attempt on since it was read, so this event is stale.
  if (updated.length !== 1) throw new QuizRefusal(409, "stale-page");
  await tx.insert(quizAttemptEvents).values({ attemptId: attempt.id, seq, type: event.type, payload: event, at: event.at });
  if (isFinished && grade) {
    await recordQuizResult(tx, { userId: attempt.userId, courseSlug: attempt.courseSlug, quizId: attempt.quizId, percent: grade.percent, isPassed: grade.isPassed }, event.at);
  }
  return { ...attempt, snapshot, eventCount: seq, status } as AttemptRow;
}

/** Past the deadline, the attempt is submitted as it stood at the deadline, before anything else happens to it. */
async function closeIfOverdue(userId: string, attemptId: string, now: number): Promise<AttemptRow> {
  // Most requests find nothing to close: decide that on the reader, without queueing for the write lock.
  const seen = await loadOwnAttempt(db, userId, attemptId);
  if (seen.status !== "in-progress" || seen.deadline === null || now <= seen.deadline) return seen;
  return transaction(async (tx) => {
    const attempt = await loadOwnAttempt(tx, userId, attemptId, true);
    if (attempt.status !== "in-progress" || attempt.deadline === null || now <= attempt.deadline) return attempt;
    const { machine } = await definitionOf(tx, attempt);
    const event = { type: "TIME_UP", at: now };
    const result = applyEvent(machine, attempt.snapshot as PersistedQuizSnapshot, event);
    if (!result.ok) throw new QuizRefusal(result.status, result.reason);
    return commitEvent(tx, attempt, event, result.snapshot, result.isFinished);
  });
}

/**
 * Applies one learner event posted from the attempt page. `seq` is the event count the page was rendered at: the
 * same form sent twice (double click, resent POST) finds its event already logged at that position and is applied
 * once; a form from a page that has since moved on is refused as stale.
 */
export async function sendAttemptEvent(userId: string, attemptId: string, fields: FormFields, now = Date.now()) {
  const seq = Number(fields.seq);
  if (!Number.isInteger(seq) || seq < 0) throw new QuizRefusal(400, "invalid-event");
  await closeIfOverdue(userId, attemptId, now);
  return transaction(async (tx) => {
    // Concurrent posts to one attempt take turns on its row: the second sees the first's event, so a resent form
    // is recognised as a duplicate and a stale one refused, and events are appended strictly in order.
    const attempt = await loadOwnAttempt(tx, userId, attemptId, true);
    const { quiz, machine } = await definitionOf(tx, attempt);
    const parsed = eventFromForm(quiz, fields, now);
    if (!parsed.ok) throw new QuizRefusal(400, parsed.reason);
    if (seq < attempt.eventCount && (await sameAsLogged(tx, attempt.id, seq + 1, parsed.event))) return { duplicate: true };
    if (attempt.status !== "in-progress") throw new QuizRefusal(409, endedReason(attempt));
    if (seq !== attempt.eventCount) throw new QuizRefusal(409, "stale-page");
    const result = applyEvent(machine, attempt.snapshot as PersistedQuizSnapshot, parsed.event);
    if (!result.ok) throw new QuizRefusal(result.status, result.reason);
    const after = await commitEvent(tx, attempt, parsed.event, result.snapshot, result.isFinished);
    // "Save and continue" in deferred mode: the answer and the move to the next question, logged as two events.
    if (fields.advance === "1" && parsed.event.type === "ANSWER" && result.state === "question" && isQuestionDone(quiz, result.snapshot, parsed.event.questionId)) {
      const next = { type: "NEXT" as const, at: now };
      const moved = applyEvent(machine, result.snapshot, next);
      if (moved.ok) await commitEvent(tx, after, next, moved.snapshot, moved.isFinished);
    }
    return { duplicate: false };
  });
}

function isQuestionDone(quiz: QuizDefinition, snapshot: PersistedQuizSnapshot, questionId: string) {
  const question = quiz.questions.find((q) => q.id === questionId);
  if (question?.type !== "scenario") return true;
  const answer = snapshot.context.answers[questionId];
  return isScenarioAnswer(answer) && scenarioProgress(question, answer).pending === null;
}

function endedReason(attempt: AttemptRow) {
  return (attempt.snapshot as PersistedQuizSnapshot).context.endedBy === "timeout" ? "deadline-passed" : "attempt-ended";
}

async function sameAsLogged(tx: Tx, attemptId: string, seq: number, event: Record<string, unknown>) {
  const [logged] = await tx
    .select({ payload: quizAttemptEvents.payload })
    .from(quizAttemptEvents)
    .where(and(eq(quizAttemptEvents.attemptId, attemptId), eq(quizAttemptEvents.seq, seq)))
    .limit(1);
  if (!logged) return false;
  const { at: _loggedAt, ...loggedRest } = logged.payload as Record<string, unknown>;
  const { at: _at, ...rest } = event;
  return JSON.stringify(loggedRest) === JSON.stringify(rest);
}

/** What the attempt page shows: the learner view (no answer data before the review policy allows it). */
export async function getAttemptPage(userId: string, attemptId: string, locale: Locale, now = Date.now()) {
  const attempt = await closeIfOverdue(userId, attemptId, now);
  const { quiz } = await definitionOf(db, attempt);
  const snapshot = attempt.snapshot as PersistedQuizSnapshot;
  const [live] = await db
    .select({ meta: courseVersions.meta })
    .from(courseVersions)
    .where(eq(courseVersions.id, attempt.versionId))
    .limit(1);
  const meta = live!.meta;
  let reviewVisible = false;
  if (attempt.status !== "in-progress") {
    const attemptsUsed = (await attemptsOf(db, userId, attempt.courseSlug, attempt.quizId)).filter((a) => a.status !== "in-progress").length;
    reviewVisible = isReviewVisible(quiz.settings, { isPassed: attempt.status === "passed", attemptsUsed });
  }
  return {
    attemptId: attempt.id,
    courseSlug: attempt.courseSlug,
    courseTitle: localize(meta.title, locale, meta.defaultLanguage),
    quizId: attempt.quizId,
    quizTitle: quiz.title,
    language: attempt.language,
    seq: attempt.eventCount,
    status: attempt.status,
    feedbackMode: quiz.settings.feedback,
    // Short names of the instruments, so review citations read "Trafficking Protocol, art. 3(a)".
    sources: reviewVisible ? Object.fromEntries(meta.bibliography.map((b) => [b.key, sourceIn(b, attempt.language).short])) : {},
    now,
    view: learnerView(quiz, snapshot, { reviewVisible }),
  };
}
