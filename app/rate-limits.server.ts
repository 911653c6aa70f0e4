// Rate limits on every abuse surface (login, registration, password changes, /verify uploads, quiz actions), counted
// in the database by rate-limiter-flexible so that several app nodes share one budget. Each `consume` is one
// `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement: a reservation is atomic, and twenty parallel requests get
// exactly the budget, not "the budget plus whatever was in flight". See docs/decisions/0006-rate-limits.md.
import { RateLimiterRes, RateLimiterSQLite, type IRateLimiterStoreOptions } from "rate-limiter-flexible";
import { sqlite } from "./db.server";
import { TooManyRequestsError, type Message } from "./errors";

const TABLE = "rate_limits";

// The store's upsert depends on exactly this shape (the library's own DDL), so the library's table is created here,
// once and synchronously, rather than by a migration that could drift from it.
let tableReady = false;
function ensureTable() {
  if (tableReady) return;
  sqlite.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY, points INTEGER NOT NULL DEFAULT 0, expire INTEGER)`);
  tableReady = true;
}

export type Budget = { name: string; points: number; durationSeconds: number };

const limiters = new Map<string, RateLimiterSQLite>();
function limiterFor(budget: Budget): RateLimiterSQLite {
  let limiter = limiters.get(budget.name);
  if (!limiter) {
    ensureTable();
    const options: IRateLimiterStoreOptions = {
      storeClient: sqlite,
      storeType: "better-sqlite3",
      tableName: TABLE,
      tableCreated: true,
      keyPrefix: budget.name,
      points: budget.points,
      duration: budget.durationSeconds,
      // Expired rows are pruned every few minutes by one limiter; all share the table.
      clearExpiredByTimeout: limiters.size === 0,
    } as IRateLimiterStoreOptions;
    limiter = new RateLimiterSQLite(options);
    limiters.set(budget.name, limiter);
  }
  return limiter;
}

// Budgets. Many officials of one border post or court share an address, so per-address budgets are generous.
export const BUDGETS = {
  /** Wrong passwords for one account from one address: the short budget… */
  loginPair: { name: "login-pair", points: 5, durationSeconds: 15 * 60 },
  /** …and the daily one, so that after a few short windows the wait grows to the rest of the day. */
  loginPairDaily: { name: "login-pair-day", points: 20, durationSeconds: 24 * 60 * 60 },
  /** All login attempts from one address, whatever the account. */
  loginAddress: { name: "login-address", points: 50, durationSeconds: 15 * 60 },
  /** A class of officials registering together behind one address fits; a script creating accounts does not. */
  registration: { name: "register-address", points: 30, durationSeconds: 60 * 60 },
  passwordChange: { name: "password-account", points: 5, durationSeconds: 15 * 60 },
  /** /verify canonicalises JSON-LD and checks two signatures per request. */
  verifyUpload: { name: "verify-address", points: 20, durationSeconds: 60 },
  /** Quiz actions of one learner: far above a person's pace, far below a script's. */
  quizAction: { name: "quiz-account", points: 120, durationSeconds: 60 },
} satisfies Record<string, Budget>;

const DEFAULT_MESSAGE: Message = { key: "errors.rateLimited" };

/**
 * Reserve one unit of each budget for its key, atomically per budget, BEFORE the work it protects. When any budget
 * is spent, throws TooManyRequestsError (429, `Retry-After` = the longest wait).
 */
export async function reserve(reservations: Array<[Budget, string]>, message: Message = DEFAULT_MESSAGE): Promise<void> {
  let waitMs = 0;
  for (const [budget, key] of reservations) {
    try {
      await limiterFor(budget).consume(key);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      waitMs = Math.max(waitMs, refusal.msBeforeNext);
    }
  }
  if (waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    const minutes = Math.max(1, Math.ceil(seconds / 60));
    throw new TooManyRequestsError({ ...message, values: { count: minutes, ...message.values } }, seconds);
  }
}

/** Give back a reserved unit (a successful login should not use up a shared office's budget). */
export async function refund(budget: Budget, key: string): Promise<void> {
  await limiterFor(budget).reward(key, 1);
}

/** Forget a key's count (a successful login forgives that account's earlier failures from that address). */
export async function forget(budget: Budget, key: string): Promise<void> {
  await limiterFor(budget).delete(key);
}
