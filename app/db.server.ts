// The database, behind one async API. SQLite in WAL mode with synchronous=FULL: a committed answer, completion or
// certificate survives a power cut, and WAL still commits thousands of small transactions a second.
//
// Two connections to the one file. Reads outside a transaction go to the reader, which is query-only and, in WAL
// mode, sees only committed data. Every write goes through `transaction()`, which runs on the writer connection
// under an in-process mutex with a manual BEGIN IMMEDIATE … COMMIT. Drizzle's own better-sqlite3 transactions are
// synchronous: an `await` inside one would let another request's statements into it, or commit it early. Here the
// mutex keeps every other request off the writer connection until COMMIT or ROLLBACK, so the work may await.
// See docs/decisions/0005-async-data-layer.md.
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { sql, type AnyColumn } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "#db/schema";
import { env } from "./env.server";

export type Db = BetterSQLite3Database<typeof schema>;
/** A transaction handle; functions that must run inside the caller's transaction take one of these. */
export type Tx = Db;
/** Anything a read can run on: the reader outside a transaction, or the caller's transaction. */
export type Queryable = Db | Tx;

function open(file: string, options: { queryOnly: boolean }) {
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  // Other processes (workers of `npm start`, scripts) may hold the write lock for a moment.
  sqlite.pragma("busy_timeout = 5000");
  // A write on the reader would wait for the writer's lock synchronously, blocking the event loop that the writer
  // needs to finish: refuse it at once instead.
  if (options.queryOnly) sqlite.pragma("query_only = ON");
  return { sqlite, db: drizzle(sqlite, { schema }) };
}

fs.mkdirSync(path.dirname(path.resolve(env.databasePath)), { recursive: true });
const writer = open(env.databasePath, { queryOnly: false });
const reader = open(env.databasePath, { queryOnly: true });

/** The raw reader connection, for SQLite-only tooling (online backup). */
export const sqlite = reader.sqlite;
/** For reads outside a transaction. Writes go through `transaction()`. */
export const db: Db = reader.db;

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

// Every use of the writer connection holds this lock, so no statement lands inside another request's transaction.
const writeLock = new Mutex();

export async function runMigrations() {
  const release = await writeLock.acquire();
  try {
    migrate(writer.db, { migrationsFolder: path.resolve(process.env.MIGRATIONS_DIR ?? "db/migrations") });
  } finally {
    release();
  }
}

const insideTransaction = new AsyncLocalStorage<true>();

/**
 * Runs `work` as one write transaction and resolves after COMMIT; a throw rolls everything back. The write lock is
 * taken up front (BEGIN IMMEDIATE), so the transaction never fails half-way on lock upgrade. Transactions do not
 * nest: a function that must join the caller's transaction takes its `tx`.
 */
export async function transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  if (insideTransaction.getStore()) {
    throw new Error("transaction() called inside a transaction: pass the caller's tx instead");
  }
  const release = await writeLock.acquire();
  try {
    writer.sqlite.exec("BEGIN IMMEDIATE");
    try {
      const result = await insideTransaction.run(true, () => work(writer.db));
      writer.sqlite.exec("COMMIT");
      return result;
    } catch (error) {
      if (writer.sqlite.inTransaction) writer.sqlite.exec("ROLLBACK");
      throw error;
    }
  } finally {
    release();
  }
}

/**
 * A statement prepared on first use and reused after: for the queries every request runs, building and preparing
 * the statement each time costs more than running it. Lazy, because modules load before migrations create tables.
 */
export function prepared<T>(build: () => T): () => T {
  let statement: T | undefined;
  return () => (statement ??= build());
}

/**
 * `column` contains `text`, case as stored, with % and _ in the text taken literally. SQLite (and PostgreSQL) treat
 * the backslash as an escape only when the query says so.
 */
export function containsText(column: AnyColumn, text: string) {
  const pattern = `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return sql`${column} like ${pattern} escape '\\'`;
}
