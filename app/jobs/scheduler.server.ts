// Scheduled work inside the app (ADR 0023): every app process runs a scheduler, and each job runs only on the node
// that holds its lease in `job_leases`. A lease is taken or renewed by ONE statement, INSERT … ON CONFLICT DO
// UPDATE … WHERE (held by me OR expired) RETURNING, atomic on SQLite and on PostgreSQL, so two nodes never hold the
// same lease; a node that dies stops renewing and another takes over once the lease expires. Jobs must still be
// idempotent (the outbox's dedupe keys, the sender's claims): a lease bounds duplicates, it does not forbid them
// across a holder's crash.
import os from "node:os";
import { eq, or, lt, sql } from "drizzle-orm";
import { transaction } from "~/db.server";
import { randomId } from "~/ids.server";
import { jobLeases } from "#db/tables/jobs";

export type Job = {
  /** Unique; names the lease. */
  name: string;
  /** How often the job runs (on whichever node holds its lease). */
  everyMs: number;
  run: (now: number) => Promise<void>;
};

const jobs = new Map<string, Job>();

/** Registers a job; call at module load, before the scheduler starts. Registering a name twice replaces it. */
export function registerJob(job: Job): void {
  jobs.set(job.name, job);
}

export function registeredJobs(): Job[] {
  return [...jobs.values()];
}

/** This process, as a lease holder: host, pid and a random part (a restarted process is a new holder). */
export const HOLDER = `${os.hostname()}:${process.pid}:${randomId(6)}`;

/** A lease outlives a missed renewal or two; a crashed holder's job resumes elsewhere within this. */
export const LEASE_MS = 60_000;

/**
 * Takes the lease `name` for `holder` until now + ttlMs, or renews it when `holder` already has it. Returns the
 * lease when it is now `holder`'s, null when another holder's unexpired lease stands.
 */
export async function takeLease(name: string, holder: string, now: number, ttlMs = LEASE_MS) {
  const [row] = await transaction((tx) =>
    tx
      .insert(jobLeases)
      .values({ name, holder, expiresAt: now + ttlMs, lastRunAt: null })
      .onConflictDoUpdate({
        target: jobLeases.name,
        set: { holder, expiresAt: now + ttlMs },
        setWhere: or(eq(jobLeases.holder, holder), lt(jobLeases.expiresAt, now)),
      })
      .returning({ holder: jobLeases.holder, lastRunAt: jobLeases.lastRunAt, expiresAt: jobLeases.expiresAt }),
  );
  return row && row.holder === holder ? row : null;
}

/** Gives the lease up (at shutdown), so another node takes over at once instead of after expiry. */
export async function releaseLease(name: string, holder: string): Promise<void> {
  await transaction((tx) =>
    tx
      .update(jobLeases)
      .set({ expiresAt: 0 })
      .where(sql`${jobLeases.name} = ${name} and ${jobLeases.holder} = ${holder}`),
  );
}

async function markRun(name: string, holder: string, at: number) {
  await transaction((tx) =>
    tx
      .update(jobLeases)
      .set({ lastRunAt: at })
      .where(sql`${jobLeases.name} = ${name} and ${jobLeases.holder} = ${holder}`),
  );
}

/**
 * Runs `job` if `holder` holds (or can take) its lease and the job is due (`force`: whatever its last run).
 * Renews the lease while the job runs. Returns whether it ran.
 */
async function runIfHolder(job: Job, holder: string, now: number, force: boolean): Promise<boolean> {
  const lease = await takeLease(job.name, holder, now);
  if (!lease) return false;
  if (!force && lease.lastRunAt !== null && now - lease.lastRunAt < job.everyMs) return false;
  const heartbeat = setInterval(() => void takeLease(job.name, holder, Date.now()).catch(() => undefined), LEASE_MS / 3);
  heartbeat.unref();
  try {
    await job.run(now);
  } finally {
    clearInterval(heartbeat);
  }
  await markRun(job.name, holder, now);
  return true;
}

/**
 * Runs every registered job once, now, in this process: for tests and `npm run jobs:run-once`. A job whose lease
 * another live node holds is skipped (reported as not run), so a manual run never overlaps a server's.
 */
export async function runJobsOnce(now = Date.now(), holder = HOLDER): Promise<{ name: string; ran: boolean }[]> {
  const outcomes: { name: string; ran: boolean }[] = [];
  for (const job of jobs.values()) {
    outcomes.push({ name: job.name, ran: await runIfHolder(job, holder, now, true) });
  }
  return outcomes;
}

let timer: NodeJS.Timeout | undefined;
const running = new Set<string>();

/**
 * Starts this process's scheduler: every `tickMs` each job not already running here is run if this node holds its
 * lease and it is due. Not started in tests unless a test calls it.
 */
export function startScheduler({ tickMs = 2_000, holder = HOLDER } = {}): () => Promise<void> {
  if (timer) return stopScheduler;
  const tick = () => {
    for (const job of jobs.values()) {
      if (running.has(job.name)) continue;
      running.add(job.name);
      runIfHolder(job, holder, Date.now(), false)
        .catch((error) => console.error(`Job ${job.name} failed:`, error instanceof Error ? error.message : error))
        .finally(() => running.delete(job.name));
    }
  };
  timer = setInterval(tick, tickMs);
  timer.unref();
  tick();
  stopHolder = holder;
  return stopScheduler;
}

let stopHolder = HOLDER;

/** Stops the ticks and gives up this node's leases, so another node takes over at once. */
export async function stopScheduler(): Promise<void> {
  if (!timer) return;
  clearInterval(timer);
  timer = undefined;
  for (const job of jobs.values()) await releaseLease(job.name, stopHolder).catch(() => undefined);
}
