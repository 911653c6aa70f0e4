// Rate limits on every abuse surface (login, registration, password changes, /verify uploads, quiz actions), counted
// in the database by rate-limiter-flexible so that several app nodes share one budget. Each `consume` is one
// `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement: a reservation is atomic, and twenty parallel requests get
// exactly the budget, not "the budget plus whatever was in flight". See docs/decisions/0007-rate-limits.md.
import { and, eq, gt, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { RateLimiterDrizzle, RateLimiterRes, type IRateLimiterStoreNoAutoExpiryOptionsAndSchema } from "rate-limiter-flexible";
import { db, preparedOn, transaction, type Queryable, type Tx } from "./db.server";
import { TooManyRequestsError, type Message } from "./errors";
import { rateLimits } from "#db/tables/rate-limits";

type Row = { points: number; expire: number | null };

// Every quiz answer reserves in its own transaction, so the two upserts are prepared (ADR 0041). An expired window
// starts again from this reservation; a live one adds to it (or, forced, is replaced).
const reservation = (q: Queryable, set: Record<"points" | "expire", SQL>) =>
  q
    .insert(rateLimits)
    .values({ key: sql.placeholder("key"), points: sql.placeholder("points"), expire: sql.placeholder("expire") })
    .onConflictDoUpdate({ target: rateLimits.key, set })
    .returning({ points: rateLimits.points, expire: rateLimits.expire });
const live = sql`(${rateLimits.expire} IS NULL OR ${rateLimits.expire} > ${sql.placeholder("now")})`;
const addToWindow = preparedOn((q) =>
  reservation(q, {
    points: sql`CASE WHEN ${live} THEN ${rateLimits.points} + excluded.points ELSE excluded.points END`,
    expire: sql`CASE WHEN ${live} THEN ${rateLimits.expire} ELSE excluded.expire END`,
  }).prepare("rate_limit_add"),
);
const replaceWindow = preparedOn((q) => reservation(q, { points: sql`excluded.points`, expire: sql`excluded.expire` }).prepare("rate_limit_replace"));

/**
 * rate-limiter-flexible's Drizzle limiter (its arithmetic: consume, reward, delete, RateLimiterRes), with its storage
 * moved onto the application's data layer and the `rate_limits` table of db/schema and db/schema-pg (created by the
 * migrations of both engines): every write goes through `transaction()`, so on SQLite a counter update never lands
 * inside another request's open transaction, and a reservation is one `INSERT … ON CONFLICT DO UPDATE … RETURNING`
 * statement, which both engines run atomically: on PostgreSQL concurrent reservations of one key queue on the row,
 * so every app node shares one budget. Expiry is kept in UTC milliseconds, as every timestamp here is.
 */
class DatabaseRateLimiter extends RateLimiterDrizzle {
  /** `options.tx`: reserve inside the caller's transaction (reserveIn), committed with the work it protects. */
  async _upsert(rlKey: string, points: number, msDuration: number, forceExpire = false, options: { tx?: Tx } = {}): Promise<Row> {
    const now = Date.now();
    const values = { key: rlKey, points, expire: msDuration > 0 ? now + msDuration : null, now };
    const upsert = (tx: Tx) => (forceExpire ? replaceWindow : addToWindow)(tx).execute(values);
    const [row] = await (options.tx ? upsert(options.tx) : transaction(upsert));
    return row!;
  }

  async _get(rlKey: string): Promise<Row | null> {
    const [row] = await db
      .select({ points: rateLimits.points, expire: rateLimits.expire })
      .from(rateLimits)
      .where(and(eq(rateLimits.key, rlKey), or(isNull(rateLimits.expire), gt(rateLimits.expire, Date.now()))))
      .limit(1);
    return row ?? null;
  }

  async _delete(rlKey: string): Promise<boolean> {
    const deleted = await transaction((tx) => tx.delete(rateLimits).where(eq(rateLimits.key, rlKey)).returning({ key: rateLimits.key }));
    return deleted.length > 0;
  }
}

/** Counters whose window closed over an hour ago count for nothing: prune them every few minutes. */
let pruning: NodeJS.Timeout | undefined;
function prunePeriodically() {
  pruning ??= setInterval(() => {
    void transaction((tx) => tx.delete(rateLimits).where(lt(rateLimits.expire, Date.now() - 3_600_000))).catch(() => undefined);
  }, 5 * 60_000).unref();
}

export type Budget = { name: string; points: number; durationSeconds: number };

const limiters = new Map<string, DatabaseRateLimiter>();
function limiterFor(budget: Budget): DatabaseRateLimiter {
  let limiter = limiters.get(budget.name);
  if (!limiter) {
    prunePeriodically();
    const options: IRateLimiterStoreNoAutoExpiryOptionsAndSchema = {
      // Required by the library's constructor; every query goes through the overridden methods above.
      storeClient: db,
      schema: rateLimits,
      // The prune below does this through transaction(), in milliseconds.
      clearExpiredByTimeout: false,
      keyPrefix: budget.name,
      points: budget.points,
      duration: budget.durationSeconds,
    };
    limiter = new DatabaseRateLimiter(options);
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
  /** "Forgot your password?" for one address: enough to retry a lost message, too few to flood a mailbox. */
  passwordResetEmail: { name: "reset-email", points: 5, durationSeconds: 60 * 60 },
  /** …and from one client address, whatever the email (a shared office asks now and then; a script many times). */
  passwordResetAddress: { name: "reset-address", points: 30, durationSeconds: 60 * 60 },
  /** Forms behind a one-time link (set a password): each try hashes a password. */
  accountLinkAddress: { name: "account-link-address", points: 30, durationSeconds: 15 * 60 },
  /** "Send the verification link again" from the account page. */
  verificationResend: { name: "verification-account", points: 5, durationSeconds: 60 * 60 },
  /** Quiz actions of one learner: far above a person's pace, far below a script's. */
  quizAction: { name: "quiz-account", points: 120, durationSeconds: 60 },
} satisfies Record<string, Budget>;

const DEFAULT_MESSAGE: Message = { key: "errors.rateLimited" };

/**
 * Reserve one unit of each budget for its key, atomically per budget, BEFORE the work it protects. When any budget
 * is spent, throws TooManyRequestsError (429, `Retry-After` = the longest wait).
 */
export function reserve(reservations: Array<[Budget, string]>, message: Message = DEFAULT_MESSAGE): Promise<void> {
  return reserveWith(reservations, message);
}

/**
 * The same, inside the caller's transaction, as its first statement: the reservation commits with the work it
 * protects, so a hot path (a quiz answer, a quiz start) pays one COMMIT, not two. The caller must commit the
 * reservation even when it refuses the work (a refused quiz event still counts): it returns the refusal from the
 * transaction and throws it after, rather than throwing inside. A spent budget throws here, and rolling that
 * transaction back costs nothing: the window's expiry is fixed at its first reservation, so an over-budget count
 * need not be stored.
 */
export function reserveIn(tx: Tx, reservations: Array<[Budget, string]>, message: Message = DEFAULT_MESSAGE): Promise<void> {
  return reserveWith(reservations, message, tx);
}

async function reserveWith(reservations: Array<[Budget, string]>, message: Message, tx?: Tx): Promise<void> {
  let waitMs = 0;
  for (const [budget, key] of reservations) {
    try {
      await limiterFor(budget).consume(key, 1, tx ? ({ tx } as never) : undefined);
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
