// Submitted quiz attempts written straight into a server's database, for journeys and benchmarks that need many of
// them (question analytics) faster than learners could take them through the pages. Each attempt is still made by
// the real quiz machine: every event is applied with applyEvent (a refusal throws), and the rows written are the
// snapshot and the event log the machine produced, exactly as attempts.server.ts would store them.
import crypto from "node:crypto";
import type { Question, QuizDefinition, ScenarioStep } from "~/courses/format";
import { randomId } from "~/ids.server";
import { nextStepId, type StepAnswer } from "~/quiz/answers";
import { applyEvent, createQuizMachine, QUIZ_MACHINE_VERSION, startAttempt, type PersistedQuizSnapshot } from "~/quiz/machine";

/** One SQL statement with `?` placeholders, run by whatever connection the caller has (SQLite or PostgreSQL). */
export type Execute = (sql: string, values: unknown[]) => Promise<unknown> | unknown;

/** The answer to one question (a scenario: its step answers in path order), or undefined to leave it unanswered. */
export type AnswerScript = Record<string, unknown | Array<[stepId: string, answer: unknown]>>;

export type SeededAttempt = { learner: string; answers: AnswerScript; startedAt: number; secondsPerAnswer?: number };

const SECOND = 1_000;

/** Inserts learner accounts (no password that works: they never sign in) and returns their ids. */
export async function seedLearners(execute: Execute, count: number, now = Date.now()): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomId();
    await execute(
      "insert into users (id, email, full_name, password_hash, preferred_language, profile, organisation, role, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      [id, `seeded.${id.slice(0, 12)}@example.org`, `Seeded Learner ${i + 1}`, "seeded-no-password", "en", "border-official", "Seeded Unit", "learner", now],
    );
    ids.push(id);
  }
  return ids;
}

/**
 * Runs each attempt through the machine (START, each question's answers in the attempt's order, NEXT after each,
 * SUBMIT from the review) and writes the attempt row and its event log.
 */
export async function seedSubmittedAttempts(
  execute: Execute,
  target: { courseSlug: string; versionId: string; quiz: QuizDefinition; language?: string },
  attempts: SeededAttempt[],
) {
  const machine = createQuizMachine(target.quiz);
  const isImmediate = target.quiz.settings.feedback === "immediate";
  for (const attempt of attempts) {
    const seed = crypto.randomInt(0, 2 ** 31);
    let at = attempt.startedAt;
    let snapshot = startAttempt(machine, { seed, startedAt: at, deadline: null });
    const events: Record<string, unknown>[] = [];
    const apply = (event: Record<string, unknown>, after: number) => {
      at += after;
      const stamped = { ...event, at };
      const result = applyEvent(machine, snapshot, stamped);
      if (!result.ok) throw new Error(`seeded event ${JSON.stringify(stamped)} refused: ${result.reason} (${result.message})`);
      snapshot = result.snapshot;
      events.push(stamped);
    };
    const think = (attempt.secondsPerAnswer ?? 20) * SECOND;
    apply({ type: "START" }, 0);
    for (const questionId of snapshot.context.order) {
      const answer = attempt.answers[questionId];
      if (Array.isArray(answer)) {
        for (const [i, [stepId, stepAnswer]] of (answer as [string, unknown][]).entries()) {
          apply({ type: "ANSWER", questionId, stepId, answer: stepAnswer }, think);
          if (isImmediate && i < answer.length - 1) apply({ type: "NEXT" }, SECOND);
        }
      } else if (answer !== undefined) {
        apply({ type: "ANSWER", questionId, answer }, think);
      }
      apply({ type: "NEXT" }, SECOND);
    }
    apply({ type: "SUBMIT" }, SECOND);
    await writeAttempt(execute, target, attempt.learner, seed, snapshot, events);
  }
}

async function writeAttempt(
  execute: Execute,
  target: { courseSlug: string; versionId: string; quiz: QuizDefinition; language?: string },
  userId: string,
  seed: number,
  snapshot: PersistedQuizSnapshot,
  events: Record<string, unknown>[],
) {
  const id = randomId();
  const { context } = snapshot;
  const status = snapshot.value === "passed" ? "passed" : snapshot.value === "failed" ? "failed" : "abandoned";
  await execute(
    "insert into quiz_attempts (id, user_id, course_slug, quiz_id, version_id, language, seed, status, snapshot, machine_version, event_count, started_at, deadline, ended_at, percent) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [id, userId, target.courseSlug, target.quiz.id, target.versionId, target.language ?? "en", seed, status, JSON.stringify(snapshot), QUIZ_MACHINE_VERSION, events.length, context.startedAt, null, context.endedAt, context.grade?.percent ?? null],
  );
  for (const [i, event] of events.entries()) {
    await execute("insert into quiz_attempt_events (attempt_id, seq, type, payload, at) values (?, ?, ?, ?, ?)", [id, i + 1, event.type, JSON.stringify(event), event.at]);
  }
  return id;
}

/** A right answer to a question, or a wrong one (a scenario: the whole path, every step right or wrong alike). */
export function scriptedAnswer(question: Question, isRight: boolean, pick: () => number = Math.random): unknown {
  const other = <T,>(items: T[], not: (item: T) => boolean) => {
    const candidates = items.filter((item) => !not(item));
    return candidates[Math.floor(pick() * candidates.length)] ?? items[0];
  };
  switch (question.type) {
    case "single":
    case "multiple":
    case "true-false":
      return choiceAnswer(question, isRight, pick);
    case "matching":
      return {
        placements: Object.fromEntries(
          question.items.map((item) => [item.id, isRight ? item.category : other(question.categories, (c) => c.id === item.category).id]),
        ),
      };
    case "ordering": {
      const order = question.items.map((item) => item.id);
      return { order: isRight ? order : [...order.slice(1), order[0]] };
    }
    case "scenario": {
      const path: Array<[string, unknown]> = [];
      let step: ScenarioStep | undefined = question.steps.find((s) => s.id === question.start);
      while (step && path.length < question.steps.length) {
        const answer = choiceAnswer(step, isRight, pick);
        path.push([step.id, answer]);
        const next = nextStepId(step, answer);
        step = next ? question.steps.find((s) => s.id === next) : undefined;
      }
      return path;
    }
  }
}

function choiceAnswer(target: Extract<Question | ScenarioStep, { type: "single" | "multiple" | "true-false" }>, isRight: boolean, pick: () => number): StepAnswer {
  if (target.type === "true-false") return { value: isRight ? target.answer : !target.answer };
  const right = target.options.filter((o) => o.correct);
  const wrong = target.options.filter((o) => !o.correct);
  const anyWrong = wrong[Math.floor(pick() * wrong.length)] ?? target.options[0];
  if (target.type === "single") return { optionId: (isRight ? right[0] : anyWrong).id };
  return { optionIds: isRight ? right.map((o) => o.id) : [anyWrong.id] };
}
