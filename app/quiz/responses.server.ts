// Submitted responses of a quiz version, for question analytics (app/studio/item-statistics.ts, ADR 0028): what each
// graded attempt answered and scored per question, and how long each answer took. Per-question scores are the
// grading the learner got: gradeAttempt over the answers of the stored snapshot, exactly what the machine computed on
// submission (machine.ts, `grade`); a snapshot of an older machine version is first rebuilt from its log (replay.ts).
import { and, count, countDistinct, eq, inArray, max, sql } from "drizzle-orm";
import { db } from "~/db.server";
import type { QuizDefinition } from "~/courses/format";
import type { Answer } from "./answers";
import { quizDefinitionOf } from "./definitions.server";
import { gradeAttempt, type QuestionGrade } from "./grading";
import { createQuizMachine, QUIZ_MACHINE_VERSION, type PersistedQuizSnapshot } from "./machine";
import { replayAttempt, type LoggedEvent } from "./replay";
import { quizAttemptEvents, quizAttempts } from "#db/tables/quiz";

/**
 * Graded attempts: submitted, or submitted by the time limit (the answers given by the deadline were graded). An
 * abandoned attempt was never graded and says nothing about the questions.
 */
const GRADED = ["passed", "failed"] as const;

export type SubmittedResponse = {
  /** For keeping one attempt per learner; callers must never show or export it. */
  learnerId: string;
  submittedAt: number;
  grades: QuestionGrade[];
  answers: Record<string, Answer>;
  /**
   * Per question, the milliseconds from the learner's previous logged action to each of their answers to it, summed
   * (a scenario: over its steps). Time spent reading a question and moving on without answering is not counted.
   */
  answerMs: Record<string, number>;
};

/**
 * Every graded attempt at `quizId` of course version `versionId`, with its stored grading. Two queries whatever the
 * number of attempts (the attempts, then their event logs), both served by quiz_attempts_by_version_quiz.
 */
export async function submittedResponsesForQuizVersion(versionId: string, quizId: string): Promise<SubmittedResponse[]> {
  const scope = and(eq(quizAttempts.versionId, versionId), eq(quizAttempts.quizId, quizId), inArray(quizAttempts.status, GRADED));
  const attempts = await db
    .select({
      id: quizAttempts.id,
      userId: quizAttempts.userId,
      language: quizAttempts.language,
      seed: quizAttempts.seed,
      startedAt: quizAttempts.startedAt,
      deadline: quizAttempts.deadline,
      endedAt: quizAttempts.endedAt,
      machineVersion: quizAttempts.machineVersion,
      snapshot: quizAttempts.snapshot,
    })
    .from(quizAttempts)
    .where(scope);
  if (attempts.length === 0) return [];
  // Most of the log is navigation: only an answer's payload is needed (its question), unless the snapshot has to be
  // rebuilt. Sorted here per attempt rather than by the database, which would sort every event of the quiz at once.
  const needsReplay = attempts.some((attempt) => attempt.machineVersion !== QUIZ_MACHINE_VERSION);
  const events = await db
    .select({
      attemptId: quizAttemptEvents.attemptId,
      seq: quizAttemptEvents.seq,
      type: quizAttemptEvents.type,
      at: quizAttemptEvents.at,
      payload: needsReplay
        ? quizAttemptEvents.payload
        : sql<unknown>`case when ${quizAttemptEvents.type} = 'ANSWER' then ${quizAttemptEvents.payload} end`.mapWith(quizAttemptEvents.payload),
    })
    .from(quizAttemptEvents)
    .innerJoin(quizAttempts, eq(quizAttempts.id, quizAttemptEvents.attemptId))
    .where(scope);
  const logs = new Map<string, typeof events>();
  for (const event of events) {
    const log = logs.get(event.attemptId);
    if (log) log.push(event);
    else logs.set(event.attemptId, [event]);
  }
  for (const log of logs.values()) log.sort((a, b) => a.seq - b.seq);
  // Attempts run on the definition of their own language; ids and correct answers are the same in every translation,
  // but grading each with its own definition is what the learner got, whatever a translation may hold.
  const definitions = new Map<string, QuizDefinition>();
  for (const language of new Set(attempts.map((a) => a.language))) {
    definitions.set(language, (await quizDefinitionOf(db, versionId, quizId, language, language)).quiz);
  }
  return attempts.map((attempt) => {
    const quiz = definitions.get(attempt.language)!;
    const log = logs.get(attempt.id) ?? [];
    let snapshot = attempt.snapshot as PersistedQuizSnapshot;
    if (attempt.machineVersion !== QUIZ_MACHINE_VERSION) {
      const replayed = replayAttempt(
        { machine: createQuizMachine(quiz), seed: attempt.seed, startedAt: attempt.startedAt, deadline: attempt.deadline },
        log as LoggedEvent[],
      );
      snapshot = replayed.snapshot;
    }
    const answers = snapshot.context.answers;
    return {
      learnerId: attempt.userId,
      submittedAt: attempt.endedAt ?? snapshot.context.endedAt ?? attempt.startedAt,
      grades: gradeAttempt(quiz, answers).questions,
      answers,
      answerMs: answerTimes(log),
    };
  });
}

function answerTimes(log: { type: string; at: number; payload: unknown }[]): Record<string, number> {
  const times: Record<string, number> = {};
  for (let i = 1; i < log.length; i++) {
    if (log[i].type !== "ANSWER") continue;
    const questionId = (log[i].payload as { questionId?: unknown }).questionId;
    if (typeof questionId !== "string") continue;
    times[questionId] = (times[questionId] ?? 0) + Math.max(0, log[i].at - log[i - 1].at);
  }
  return times;
}

/**
 * Graded attempts, distinct learners and the latest submission per quiz of each of `versionIds`, in one query read
 * from the covering index quiz_attempts_by_version_quiz alone (never the snapshots).
 */
export async function submittedAttemptCounts(versionIds: string[]) {
  if (versionIds.length === 0) return [];
  return db
    .select({
      quizId: quizAttempts.quizId,
      versionId: quizAttempts.versionId,
      attempts: count(),
      learners: countDistinct(quizAttempts.userId),
      lastSubmittedAt: max(quizAttempts.endedAt),
    })
    .from(quizAttempts)
    .where(and(inArray(quizAttempts.versionId, versionIds), inArray(quizAttempts.status, GRADED)))
    .groupBy(quizAttempts.versionId, quizAttempts.quizId);
}
