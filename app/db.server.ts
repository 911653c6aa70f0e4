// The database, behind one async API, on either engine (ADR 0005, ADR 0020). DATABASE_URL decides: the embedded
// SQLite file (default) or a PostgreSQL server. Capability code sees only `db`, `transaction()` and the tables of
// #db/tables/<capability>, and is written once.
//
// SQLite: WAL mode with synchronous=FULL, so a committed answer, completion or certificate survives a power cut.
// Two connections to the one file. Reads outside a transaction go to the reader, which is query-only and sees only
// committed data. Every write goes through `transaction()`, which runs on the writer connection under an in-process
// mutex with a manual BEGIN IMMEDIATE … COMMIT, one transaction after another; transactions that queue up while one
// runs share its COMMIT (group commit, ADR 0029), each in its own SAVEPOINT, and none settles before that COMMIT. Drizzle's own better-sqlite3 transactions are synchronous: an
// `await` inside one would let another request's statements into it, or commit it early. The mutex keeps every other
// request off the writer connection until COMMIT or ROLLBACK, so the work may await.
//
// PostgreSQL: a node-postgres pool; each transaction holds one pooled connection from BEGIN to COMMIT (READ
// COMMITTED). Invariants that must hold under concurrency are constraints, conditional updates or row locks
// (`forUpdate`), never an assumption of one writer.
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { sql, type AnyColumn } from "drizzle-orm";
import { drizzle as drizzleSqlite } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePg, type NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase } from "drizzle-orm/pg-core";
import pg from "pg";
import * as sqliteSchema from "#db/schema";
import * as pgSchema from "#db/schema-pg";
import { env } from "./env.server";

/** The database as capability code sees it: typed as PostgreSQL, whose async API both engines provide. */
export type Db = PgDatabase<NodePgQueryResultHKT, typeof pgSchema>;
/** A transaction handle; functions that must run inside the caller's transaction take one of these. */
export type Tx = Db;
/** Anything a read can run on: `db` outside a transaction, or the caller's transaction. */
export type Queryable = Db;

type Engine = {
  kind: "sqlite" | "postgres";
  db: Db;
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  migrate(): Promise<void>;
  /** Runs `work` while holding a lock shared by every process using this database (release tasks). */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
  sqlite?: Database.Database;
};

const insideTransaction = new AsyncLocalStorage<true>();

function refuseNesting() {
  if (insideTransaction.getStore()) {
    throw new Error("transaction() called inside a transaction: pass the caller's tx instead");
  }
}

/** Group commit bounds (SQLite): at most this many transactions, or this long, under one COMMIT. */
const GROUP_MAX = 64;
const GROUP_MAX_MS = 25;
/** Turns of the event loop a group waits for another transaction before it commits. */
const GROUP_IDLE_TURNS = 2;
/**
 * Several processes on one SQLite file (ADR 0042): a writer that met another's lock within this window leaves the lock
 * free for a moment between its groups, and one that finds the lock taken tries again within this many milliseconds.
 */
const CONTENDED_WINDOW_MS = 1000;
const LOCK_RETRY_MAX_MS = 2;

/** A FIFO lock: each holder runs after the previous one has released. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => released);
    return acquired;
  }
}

/**
 * Drizzle asks better-sqlite3 to prepare every query it runs, and SQLite's prepare (parse and plan) costs more than
 * running the small queries a request makes (about 40 % of a one-row select through Drizzle). Keep one statement per
 * SQL text and hand it out again. Reuse is safe because better-sqlite3 runs a statement to completion synchronously
 * (nothing here iterates), so two uses never overlap; raw mode, which Drizzle switches on per use with `.raw()`, is
 * switched off again so a reused statement behaves like a fresh one. SQLite re-prepares a statement itself when the
 * schema changes (migrations). The least recently prepared statement goes first once `limit` distinct texts are kept.
 * ADR 0036.
 */
export function reuseStatements(connection: Database.Database, limit = 2000) {
  const prepare = connection.prepare.bind(connection);
  const statements = new Map<string, Database.Statement>();
  connection.prepare = ((source: string) => {
    const kept = statements.get(source);
    if (kept) {
      if (kept.reader) kept.raw(false);
      return kept;
    }
    const statement = prepare(source);
    if (statements.size >= limit) statements.delete(statements.keys().next().value!);
    statements.set(source, statement);
    return statement;
  }) as typeof connection.prepare;
}

/** How long a transaction waits for another process's write lock before it fails. */
const BUSY_TIMEOUT_MS = 5000;

function openSqlite(file: string): Engine {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const open = (queryOnly: boolean) => {
    const connection = new Database(file);
    connection.pragma("journal_mode = WAL");
    connection.pragma("synchronous = FULL");
    connection.pragma("foreign_keys = ON");
    // Other processes (workers of `npm start`, scripts) may hold the write lock for a moment. SQLite waits for it by
    // sleeping in this thread, which stops the whole event loop: the writer's transactions wait for it without
    // blocking instead (beginImmediate), so its own busy wait is off outside migrations.
    connection.pragma(`busy_timeout = ${queryOnly ? BUSY_TIMEOUT_MS : 0}`);
    // Case-insensitive search must fold "É" as PostgreSQL's lower() does; SQLite's built-in folds ASCII only.
    connection.function("lower", { deterministic: true }, (value: unknown) =>
      typeof value === "string" ? value.toLowerCase() : value,
    );
    // A write on the reader would wait for the writer's lock synchronously, blocking the event loop that the
    // writer needs to finish: refuse it at once instead.
    if (queryOnly) connection.pragma("query_only = ON");
    reuseStatements(connection);
    return connection;
  };
  const writerConnection = open(false);
  const readerConnection = open(true);
  const writer = drizzleSqlite(writerConnection, { schema: sqliteSchema }) as unknown as Db;
  const reader = drizzleSqlite(readerConnection, { schema: sqliteSchema }) as unknown as Db;
  // Every use of the writer connection holds this lock, so no statement lands inside another request's transaction.
  const writeLock = new Mutex();

  // Group commit. A COMMIT in WAL with synchronous=FULL waits for the disk (an fsync, 0.3–10 ms on these machines)
  // and better-sqlite3 waits on the event loop, so one COMMIT per request caps every writer at one request per
  // fsync. Instead, transactions that arrive while one is running join it: each runs alone, in turn, inside a
  // SAVEPOINT (a throw rolls back its own work only), and one COMMIT covers the group. No promise settles before that
  // COMMIT has returned, so nothing is acknowledged before it is durable; if the COMMIT fails, every member fails.
  type Job = { work: (tx: Tx) => Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };
  const queue: Job[] = [];
  let committing = false;
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  // While another process (a second worker of `npm start`, a script) holds the file's write lock, try again a
  // moment later rather than let SQLite sleep in this thread: pages and reads go on being served meanwhile, and
  // transactions that arrive join the group that will begin. Measured with two workers of the bench's crowded start.
  let contendedUntil = 0;
  async function beginImmediate() {
    const giveUpAt = performance.now() + BUSY_TIMEOUT_MS;
    for (let wait = 1; ; wait = Math.min(wait * 2, LOCK_RETRY_MAX_MS)) {
      try {
        writerConnection.exec("BEGIN IMMEDIATE");
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== "SQLITE_BUSY" || performance.now() >= giveUpAt) throw error;
        contendedUntil = performance.now() + CONTENDED_WINDOW_MS;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
  async function commitInGroups() {
    committing = true;
    const release = await writeLock.acquire();
    try {
      while (queue.length > 0) {
        try {
          await beginImmediate();
        } catch (error) {
          // The file's lock stayed with another process past BUSY_TIMEOUT_MS: this one request fails, as before.
          queue.shift()!.reject(error);
          continue;
        }
        const settled: Array<() => void> = [];
        const members: Job[] = [];
        const began = performance.now();
        for (let idleTurns = 0; members.length < GROUP_MAX && performance.now() - began < GROUP_MAX_MS; ) {
          const job = queue.shift();
          if (!job) {
            // Requests already read from their sockets reach their transaction within a few turns of the event
            // loop: wait for them while they keep coming, so that a busy server commits once for many. An idle
            // server loses a few turns (microseconds).
            if (++idleTurns > GROUP_IDLE_TURNS) break;
            await nextTurn();
            continue;
          }
          idleTurns = 0;
          members.push(job);
          writerConnection.exec("SAVEPOINT member");
          try {
            const result = await insideTransaction.run(true, () => job.work(writer));
            writerConnection.exec("RELEASE member");
            settled.push(() => job.resolve(result));
          } catch (error) {
            if (!writerConnection.inTransaction) {
              // SQLite abandoned the whole transaction (disk full, I/O error): no member's work survived.
              for (const member of members) member.reject(error);
              members.length = 0;
              settled.length = 0;
              break;
            }
            writerConnection.exec("ROLLBACK TO member");
            writerConnection.exec("RELEASE member");
            settled.push(() => job.reject(error));
          }
        }
        if (!writerConnection.inTransaction) continue;
        try {
          writerConnection.exec("COMMIT");
        } catch (error) {
          if (writerConnection.inTransaction) writerConnection.exec("ROLLBACK");
          for (const member of members) member.reject(error);
          continue;
        }
        for (const settle of settled) settle();
        // A process with a backlog would begin its next group at once and keep another process's writer, whose
        // retries only find the lock free in such a gap, waiting until the backlog is gone (ADR 0042).
        if (queue.length > 0 && performance.now() < contendedUntil) await new Promise((resolve) => setTimeout(resolve, 1));
      }
    } finally {
      committing = false;
      release();
    }
  }

  return {
    kind: "sqlite",
    db: reader,
    sqlite: readerConnection,
    transaction(work) {
      refuseNesting();
      return new Promise((resolve, reject) => {
        queue.push({ work, resolve, reject } as Job);
        if (!committing) void commitInGroups();
      });
    },
    async migrate() {
      const release = await writeLock.acquire();
      // Migrations run before the server takes requests: SQLite's own wait for another process's lock is fine here.
      writerConnection.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      try {
        migrateSqlite(writer as never, { migrationsFolder: migrationsFolder("db/migrations") });
      } finally {
        writerConnection.pragma("busy_timeout = 0");
        release();
      }
    },
    async exclusively(work) {
      // One process runs the release tasks (the primary of `npm start`); SQLite's write lock covers the rest.
      return work();
    },
    async close() {
      writerConnection.close();
      readerConnection.close();
    },
  };
}

// Conflicts that a fresh run of the whole transaction resolves: the rerun reads what the other committed and
// answers accordingly (a duplicate becomes "already done", a taken status-list index is drawn again).
const RETRYABLE = new Set(["40001", "40P01", "23505"]);
const MAX_ATTEMPTS = 5;
// pg_advisory_lock key for release tasks (migrations, demo accounts, course import): "lexmigra" in ASCII, truncated.
const RELEASE_LOCK = 0x6c65786d6967;

function openPostgres(url: string): Engine {
  const pool = new pg.Pool({ connectionString: url, max: env.DATABASE_POOL_SIZE });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on("error", (error) => console.error("PostgreSQL pool:", error.message));
  const db = drizzlePg(pool, { schema: pgSchema }) as unknown as Db;
  const withClient = async <T>(work: (client: pg.PoolClient) => Promise<T>) => {
    const client = await pool.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  };
  return {
    kind: "postgres",
    db,
    async transaction(work) {
      refuseNesting();
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction((tx) => insideTransaction.run(true, () => work(tx as unknown as Tx)));
        } catch (error) {
          const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
          if (attempt >= MAX_ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
        }
      }
    },
    async migrate() {
      await withClient(async (client) => {
        // Nodes starting together: the first applies the migrations, the others wait and find nothing to do.
        await client.query("select pg_advisory_lock($1)", [RELEASE_LOCK]);
        try {
          await migratePg(drizzlePg(client), { migrationsFolder: migrationsFolder("db/migrations-pg") });
        } finally {
          await client.query("select pg_advisory_unlock($1)", [RELEASE_LOCK]);
        }
      });
    },
    async exclusively(work) {
      return withClient(async (client) => {
        await client.query("select pg_advisory_lock($1)", [RELEASE_LOCK + 1]);
        try {
          return await work();
        } finally {
          await client.query("select pg_advisory_unlock($1)", [RELEASE_LOCK + 1]);
        }
      });
    },
    async close() {
      await pool.end();
    },
  };
}

function migrationsFolder(fallback: string) {
  return path.resolve(
    (env.database.kind === "postgres" ? process.env.MIGRATIONS_PG_DIR : process.env.MIGRATIONS_DIR) ?? fallback,
  );
}

const engine = env.database.kind === "postgres" ? openPostgres(env.database.url) : openSqlite(env.database.path);

export const engineKind = engine.kind;
export const isPostgres = engine.kind === "postgres";
/** For reads outside a transaction. Writes go through `transaction()`. */
export const db: Db = engine.db;
/** The raw SQLite reader connection, for SQLite-only tooling (online backup); absent on PostgreSQL. */
export const sqlite = engine.sqlite;

export function runMigrations(): Promise<void> {
  return engine.migrate();
}

/**
 * Runs `work` as one write transaction and resolves after COMMIT; a throw rolls everything back. On SQLite the write
 * lock is taken up front (BEGIN IMMEDIATE); on PostgreSQL a transaction that lost a race (unique violation,
 * deadlock, serialization failure) runs again from the start, so `work` must only touch the database. Transactions
 * do not nest: a function that must join the caller's transaction takes its `tx`.
 */
export function transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return engine.transaction(work);
}

/** Release tasks (migrations, demo accounts, course import) run by one process at a time across all nodes. */
export function exclusively<T>(work: () => Promise<T>): Promise<T> {
  return engine.exclusively(work);
}

export function closeDatabase(): Promise<void> {
  return engine.close();
}

/**
 * Locks the selected rows until the transaction ends (PostgreSQL `FOR UPDATE`), so a read-then-write decision is not
 * made by two transactions at once. On SQLite the whole transaction already holds the only write lock.
 */
export function forUpdate<Q>(query: Q): Q {
  return isPostgres ? (query as unknown as { for(strength: "update"): Q }).for("update") : query;
}

/**
 * A statement prepared on first use and reused after, one per connection object it is built on: for the queries
 * every request runs, building and preparing the statement each time costs more than running it. Lazy, because
 * modules load before migrations create tables. On SQLite a transaction's `tx` is always the one writer connection,
 * so a statement is prepared once for the reader and once for the writer. On PostgreSQL each transaction has its own
 * `tx`, but it runs on one of the pool's clients, which later transactions reuse; a statement is kept per client
 * (Drizzle's prepared query holds the client, nothing of the transaction) and the server prepares it once per
 * connection under its name (ADRs 0041, 0043).
 */
export function preparedOn<T>(build: (q: Queryable) => T): (q: Queryable) => T {
  const byConnection = new WeakMap<object, T>();
  return (q) => {
    const connection = connectionOf(q);
    let statement = byConnection.get(connection);
    if (statement === undefined) byConnection.set(connection, (statement = build(q)));
    return statement;
  };
}

/** What a statement built on `q` is bound to: a PostgreSQL transaction's pool client, otherwise `q` itself. */
function connectionOf(q: Queryable): object {
  return (isPostgres && (q as unknown as { session?: { client?: object } }).session?.client) || q;
}

/**
 * `column` contains `text`, ignoring case the same way on both engines (lower() on both sides; on SQLite lower() is
 * replaced by JavaScript's toLowerCase, which folds non-ASCII letters as PostgreSQL's does), with % and _ in the
 * text taken literally.
 */
export function containsText(column: AnyColumn, text: string) {
  const pattern = `%${text.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return sql`lower(${column}) like ${pattern} escape '\\'`;
}
