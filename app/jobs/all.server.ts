// Every scheduled job of the application, registered by importing the module that defines it. A capability that
// adds a job (registerJob in its own module) adds its import here, so the scheduler, `npm run jobs:run-once` and
// tests see the same list.
import "~/mail/sender.server";
import "~/supervision/reminders.server";
import { closeOverdueAttempts } from "~/quiz/attempts.server";
import { purgeQuizPreviews } from "~/studio/quiz-preview.server";
import { registerJob, runJobsOnce, startScheduler, stopScheduler } from "./scheduler.server";

// Timed quiz attempts nobody reopened are submitted as they stood at their deadline (ADR 0023).
registerJob({ name: "close-overdue-attempts", everyMs: 60_000, run: async (now) => void (await closeOverdueAttempts(now, 500)) });

// Quiz previews in the studio are kept a day (ADR 0034).
registerJob({ name: "purge-quiz-previews", everyMs: 60 * 60_000, run: async (now) => void (await purgeQuizPreviews(now)) });

export { runJobsOnce, stopScheduler };

/**
 * Starts this process's scheduler (server.js, in every app process). JOBS=off leaves it off on this node, e.g. for
 * a node that should only serve pages.
 */
export function startJobs(): void {
  if (process.env.JOBS === "off") return;
  startScheduler();
}
