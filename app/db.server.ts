// The one database connection. SQLite in WAL mode with synchronous=FULL: a committed answer, completion or
// certificate survives a power cut, and WAL still commits thousands of small transactions a second.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { sql, type AnyColumn } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "#db/schema";
import { env } from "./env.server";

export type Db = BetterSQLite3Database<typeof schema>;

function open(file: string) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return { sqlite, db: drizzle(sqlite, { schema }) };
}

const connection = open(env.databasePath);
export const sqlite = connection.sqlite;
export const db: Db = connection.db;

export function runMigrations() {
  migrate(db, { migrationsFolder: path.resolve(process.env.MIGRATIONS_DIR ?? "db/migrations") });
}

/** A transaction handle; functions that must run inside the caller's transaction take one of these. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** A write transaction that takes the write lock up front (BEGIN IMMEDIATE), so it never fails half-way on upgrade. */
export function writeTransaction<T>(work: (tx: Tx) => T): T {
  return db.transaction(work, { behavior: "immediate" });
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
