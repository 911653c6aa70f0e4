// Every scheduled job of the application, registered by importing the module that defines it. A capability that
// adds a job (registerJob in its own module) adds its import here, so the scheduler, `npm run jobs:run-once` and
// tests see the same list.
import "~/mail/sender.server";
import { runJobsOnce, startScheduler, stopScheduler } from "./scheduler.server";

export { runJobsOnce, stopScheduler };

/**
 * Starts this process's scheduler (server.js, in every app process). JOBS=off leaves it off on this node, e.g. for
 * a node that should only serve pages.
 */
export function startJobs(): void {
  if (process.env.JOBS === "off") return;
  startScheduler();
}
