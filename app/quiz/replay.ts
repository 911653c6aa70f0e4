// Replaying an attempt: its snapshot rebuilt from nothing but its inputs (seed, start, deadline) and its event log.
// The event log, not the snapshot, is then the record that counts: a snapshot from an older machine version is
// rebuilt by the current machine, and an attempt is re-graded by replaying it after a grading fix. Pure.
import { applyEvent, startAttempt, type PersistedQuizSnapshot, type QuizInput, type QuizMachine, type RefusalReason } from "./machine";

export type ReplayableAttempt = QuizInput & { machine: QuizMachine };

/** One row of quiz_attempt_events: its position and the event as it was accepted. */
export type LoggedEvent = { seq: number; payload: unknown };

export type ReplayResult = {
  snapshot: PersistedQuizSnapshot;
  isFinished: boolean;
  /** Events the machine refused on replay (none, unless the machine or the quiz changed): the replay skips them. */
  refused: { seq: number; reason: RefusalReason }[];
};

/**
 * Starts the attempt from its inputs and applies the logged events in order. An event the current machine refuses
 * is reported and skipped, so that an attempt is always resumable from what the machine still accepts: it may lose
 * a refused answer, never the whole attempt.
 */
export function replayAttempt(attempt: ReplayableAttempt, events: LoggedEvent[]): ReplayResult {
  const { machine, seed, startedAt, deadline } = attempt;
  let snapshot = startAttempt(machine, { seed, startedAt, deadline });
  let isFinished = false;
  const refused: ReplayResult["refused"] = [];
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    const result = applyEvent(machine, snapshot, event.payload);
    if (!result.ok) {
      refused.push({ seq: event.seq, reason: result.reason });
      continue;
    }
    snapshot = result.snapshot;
    isFinished = result.isFinished;
  }
  return { snapshot, isFinished, refused };
}
