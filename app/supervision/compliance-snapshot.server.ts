// The snapshot behind large compliance views (ADR 0037). Computing every person's standing in every assignment
// takes seconds for a whole service (10,000 people × 20 assignments ≈ 155,000 standings), far over what a dashboard
// may take, so views over many people read a snapshot this process computed at most `freshFor` ago, and say as of
// when. The snapshot lives in this process only: it holds no fact that the database does not hold, and each app node
// computes its own. This module only keeps it: what it holds is compliance.server.ts's business, which passes the
// builder in (the writers of assignments and memberships import `forgetComplianceSnapshot` without importing the
// dashboard).
import { transaction, type Tx } from "~/db.server";

export type Snapshot<T> = { at: number; value: T };

let current: Snapshot<unknown> | null = null;
let building: Promise<Snapshot<unknown>> | null = null;
// Bumped by every forget, so a snapshot whose build began before a change is never kept.
let generation = 0;

/**
 * This process's supervision writes call this after their transaction commits, so its next view shows them: the
 * snapshot is dropped, and a build already running (it may have read before the change) is neither kept nor joined.
 */
export function forgetComplianceSnapshot() {
  generation += 1;
  current = null;
  building = null;
}

function rebuild<T>(build: (at: number) => Promise<T>, now: () => number): Promise<Snapshot<T>> {
  if (!building) {
    const startedIn = generation;
    const at = now();
    const promise: Promise<Snapshot<unknown>> = build(at)
      .then((value) => {
        const snapshot = { at, value };
        if (startedIn === generation) current = snapshot;
        return snapshot;
      })
      .finally(() => {
        if (building === promise) building = null;
      });
    building = promise;
  }
  return building as Promise<Snapshot<T>>;
}

/**
 * The snapshot, rebuilt first when there is none or it is older than `staleAfterMs`; between `freshForMs` and that
 * the current one is served while one rebuild runs behind it. Concurrent callers share one build.
 */
export async function complianceSnapshot<T>(
  build: (at: number) => Promise<T>,
  { freshForMs, staleAfterMs, now = Date.now }: { freshForMs: number; staleAfterMs: number; now?: () => number },
): Promise<Snapshot<T>> {
  const snapshot = current as Snapshot<T> | null;
  const age = snapshot ? now() - snapshot.at : Infinity;
  if (snapshot && age < freshForMs) return snapshot;
  if (snapshot && age < staleAfterMs) {
    void rebuild(build, now).catch((error) => console.error("compliance snapshot: rebuild failed", error));
    return snapshot;
  }
  return rebuild(build, now);
}

/**
 * A transaction that changes who is assigned what, with which due dates, or who belongs where: once it commits, this
 * process's snapshot is dropped, so a supervisor's own change shows on their next view. (Other app nodes show it
 * within their snapshot's age, as they show learners' progress.)
 */
export async function supervisionTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await transaction(work);
  forgetComplianceSnapshot();
  return result;
}
