// Honest study time (courses/README.md, "Honest study time"; docs/decisions/0019-study-time-rule.md): what a
// course may declare as lesson minutes, estimated hours and credit hours follows from its content by one rule.
// Pure: the loader counts the words and walks the scenario graphs, this module does the arithmetic.

/** Study reading of dense legal text: about half the ~238 wpm average silent reading rate (Brysbaert 2019). */
export const WORDS_PER_MINUTE = 120;
export const RECALL_QUESTION_MINUTES = 1;
export const APPLICATION_QUESTION_MINUTES = 2;
export const SCENARIO_STEP_MINUTES = 1.5;

/** A lesson's declared minutes may differ from the computed ones by at most max(2, 25 % of computed). */
export const LESSON_TOLERANCE = { minutes: 2, share: 0.25 } as const;
/** `estimatedHours` × 60 may differ from the course minutes by at most max(15, 15 % of the course minutes). */
export const COURSE_TOLERANCE = { minutes: 15, share: 0.15 } as const;
/** One credit hour per this many minutes of course time, rounded down to the half hour. */
export const MINUTES_PER_CREDIT_HOUR = 60;

export type QuestionTimeInput =
  | { type: "single" | "multiple" | "true-false" | "matching" | "ordering"; level: "recall" | "application" }
  | { type: "scenario"; level: "recall" | "application"; caseWords: number; longestPathSteps: number };

export function lessonMinutes(words: number): number {
  return Math.ceil(words / WORDS_PER_MINUTE);
}

export function questionMinutes(question: QuestionTimeInput): number {
  if (question.type === "scenario") {
    return Math.ceil(question.caseWords / WORDS_PER_MINUTE) + SCENARIO_STEP_MINUTES * question.longestPathSteps;
  }
  return question.level === "application" ? APPLICATION_QUESTION_MINUTES : RECALL_QUESTION_MINUTES;
}

export function quizMinutes(questions: readonly QuestionTimeInput[]): number {
  return Math.ceil(questions.reduce((sum, question) => sum + questionMinutes(question), 0));
}

export function courseMinutes(lessonMinutesList: readonly number[], quizMinutesList: readonly number[]): number {
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  return sum(lessonMinutesList) + sum(quizMinutesList);
}

export function lessonToleranceMinutes(computed: number): number {
  return Math.max(LESSON_TOLERANCE.minutes, LESSON_TOLERANCE.share * computed);
}

export function isLessonMinutesHonest(declared: number, computed: number): boolean {
  return Math.abs(declared - computed) <= lessonToleranceMinutes(computed);
}

export function courseToleranceMinutes(computedMinutes: number): number {
  return Math.max(COURSE_TOLERANCE.minutes, COURSE_TOLERANCE.share * computedMinutes);
}

export function isEstimatedHoursHonest(estimatedHours: number, computedMinutes: number): boolean {
  return Math.abs(estimatedHours * 60 - computedMinutes) <= courseToleranceMinutes(computedMinutes);
}

/** The most credit hours the course time supports: one per 60 minutes, rounded down to the half hour. */
export function allowedCreditHours(computedMinutes: number): number {
  return Math.floor((computedMinutes / MINUTES_PER_CREDIT_HOUR) * 2) / 2;
}

/** 0 (no credit), or between the allowed figure minus half an hour and the allowed figure. */
export function isCreditHoursHonest(creditHours: number, computedMinutes: number): boolean {
  if (creditHours === 0) return true;
  const allowed = allowedCreditHours(computedMinutes);
  return creditHours <= allowed && creditHours >= allowed - 0.5;
}

/** The declared `estimatedHours` nearest to the computed time, in quarter hours (a suggestion in error messages). */
export function suggestedHours(computedMinutes: number): number {
  return Math.max(0.25, Math.round(computedMinutes / 15) / 4);
}
