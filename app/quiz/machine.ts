// The quiz attempt as an XState 5 statechart, run on the server: attempts.server.ts restores the persisted
// snapshot, calls applyEvent and stores the result with the event in one transaction. Pure: time arrives as each
// event's `at` (ms) and as the input's startedAt/deadline, never from a clock; order comes from the input seed.
//
//   intro ─START→ question ⇄ (NEXT/PREVIOUS/GOTO) ─NEXT on last / REVIEW→ review ─SUBMIT→ submitted → passed|failed
//                 question ─ANSWER (immediate feedback only)→ feedback ─NEXT→ question | review
//   any open state ─TIME_UP (at ≥ deadline)→ timedOut → passed|failed        any open state ─ABANDON→ abandoned
//
// `submitted` and `timedOut` are transient: on entry the attempt is already graded (timedOut grades the answers
// given, at the deadline), and an eventless transition routes to the final `passed` or `failed`. So a persisted
// attempt always rests in passed/failed/abandoned once over, and `context.endedBy` ("submit" | "timeout" |
// "abandon") records how it ended. Once the deadline has passed, every event but TIME_UP is refused, so the server
// must send TIME_UP (stamped at or after the deadline) before anything else.
import { and, assign, createActor, setup, type AnyStateMachine, type Snapshot } from "xstate";
import { z } from "zod";
import type { QuizDefinition } from "~/courses/format";
import {
  isScenarioAnswer,
  parseAnswer,
  scenarioProgress,
  type Answer,
  type AnswerCheck,
  type StepAnswer,
} from "./answers";
import { gradeAttempt, type GradeSummary } from "./grading";
import { questionOrder } from "./shuffle";

export type QuizStateName =
  | "intro"
  | "question"
  | "feedback"
  | "review"
  | "submitted"
  | "timedOut"
  | "passed"
  | "failed"
  | "abandoned";

/**
 * The version of this statechart's persisted shape: state names, context fields and what each event does. Stored
 * with every snapshot (quiz_attempts.machine_version). Bump it whenever a change would make an old snapshot mean
 * something else; attempts.server.ts then rebuilds older snapshots by replaying their event log (replay.ts).
 */
export const QUIZ_MACHINE_VERSION = 1;

export type QuizInput = { seed: number; startedAt: number; deadline: number | null };

export type QuizContext = {
  seed: number;
  startedAt: number;
  deadline: number | null;
  /** Question ids in the order this attempt shows them. */
  order: string[];
  /** Position in `order` of the question shown. */
  index: number;
  /** By question id; a scenario's answer holds its step answers along the path taken (its progress). */
  answers: Record<string, Answer>;
  flags: string[];
  grade: GradeSummary | null;
  endedAt: number | null;
  endedBy: "submit" | "timeout" | "abandon" | null;
};

const at = z.number().finite();
const questionId = z.string().min(1).max(200);
export const QuizEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("START"), at }).strict(),
  z
    .object({ type: z.literal("ANSWER"), at, questionId, stepId: questionId.optional(), answer: z.unknown() })
    .strict(),
  z.object({ type: z.literal("NEXT"), at }).strict(),
  z.object({ type: z.literal("PREVIOUS"), at }).strict(),
  z.object({ type: z.literal("GOTO"), at, index: z.number().int() }).strict(),
  z.object({ type: z.literal("FLAG"), at, questionId }).strict(),
  z.object({ type: z.literal("REVIEW"), at }).strict(),
  z.object({ type: z.literal("SUBMIT"), at }).strict(),
  z.object({ type: z.literal("TIME_UP"), at }).strict(),
  z.object({ type: z.literal("ABANDON"), at }).strict(),
]);
export type QuizEvent = z.infer<typeof QuizEvent>;
type EventOf<T extends QuizEvent["type"]> = Extract<QuizEvent, { type: T }>;

// --- Refusals ------------------------------------------------------------------------------------------------

export type RefusalReason =
  | "invalid-event"
  | "not-allowed"
  | "attempt-ended"
  | "deadline-passed"
  | "deadline-not-reached"
  | "untimed"
  | "unknown-question"
  | "not-current-question"
  | "unexpected-step"
  | "step-required"
  | "unknown-step"
  | "step-not-reached"
  | "answer-locked"
  | "invalid-answer"
  | "no-previous-question"
  | "index-out-of-range";

/** 400: the request itself is malformed or names nothing real. 409: well-formed but not allowed now. */
export type Refusal = { reason: RefusalReason; message: string; status: 400 | 409 };

const badRequest = (reason: RefusalReason, message: string): Refusal => ({ reason, message, status: 400 });
const conflict = (reason: RefusalReason, message: string): Refusal => ({ reason, message, status: 409 });

type QuizRules = ReturnType<typeof quizRules>;

// Guards and applyEvent's explanations share these functions, so a refusal and its reason cannot disagree.
function quizRules(quiz: QuizDefinition) {
  const questions = new Map(quiz.questions.map((question) => [question.id, question]));
  const isImmediate = quiz.settings.feedback === "immediate";

  function timing(context: QuizContext, event: QuizEvent): Refusal | null {
    // Checked here too, not only by the zod schema: the machine can be driven without applyEvent.
    if (typeof event.at !== "number" || !Number.isFinite(event.at)) {
      return badRequest("invalid-event", "every event needs its time `at` in milliseconds");
    }
    if (event.type !== "TIME_UP" && context.deadline !== null && event.at > context.deadline) {
      return conflict("deadline-passed", "the time limit has passed");
    }
    return null;
  }

  function answer(context: QuizContext, event: EventOf<"ANSWER">): Refusal | null {
    const late = timing(context, event);
    if (late) return late;
    const question = questions.get(event.questionId);
    if (!question) return badRequest("unknown-question", `there is no question "${event.questionId}" in this quiz`);
    if (context.order[context.index] !== question.id) {
      return conflict("not-current-question", `question "${question.id}" is not the question shown`);
    }
    const previous = context.answers[question.id];
    if (question.type !== "scenario") {
      if (event.stepId !== undefined) return badRequest("unexpected-step", `question "${question.id}" has no steps`);
      if (isImmediate && previous !== undefined) {
        return conflict("answer-locked", "this answer is locked: its feedback has been shown");
      }
      return answerProblem(parseAnswer(question, event.answer));
    }
    if (event.stepId === undefined) {
      return badRequest("step-required", "a scenario is answered one step at a time: give the stepId");
    }
    const step = question.steps.find((candidate) => candidate.id === event.stepId);
    if (!step) return badRequest("unknown-step", `scenario "${question.id}" has no step "${event.stepId}"`);
    const { path, pending } = scenarioProgress(question, isScenarioAnswer(previous) ? previous : undefined);
    const isPending = pending?.id === step.id;
    // Deferred mode lets the learner change the latest step until a later one depends on it.
    const isRevisable = !isImmediate && path.at(-1)?.step.id === step.id;
    if (!isPending && !isRevisable) {
      if (!path.some((taken) => taken.step.id === step.id)) {
        return conflict("step-not-reached", `step "${step.id}" is not the next step on the path taken`);
      }
      return conflict(
        "answer-locked",
        isImmediate ? "this answer is locked: its feedback has been shown" : "a later step depends on this answer",
      );
    }
    return answerProblem(parseAnswer(step, event.answer));
  }

  function previous(context: QuizContext, event: QuizEvent): Refusal | null {
    return timing(context, event) ?? (context.index > 0 ? null : conflict("no-previous-question", "this is the first question"));
  }

  function goto(context: QuizContext, event: EventOf<"GOTO">): Refusal | null {
    const late = timing(context, event);
    if (late) return late;
    const isInRange = Number.isInteger(event.index) && event.index >= 0 && event.index < context.order.length;
    return isInRange ? null : badRequest("index-out-of-range", `index must be 0 to ${context.order.length - 1}`);
  }

  function flag(context: QuizContext, event: EventOf<"FLAG">): Refusal | null {
    const late = timing(context, event);
    if (late) return late;
    return questions.has(event.questionId)
      ? null
      : badRequest("unknown-question", `there is no question "${event.questionId}" in this quiz`);
  }

  function timeUp(context: QuizContext, event: QuizEvent): Refusal | null {
    const invalid = timing(context, event);
    if (invalid) return invalid;
    if (context.deadline === null) return conflict("untimed", "this quiz has no time limit");
    return event.at >= context.deadline ? null : conflict("deadline-not-reached", "the time limit has not passed yet");
  }

  /** The rule an event breaks in a state that handles its type; null if it is accepted. */
  function refusal(state: QuizStateName, context: QuizContext, event: QuizEvent): Refusal | null {
    switch (event.type) {
      case "ANSWER":
        return answer(context, event);
      case "PREVIOUS":
        // From review, PREVIOUS returns to the last question, so only the question state has a first question.
        return state === "question" ? previous(context, event) : timing(context, event);
      case "GOTO":
        return goto(context, event);
      case "FLAG":
        return flag(context, event);
      case "TIME_UP":
        return timeUp(context, event);
      default:
        return timing(context, event);
    }
  }

  function isScenarioUnfinished(context: QuizContext): boolean {
    const question = questions.get(context.order[context.index]);
    if (question?.type !== "scenario") return false;
    const progress = context.answers[question.id];
    return scenarioProgress(question, isScenarioAnswer(progress) ? progress : undefined).pending !== null;
  }

  function recordAnswer(context: QuizContext, event: EventOf<"ANSWER">): Record<string, Answer> {
    const question = questions.get(event.questionId);
    if (!question) return context.answers;
    if (question.type !== "scenario") {
      const check = parseAnswer(question, event.answer);
      return check.ok ? { ...context.answers, [question.id]: check.answer } : context.answers;
    }
    const step = question.steps.find((candidate) => candidate.id === event.stepId);
    const check = step ? parseAnswer(step, event.answer) : null;
    if (!step || !check?.ok) return context.answers;
    const previous = context.answers[question.id];
    const steps = { ...(isScenarioAnswer(previous) ? previous.steps : {}), [step.id]: check.answer as StepAnswer };
    // Keep only the steps on the path the answers now describe, so a changed route leaves nothing stale behind.
    const { path } = scenarioProgress(question, { steps });
    return {
      ...context.answers,
      [question.id]: { steps: Object.fromEntries(path.map((taken) => [taken.step.id, taken.answer])) },
    };
  }

  function grade(context: QuizContext): GradeSummary {
    const { points, maxPoints, percent, isPassed } = gradeAttempt(quiz, context.answers);
    return { points, maxPoints, percent, isPassed };
  }

  return { isImmediate, questions, refusal, answer, previous, goto, flag, timeUp, timing, isScenarioUnfinished, recordAnswer, grade };
}

function answerProblem(check: AnswerCheck): Refusal | null {
  return check.ok ? null : badRequest("invalid-answer", check.message);
}

// --- The machine ---------------------------------------------------------------------------------------------

const rulesByMachine = new WeakMap<AnyStateMachine, QuizRules>();

export function createQuizMachine(quiz: QuizDefinition) {
  const rules = quizRules(quiz);
  const machine = setup({
    types: {
      context: {} as QuizContext,
      events: {} as QuizEvent,
      input: {} as QuizInput,
    },
    guards: {
      isOnTime: ({ context, event }) => rules.timing(context, event) === null,
      isAnswerAccepted: ({ context, event }) => event.type === "ANSWER" && rules.answer(context, event) === null,
      hasPreviousQuestion: ({ context, event }) => rules.previous(context, event) === null,
      isIndexInRange: ({ context, event }) => event.type === "GOTO" && rules.goto(context, event) === null,
      isKnownQuestion: ({ context, event }) => event.type === "FLAG" && rules.flag(context, event) === null,
      isDeadlineReached: ({ context, event }) => rules.timeUp(context, event) === null,
      isLastQuestion: ({ context }) => context.index === context.order.length - 1,
      isScenarioUnfinished: ({ context }) => rules.isScenarioUnfinished(context),
      isPassed: ({ context }) => context.grade?.isPassed === true,
    },
    actions: {
      recordAnswer: assign({
        answers: ({ context, event }) => (event.type === "ANSWER" ? rules.recordAnswer(context, event) : context.answers),
      }),
      showNextQuestion: assign({ index: ({ context }) => Math.min(context.index + 1, context.order.length - 1) }),
      showPreviousQuestion: assign({ index: ({ context }) => Math.max(context.index - 1, 0) }),
      showLastQuestion: assign({ index: ({ context }) => context.order.length - 1 }),
      showQuestionAt: assign({ index: ({ context, event }) => (event.type === "GOTO" ? event.index : context.index) }),
      toggleFlag: assign({
        flags: ({ context, event }) => {
          if (event.type !== "FLAG") return context.flags;
          return context.flags.includes(event.questionId)
            ? context.flags.filter((id) => id !== event.questionId)
            : [...context.flags, event.questionId];
        },
      }),
      gradeSubmission: assign(({ context, event }) => ({
        grade: rules.grade(context),
        endedAt: event.at,
        endedBy: "submit" as const,
      })),
      gradeAtDeadline: assign(({ context }) => ({
        grade: rules.grade(context),
        endedAt: context.deadline,
        endedBy: "timeout" as const,
      })),
      markAbandoned: assign(({ event }) => ({ endedAt: event.at, endedBy: "abandon" as const })),
    },
  }).createMachine({
    id: "quiz",
    initial: "intro",
    context: ({ input }) => ({
      seed: input.seed >>> 0,
      startedAt: input.startedAt,
      deadline: input.deadline,
      order: questionOrder(quiz, input.seed >>> 0),
      index: 0,
      answers: {},
      flags: [],
      grade: null,
      endedAt: null,
      endedBy: null,
    }),
    states: {
      intro: {
        on: {
          START: { guard: "isOnTime", target: "question" },
          TIME_UP: { guard: "isDeadlineReached", target: "timedOut", actions: "gradeAtDeadline" },
          ABANDON: { guard: "isOnTime", target: "abandoned", actions: "markAbandoned" },
        },
      },
      question: {
        on: {
          // Immediate feedback shows the feedback at once and locks the answer; deferred keeps the learner here.
          ANSWER: { guard: "isAnswerAccepted", actions: "recordAnswer", target: rules.isImmediate ? "feedback" : undefined },
          NEXT: [
            { guard: and(["isOnTime", "isLastQuestion"]), target: "review" },
            { guard: "isOnTime", actions: "showNextQuestion" },
          ],
          PREVIOUS: { guard: "hasPreviousQuestion", actions: "showPreviousQuestion" },
          GOTO: { guard: "isIndexInRange", actions: "showQuestionAt" },
          FLAG: { guard: "isKnownQuestion", actions: "toggleFlag" },
          REVIEW: { guard: "isOnTime", target: "review" },
          TIME_UP: { guard: "isDeadlineReached", target: "timedOut", actions: "gradeAtDeadline" },
          ABANDON: { guard: "isOnTime", target: "abandoned", actions: "markAbandoned" },
        },
      },
      feedback: {
        on: {
          NEXT: [
            // A scenario shows feedback after each step; the learner returns to it until its path ends.
            { guard: and(["isOnTime", "isScenarioUnfinished"]), target: "question" },
            { guard: and(["isOnTime", "isLastQuestion"]), target: "review" },
            { guard: "isOnTime", target: "question", actions: "showNextQuestion" },
          ],
          FLAG: { guard: "isKnownQuestion", actions: "toggleFlag" },
          TIME_UP: { guard: "isDeadlineReached", target: "timedOut", actions: "gradeAtDeadline" },
          ABANDON: { guard: "isOnTime", target: "abandoned", actions: "markAbandoned" },
        },
      },
      review: {
        on: {
          GOTO: { guard: "isIndexInRange", target: "question", actions: "showQuestionAt" },
          PREVIOUS: { guard: "isOnTime", target: "question", actions: "showLastQuestion" },
          FLAG: { guard: "isKnownQuestion", actions: "toggleFlag" },
          SUBMIT: { guard: "isOnTime", target: "submitted", actions: "gradeSubmission" },
          TIME_UP: { guard: "isDeadlineReached", target: "timedOut", actions: "gradeAtDeadline" },
          ABANDON: { guard: "isOnTime", target: "abandoned", actions: "markAbandoned" },
        },
      },
      submitted: { always: [{ guard: "isPassed", target: "passed" }, { target: "failed" }] },
      timedOut: { always: [{ guard: "isPassed", target: "passed" }, { target: "failed" }] },
      passed: { type: "final" },
      failed: { type: "final" },
      abandoned: { type: "final" },
    },
  });
  rulesByMachine.set(machine, rules);
  return machine;
}

export type QuizMachine = ReturnType<typeof createQuizMachine>;

/** What attempts.server.ts stores: XState's persisted snapshot (JSON-safe), which carries value and context. */
export type PersistedQuizSnapshot = Snapshot<unknown> & { value: QuizStateName; context: QuizContext };

export type ApplyResult =
  | { ok: true; snapshot: PersistedQuizSnapshot; state: QuizStateName; isFinished: boolean }
  | ({ ok: false } & Refusal);

/** The persisted snapshot of a new attempt, resting in `intro`. */
export function startAttempt(machine: QuizMachine, input: QuizInput): PersistedQuizSnapshot {
  const actor = createActor(machine, { input }).start();
  const snapshot = actor.getPersistedSnapshot() as PersistedQuizSnapshot;
  actor.stop();
  return snapshot;
}

/**
 * Restores `persisted`, applies `rawEvent` (parsed here: pass the request's event as received) and returns the
 * new persisted snapshot, or the refusal with its reason and HTTP status. Never throws for a learner's mistake.
 */
export function applyEvent(machine: QuizMachine, persisted: PersistedQuizSnapshot, rawEvent: unknown): ApplyResult {
  const parsed = QuizEvent.safeParse(rawEvent);
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => `${issue.path.join(".") || "event"}: ${issue.message}`).join("; ");
    return { ok: false, ...badRequest("invalid-event", message) };
  }
  const event = parsed.data;
  const actor = createActor(machine, { snapshot: persisted, input: inputOf(persisted.context) });
  const current = actor.getSnapshot();
  const refusal = refusalOf(machine, current, event);
  if (refusal) return { ok: false, ...refusal };
  actor.start();
  actor.send(event);
  const next = actor.getSnapshot();
  const snapshot = actor.getPersistedSnapshot() as PersistedQuizSnapshot;
  actor.stop();
  if (next.status === "error") throw new Error(`quiz machine failed on ${event.type}`, { cause: next.error });
  return { ok: true, snapshot, state: next.value as QuizStateName, isFinished: next.status === "done" };
}

// XState ignores the input when restoring a snapshot, but its types ask for one.
function inputOf(context: QuizContext): QuizInput {
  return { seed: context.seed, startedAt: context.startedAt, deadline: context.deadline };
}

type QuizSnapshot = ReturnType<QuizMachine["getInitialSnapshot"]>;

/** Why `event` would be refused in `snapshot`, or null if the machine accepts it. */
export function refusalOf(machine: QuizMachine, snapshot: QuizSnapshot, event: QuizEvent): Refusal | null {
  const rules = rulesByMachine.get(machine);
  if (!rules) throw new Error("refusalOf needs a machine made by createQuizMachine");
  if (snapshot.status === "done") return conflict("attempt-ended", "this attempt is over");
  const state = snapshot.value as QuizStateName;
  const handled = machine.root.states[state]?.ownEvents ?? [];
  if (!handled.includes(event.type)) return conflict("not-allowed", `${event.type} is not allowed in ${state}`);
  const broken = rules.refusal(state, snapshot.context, event);
  if (broken) return broken;
  // The rules above mirror the guards; this catches any drift between them instead of accepting silently.
  return snapshot.can(event) ? null : conflict("not-allowed", `${event.type} is not allowed in ${state} now`);
}
