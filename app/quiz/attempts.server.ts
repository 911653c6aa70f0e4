// Quiz attempts: the I/O around the pure machine. Each request loads the persisted snapshot, hands the learner's
// event to the machine, and writes the new snapshot together with the event log row in one transaction, before the
// response is sent. A killed server therefore loses nothing it acknowledged.
import { and, asc, eq, isNotNull, lt, sql } from "drizzle-orm";
import { db, forUpdate, preparedOn, transaction, type Queryable, type Tx } from "~/db.server";
import { ConflictError, DomainError, NotFoundError } from "~/errors";
import { recordAudit } from "~/audit.server";
import { randomId, randomUint32 } from "~/ids.server";
import { getLiveQuiz, versionMetaOf } from "~/courses/courses.server";
import { recordQuizResult, requireEnrolment } from "~/courses/enrolment.server";
import type { QuizDefinition } from "~/courses/format";
import { localize } from "~/courses/localize";
import { sourceIn } from "~/courses/sources";
import { quizDefinitionOf } from "./definitions.server";
import { replayAttempt, type LoggedEvent } from "./replay";
import { isScenarioAnswer, scenarioProgress } from "./answers";
import { isReviewVisible, learnerView } from "./learner-view";
import { applyEvent, createQuizMachine, QUIZ_MACHINE_VERSION, startAttempt, type PersistedQuizSnapshot, type QuizEvent, type QuizMachine } from "./machine";
import { quizAttemptEvents, quizAttempts } from "#db/tables/quiz";

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

const loadDefinition = quizDefinitionOf;

// Prepared per connection (ADR 0041): every answer reads its attempt and writes it and its event, every start reads
// the learner's attempts and writes the first event, and building these statements cost more than running them.
const attemptById = (q: Queryable) => q.select().from(quizAttempts).where(eq(quizAttempts.id, sql.placeholder("id"))).limit(1);
const readAttempt = preparedOn((q) => attemptById(q).prepare("attempt_by_id"));
const lockAttempt = preparedOn((q) => forUpdate(attemptById(q)).prepare("attempt_by_id_for_update"));
// A placeholder passed through as it is: set() accepts bare placeholders for JSON columns only (which it encodes), and
// numbers and plain text need no encoding.
const asIs = (name: string) => sql`${sql.placeholder(name)}`;
const advanceAttempt = preparedOn((q) =>
  q
    .update(quizAttempts)
    .set({
      snapshot: sql.placeholder("snapshot"),
      machineVersion: asIs("machineVersion"),
      eventCount: asIs("eventCount"),
      status: asIs("status"),
      endedAt: asIs("endedAt"),
      percent: asIs("percent"),
    })
    .where(and(eq(quizAttempts.id, sql.placeholder("id")), eq(quizAttempts.eventCount, sql.placeholder("seenCount"))))
    .returning({ id: quizAttempts.id })
    .prepare("advance_attempt"),
);
const logEvent = preparedOn((q) =>
  q
    .insert(quizAttemptEvents)
    .values({ attemptId: sql.placeholder("attemptId"), seq: sql.placeholder("seq"), type: sql.placeholder("type"), payload: sql.placeholder("payload"), at: sql.placeholder("at") })
    .prepare("log_attempt_event"),
);
const insertAttempt = preparedOn((q) =>
  q
    .insert(quizAttempts)
    .values({
      id: sql.placeholder("id"),
      userId: sql.placeholder("userId"),
      courseSlug: sql.placeholder("courseSlug"),
      quizId: sql.placeholder("quizId"),
      versionId: sql.placeholder("versionId"),
      language: sql.placeholder("language"),
      seed: sql.placeholder("seed"),
      status: "in-progress",
      snapshot: sql.placeholder("snapshot"),
      machineVersion: QUIZ_MACHINE_VERSION,
      eventCount: 1,
      startedAt: sql.placeholder("startedAt"),
      deadline: sql.placeholder("deadline"),
    })
    .prepare("insert_attempt"),
);
const attemptsOfLearner = preparedOn((q) =>
  q
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, sql.placeholder("userId")), eq(quizAttempts.courseSlug, sql.placeholder("slug")), eq(quizAttempts.quizId, sql.placeholder("quizId"))))
    .orderBy(asc(quizAttempts.startedAt))
    .prepare("attempts_of_learner"),
);

function attemptsOf(q: Queryable, userId: string, slug: string, quizId: string): Promise<AttemptRow[]> {
  return attemptsOfLearner(q).execute({ userId, slug, quizId });
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
  await requireEnrolment(db, userId, slug);
  const live = await getLiveQuiz(db, slug, quizId);
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

/**
 * Starts an attempt (or returns the one in progress) and moves it past the intro, as one logged event. `reserve`: the
 * caller's rate-limit reservation, run first in the same transaction and committed even when the start is refused.
 */
export async function startQuizAttempt(userId: string, slug: string, quizId: string, locale: Locale, now = Date.now(), reserve?: (tx: Tx) => Promise<void>) {
  const outcome = await transaction(async (tx) => {
    await reserve?.(tx);
    try {
      return { id: await startIn(tx, userId, slug, quizId, locale, now) };
    } catch (error) {
      // Refusals are decided before anything is written: committing now commits the reservation alone.
      if (error instanceof DomainError) return { refusal: error };
      throw error;
    }
  });
  if ("refusal" in outcome) throw outcome.refusal;
  return outcome.id;
}

async function startIn(tx: Tx, userId: string, slug: string, quizId: string, locale: Locale, now: number) {
  // Locking the enrolment row makes concurrent starts by the same learner take turns, so the second finds the
  // first's attempt in progress instead of starting another.
  await requireEnrolment(tx, userId, slug, { lock: true });
  const live = await getLiveQuiz(tx, slug, quizId);
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
  const seed = randomUint32();
  const deadline = quiz.settings.timeLimitMinutes ? now + quiz.settings.timeLimitMinutes * 60_000 : null;
  const intro = startAttempt(machine, { seed, startedAt: now, deadline });
  const started = applyEvent(machine, intro, { type: "START", at: now });
  if (!started.ok) throw new QuizRefusal(started.status, started.reason);
  const id = randomId();
  await insertAttempt(tx).execute({ id, userId, courseSlug: slug, quizId, versionId: live.versionId, language, seed, snapshot: started.snapshot, startedAt: now, deadline });
  await logEvent(tx).execute({ attemptId: id, seq: 1, type: "START", payload: { type: "START", at: now }, at: now });
  return id;
}

async function loadOwnAttempt(q: Queryable, userId: string, attemptId: string, lock = false) {
  const [attempt] = await (lock ? lockAttempt(q) : readAttempt(q)).execute({ id: attemptId });
  // Someone else's attempt is indistinguishable from no attempt: ids are not confirmed to strangers.
  if (!attempt || attempt.userId !== userId) throw new NotFoundError();
  return attempt;
}

async function definitionOf(q: Queryable, attempt: AttemptRow) {
  const { quiz } = await loadDefinition(q, attempt.versionId, attempt.quizId, attempt.language, attempt.language);
  return { quiz, machine: machineFor(attempt.versionId, attempt.language, quiz) };
}

/** Appends an accepted event and records the outcome if it ended the attempt; inside the caller's transaction. */
async function commitEvent(tx: Tx, attempt: AttemptRow, event: Record<string, unknown> & { type: string; at: number }, snapshot: PersistedQuizSnapshot, isFinished: boolean): Promise<AttemptRow> {
  const grade = snapshot.context.grade;
  const after: AttemptRow = {
    ...attempt,
    snapshot,
    machineVersion: QUIZ_MACHINE_VERSION,
    eventCount: attempt.eventCount + 1,
    status: !isFinished ? "in-progress" : snapshot.value === "passed" ? "passed" : snapshot.value === "failed" ? "failed" : "abandoned",
    endedAt: isFinished ? (snapshot.context.endedAt ?? event.at) : null,
    percent: grade?.percent ?? null,
  };
  const { snapshot: _, machineVersion, eventCount, status, endedAt, percent } = after;
  const updated = await advanceAttempt(tx).execute({ id: attempt.id, seenCount: attempt.eventCount, snapshot, machineVersion, eventCount, status, endedAt, percent });
  // The optimistic check: another request moved the attempt on since it was read, so this event is stale.
  if (updated.length !== 1) throw new QuizRefusal(409, "stale-page");
  await logEvent(tx).execute({ attemptId: attempt.id, seq: eventCount, type: event.type, payload: event, at: event.at });
  if (isFinished && grade) {
    await recordQuizResult(tx, { userId: attempt.userId, courseSlug: attempt.courseSlug, quizId: attempt.quizId, percent: grade.percent, isPassed: grade.isPassed }, event.at);
  }
  return after;
}

const isOverdue = (attempt: AttemptRow, now: number) => attempt.status === "in-progress" && attempt.deadline !== null && now > attempt.deadline;

/** The attempt's events in order, as logged. */
async function eventLog(q: Queryable, attemptId: string): Promise<LoggedEvent[]> {
  return q
    .select({ seq: quizAttemptEvents.seq, payload: quizAttemptEvents.payload })
    .from(quizAttemptEvents)
    .where(eq(quizAttemptEvents.attemptId, attemptId))
    .orderBy(asc(quizAttemptEvents.seq));
}

/**
 * A snapshot written by an older machine version is rebuilt by the current machine from the attempt's inputs and its
 * log, and stored with the current version, so a changed statechart never breaks an attempt. Inside the caller's
 * transaction.
 */
async function upgradeSnapshot(tx: Tx, attempt: AttemptRow): Promise<AttemptRow> {
  if (attempt.machineVersion === QUIZ_MACHINE_VERSION) return attempt;
  const { machine } = await definitionOf(tx, attempt);
  const { snapshot } = replayAttempt({ machine, seed: attempt.seed, startedAt: attempt.startedAt, deadline: attempt.deadline }, await eventLog(tx, attempt.id));
  await tx.update(quizAttempts).set({ snapshot, machineVersion: QUIZ_MACHINE_VERSION }).where(eq(quizAttempts.id, attempt.id));
  return { ...attempt, snapshot, machineVersion: QUIZ_MACHINE_VERSION };
}

/**
 * Before anything else happens to an attempt: a snapshot of an older machine version is rebuilt (upgradeSnapshot),
 * and past the deadline the attempt is submitted as it stood at the deadline.
 */
async function closeIfOverdue(userId: string, attemptId: string, now: number): Promise<AttemptRow> {
  // Most requests find nothing to do: decide that on the reader, without queueing for the write lock.
  const seen = await loadOwnAttempt(db, userId, attemptId);
  if (!isOverdue(seen, now) && seen.machineVersion === QUIZ_MACHINE_VERSION) return seen;
  return transaction((tx) => closeIfOverdueIn(tx, userId, attemptId, now));
}

/** closeIfOverdue inside the caller's transaction, on the attempt read there under a lock. */
async function closeIfOverdueIn(tx: Tx, userId: string, attemptId: string, now: number): Promise<AttemptRow> {
  const attempt = await upgradeSnapshot(tx, await loadOwnAttempt(tx, userId, attemptId, true));
  if (!isOverdue(attempt, now)) return attempt;
  const { machine } = await definitionOf(tx, attempt);
  // Stamped at the deadline, whenever it is noticed (a page opened later, an answer sent too late, or the closing
  // job): the result, the completion and any certificate are then dated when the attempt really ended.
  const event = { type: "TIME_UP", at: attempt.deadline! };
  const result = applyEvent(machine, attempt.snapshot as PersistedQuizSnapshot, event);
  if (!result.ok) throw new QuizRefusal(result.status, result.reason);
  return commitEvent(tx, attempt, event, result.snapshot, result.isFinished);
}

/**
 * Submits, as it stood at its deadline, every attempt still in progress whose deadline has passed (at most `limit`,
 * oldest deadline first), exactly as opening it would: so results, completions and certificates of attempts
 * nobody reopened are recorded too. Run by the scheduler (app/jobs/all.server.ts). Returns how many it closed.
 */
export async function closeOverdueAttempts(now = Date.now(), limit = 500): Promise<number> {
  const overdue = await db
    .select({ id: quizAttempts.id, userId: quizAttempts.userId })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.status, "in-progress"), isNotNull(quizAttempts.deadline), lt(quizAttempts.deadline, now)))
    .orderBy(asc(quizAttempts.deadline))
    .limit(limit);
  let closed = 0;
  for (const attempt of overdue) {
    try {
      // The same path as a page opened after the deadline; an attempt another request closed meanwhile is left as
      // it is (closeIfOverdue re-reads it under a lock).
      const after = await closeIfOverdue(attempt.userId, attempt.id, now);
      if (after.status !== "in-progress") closed++;
    } catch (error) {
      console.error(`Closing overdue attempt ${attempt.id} failed:`, error instanceof Error ? error.message : error);
    }
  }
  return closed;
}

/** The learner's event, built by the caller from its request once the quiz it applies to is known. */
export type EventRequest = {
  /** The event count the page was rendered at. */
  seq: number;
  /** Builds the machine event from the request (the route knows its form fields; this module does not). */
  toEvent: (quiz: QuizDefinition, at: number) => { ok: true; event: QuizEvent } | { ok: false; reason: string };
  /** "Save and continue": after an answer that completes its question, move to the next one (deferred mode). */
  andNext?: boolean;
  /**
   * The caller's rate-limit reservation (`reserveIn`), run first inside the event's transaction so that an answer
   * costs one COMMIT. It is committed whether the event is accepted or refused: a refused event counts too.
   */
  reserve?: (tx: Tx) => Promise<void>;
};

/** What sendAttemptEvent did: `attempt` is the attempt as its transaction committed it, for the page to show next. */
export type SentEvent = { duplicate: boolean; attempt: AttemptRow };

/**
 * Applies one learner event. `seq` is the event count the page was rendered at: the same form sent twice (double
 * click, resent POST) finds its event already logged at that position and is applied once; a form from a page that
 * has since moved on is refused as stale.
 */
export async function sendAttemptEvent(userId: string, attemptId: string, request: EventRequest, now = Date.now()): Promise<SentEvent> {
  const reserve = request.reserve ?? (async () => {});
  const outcome = await transaction(async (tx) => {
    await reserve(tx);
    // Concurrent posts to one attempt take turns on its row: the second sees the first's event, so a resent form
    // is recognised as a duplicate and a stale one refused, and events are appended strictly in order. The attempt
    // is read once, here, under that lock: an overdue one is closed first (its TIME_UP is committed with the
    // refusal of this event), an old snapshot rebuilt.
    let decided: Awaited<ReturnType<typeof decideEvent>>;
    try {
      if (!Number.isInteger(request.seq) || request.seq < 0) throw new QuizRefusal(400, "invalid-event");
      decided = await decideEvent(tx, await closeIfOverdueIn(tx, userId, attemptId, now), request, now);
    } catch (error) {
      // The event itself wrote nothing, so committing here commits the reservation (and any closing at the
      // deadline) alone.
      if (error instanceof DomainError) return { refusal: error };
      throw error;
    }
    if (decided.duplicate) return { duplicate: true, attempt: decided.attempt };
    const { attempt, quiz, machine, event, result } = decided;
    let after = await commitEvent(tx, attempt, event, result.snapshot, result.isFinished);
    // "Save and continue" in deferred mode: the answer and the move to the next question, logged as two events.
    if (request.andNext && event.type === "ANSWER" && result.state === "question" && isQuestionDone(quiz, result.snapshot, event.questionId)) {
      const next = { type: "NEXT" as const, at: now };
      const moved = applyEvent(machine, result.snapshot, next);
      if (moved.ok) after = await commitEvent(tx, after, next, moved.snapshot, moved.isFinished);
    }
    return { duplicate: false, attempt: after };
  });
  if ("refusal" in outcome) throw outcome.refusal;
  return outcome;
}

/** Decides what the event does to the attempt (read by the caller under its lock), writing nothing; throws the refusal. */
async function decideEvent(tx: Tx, attempt: AttemptRow, request: EventRequest, now: number) {
  const { seq } = request;
  const { quiz, machine } = await definitionOf(tx, attempt);
  const parsed = request.toEvent(quiz, now);
  if (!parsed.ok) throw new QuizRefusal(400, parsed.reason);
  if (seq < attempt.eventCount && (await sameAsLogged(tx, attempt.id, seq + 1, parsed.event))) return { duplicate: true as const, attempt };
  if (attempt.status !== "in-progress") throw new QuizRefusal(409, endedReason(attempt));
  if (seq !== attempt.eventCount) throw new QuizRefusal(409, "stale-page");
  const result = applyEvent(machine, attempt.snapshot as PersistedQuizSnapshot, parsed.event);
  if (!result.ok) throw new QuizRefusal(result.status, result.reason);
  return { duplicate: false as const, attempt, quiz, machine, event: parsed.event, result };
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
  return attemptPage(await closeIfOverdue(userId, attemptId, now), locale, now);
}

/** The attempt page after an event, from the attempt as the event's transaction left it: no second read. */
export function attemptPageAfter(sent: SentEvent, locale: Locale, now = Date.now()) {
  return attemptPage(sent.attempt, locale, now);
}

async function attemptPage(attempt: AttemptRow, locale: Locale, now: number) {
  const { quiz } = await definitionOf(db, attempt);
  const snapshot = attempt.snapshot as PersistedQuizSnapshot;
  const meta = await versionMetaOf(db, attempt.versionId);
  let reviewVisible = false;
  if (attempt.status !== "in-progress") {
    const attemptsUsed = (await attemptsOf(db, attempt.userId, attempt.courseSlug, attempt.quizId)).filter((a) => a.status !== "in-progress").length;
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

/** What an administrator sees of an attempt before re-grading it. */
export async function getAttemptForAdmin(attemptId: string) {
  const [attempt] = await db.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)).limit(1);
  if (!attempt) throw new NotFoundError();
  const { quiz } = await definitionOf(db, attempt);
  return {
    id: attempt.id,
    userId: attempt.userId,
    courseSlug: attempt.courseSlug,
    quizId: attempt.quizId,
    quizTitle: quiz.title,
    status: attempt.status,
    percent: attempt.percent,
    eventCount: attempt.eventCount,
    startedAt: attempt.startedAt,
    endedAt: attempt.endedAt,
    machineVersion: attempt.machineVersion,
  };
}

/**
 * Re-grades an attempt from its event log with the current machine and grading (after a grading fix, or to settle a
 * disputed result), in one audited transaction. The log is the evidence: nothing the learner sent is changed, only
 * the result derived from it. A result that now passes records the quiz pass (which may complete the course and
 * issue the certificate); a pass that now fails is reported but not withdrawn, since taking back a completion or a
 * certificate is a decision for a person (certificate revocation), not a side effect.
 */
export async function regradeAttempt(actorId: string, attemptId: string, now = Date.now()) {
  return transaction(async (tx) => {
    const [attempt] = await tx.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)).limit(1);
    if (!attempt) throw new NotFoundError();
    if (attempt.status === "in-progress") throw new ConflictError({ key: "admin.attempts.errors.inProgress" });
    const { machine } = await definitionOf(tx, attempt);
    const replayed = replayAttempt(
      { machine, seed: attempt.seed, startedAt: attempt.startedAt, deadline: attempt.deadline },
      await eventLog(tx, attempt.id),
    );
    const grade = replayed.snapshot.context.grade;
    const value = replayed.snapshot.value;
    const status = !replayed.isFinished ? attempt.status : value === "passed" ? "passed" : value === "failed" ? "failed" : "abandoned";
    const before = { status: attempt.status, percent: attempt.percent };
    const after = { status, percent: grade?.percent ?? null };
    await tx
      .update(quizAttempts)
      .set({ snapshot: replayed.snapshot, machineVersion: QUIZ_MACHINE_VERSION, status, percent: after.percent })
      .where(eq(quizAttempts.id, attempt.id));
    await recordAudit(tx, {
      actorId,
      action: "quiz-attempt.regraded",
      subject: attempt.id,
      details: { before, after, refusedOnReplay: replayed.refused },
      at: now,
    });
    if (grade?.isPassed && before.status !== "passed") {
      await recordQuizResult(tx, { userId: attempt.userId, courseSlug: attempt.courseSlug, quizId: attempt.quizId, percent: grade.percent, isPassed: true }, now);
    }
    return { before, after, isChanged: before.status !== after.status || before.percent !== after.percent };
  });
}
