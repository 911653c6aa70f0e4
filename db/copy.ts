// Copies a whole Lexmigra database from one engine to another (SQLite ⇄ PostgreSQL, or the same engine), for
// `npm run db:copy -- <from> <to>` (ADR 0020). The source is read in one snapshot, so a live deployment can be
// copied. The target is migrated, must be empty, and is written in one transaction. Afterwards both sides are
// read back and compared table by table: row count and a SHA-256 of every row's values in primary-key order.
import { createHash } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { asc, count, getTableColumns, is, Table } from "drizzle-orm";
import { drizzle as drizzleSqlite } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { getTableConfig as pgConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import pg from "pg";
import { engineFor } from "./engine";
import * as sqliteSchema from "./schema";
import * as pgSchema from "./schema-pg";

type Row = Record<string, unknown>;
// The builders are used through the API both dialects share (see db/tables/index.ts), so one loose type serves both.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = any;

type Side = {
  label: string;
  db: AnyDb;
  tables: Record<string, Table>;
  migrate(): Promise<void>;
  /** Runs `work` in one transaction: a consistent snapshot for reading, all-or-nothing for writing. */
  inTransaction<T>(mode: "read" | "write", work: () => Promise<T>): Promise<T>;
  /** After explicit ids were written: move identity sequences past them (PostgreSQL). */
  afterWrite(tableNames: string[]): Promise<void>;
  close(): Promise<void>;
};

export type TableReport = { table: string; rows: number; hash: string };

const tablesIn = (schema: Record<string, unknown>, kind: typeof SQLiteTable | typeof PgTable) =>
  Object.fromEntries(Object.entries(schema).filter(([, v]) => is(v, kind as never))) as Record<string, Table>;

function tableName(table: Table) {
  return is(table, PgTable) ? pgConfig(table).name : sqliteConfig(table as SQLiteTable).name;
}

async function open(spec: string): Promise<Side> {
  const engine = engineFor(spec, spec);
  if (engine.kind === "sqlite") {
    const file = path.resolve(engine.path);
    const connection = new Database(file);
    connection.pragma("journal_mode = WAL");
    connection.pragma("synchronous = FULL");
    connection.pragma("foreign_keys = ON");
    connection.pragma("busy_timeout = 5000");
    const db = drizzleSqlite(connection, { schema: sqliteSchema });
    return {
      label: `SQLite ${file}`,
      db,
      tables: tablesIn(sqliteSchema, SQLiteTable),
      async migrate() {
        migrateSqlite(db, { migrationsFolder: path.resolve(process.env.MIGRATIONS_DIR ?? "db/migrations") });
      },
      async inTransaction(mode, work) {
        connection.exec(mode === "write" ? "BEGIN IMMEDIATE" : "BEGIN");
        try {
          const result = await work();
          connection.exec("COMMIT");
          return result;
        } catch (error) {
          if (connection.inTransaction) connection.exec("ROLLBACK");
          throw error;
        }
      },
      async afterWrite() {},
      async close() {
        connection.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: engine.url });
  await client.connect();
  const db = drizzlePg(client, { schema: pgSchema });
  const url = new URL(engine.url);
  return {
    label: `PostgreSQL ${url.host}${url.pathname}`,
    db,
    tables: tablesIn(pgSchema, PgTable),
    async migrate() {
      await migratePg(db, { migrationsFolder: path.resolve(process.env.MIGRATIONS_PG_DIR ?? "db/migrations-pg") });
    },
    async inTransaction(mode, work) {
      await client.query(mode === "write" ? "begin" : "begin isolation level repeatable read read only");
      try {
        const result = await work();
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => {});
        throw error;
      }
    },
    async afterWrite(tableNames) {
      for (const name of tableNames) {
        const { rows } = await client.query<{ s: string | null }>(
          "select pg_get_serial_sequence($1, 'id') as s from information_schema.columns where table_name = $1 and column_name = 'id'",
          [name],
        );
        const sequence = rows[0]?.s;
        if (sequence) await client.query(`select setval($1, coalesce((select max(id) from "${name}"), 0) + 1, false)`, [sequence]);
      }
    },
    async close() {
      await client.end();
    },
  };
}

/** Tables ordered so that every table comes after the tables its foreign keys point to. */
function dependencyOrder(tables: Record<string, Table>): string[] {
  const configOf = (t: Table) => (is(t, PgTable) ? pgConfig(t) : sqliteConfig(t as SQLiteTable));
  const byName = new Map(Object.entries(tables).map(([key, t]) => [configOf(t).name, key]));
  const ordered: string[] = [];
  const visit = (key: string, path: string[] = []) => {
    if (ordered.includes(key)) return;
    if (path.includes(key)) throw new Error(`foreign-key cycle: ${[...path, key].join(" → ")}`);
    for (const fk of configOf(tables[key]).foreignKeys) {
      const target = byName.get(configOf(fk.reference().foreignTable).name)!;
      if (target !== key) visit(target, [...path, key]);
    }
    ordered.push(key);
  };
  for (const key of Object.keys(tables).sort()) visit(key);
  return ordered;
}

/** Rows with a foreign key to their own table (a renewal names the certificate it renews) come after its target. */
function selfReferenceOrder(table: Table, rows: Row[]): Row[] {
  const config = is(table, PgTable) ? pgConfig(table) : sqliteConfig(table as SQLiteTable);
  const own = config.foreignKeys.filter((fk) => fk.reference().foreignTable === table);
  if (own.length === 0) return rows;
  const columns = getTableColumns(table);
  const keyOf = (name: string) => Object.keys(columns).find((k) => columns[k].name === name)!;
  const links = own.map((fk) => ({
    from: keyOf(fk.reference().columns[0].name),
    to: keyOf(fk.reference().foreignColumns[0].name),
  }));
  const placed = new Set<unknown>();
  const ordered: Row[] = [];
  let pending = rows;
  while (pending.length) {
    const ready = pending.filter((r) => links.every((l) => r[l.from] === null || placed.has(r[l.from])));
    if (ready.length === 0) throw new Error(`rows of ${config.name} reference rows that do not exist`);
    for (const r of ready) {
      ordered.push(r);
      for (const l of links) placed.add(r[l.to]);
    }
    pending = pending.filter((r) => !ready.includes(r));
  }
  return ordered;
}

/** Every row, in primary-key order (compared in JavaScript, so both engines' collations agree). */
async function readAll(side: Side, key: string): Promise<Row[]> {
  const table = side.tables[key];
  const config = is(table, PgTable) ? pgConfig(table) : sqliteConfig(table as SQLiteTable);
  const columns = getTableColumns(table);
  const primary = config.primaryKeys[0]?.columns.map((c) => c.name) ?? Object.values(columns).filter((c) => c.primary).map((c) => c.name);
  const keys = primary.map((name) => Object.keys(columns).find((k) => columns[k].name === name)!);
  const rows: Row[] = await side.db.select().from(table).orderBy(...keys.map((k) => asc(columns[k])));
  const sortKey = (r: Row) => JSON.stringify(keys.map((k) => r[k]));
  return rows.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
}

function canonical(value: unknown): unknown {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { bytes: Buffer.from(value).toString("base64") };
  return value;
}

function tableHash(table: Table, rows: Row[]): string {
  const keys = Object.keys(getTableColumns(table));
  const hash = createHash("sha256");
  for (const row of rows) hash.update(JSON.stringify(keys.map((k) => canonical(row[k]))) + "\n");
  return hash.digest("hex");
}

export async function reportOf(spec: string): Promise<TableReport[]> {
  const side = await open(spec);
  try {
    return await side.inTransaction("read", async () => {
      const report: TableReport[] = [];
      for (const key of dependencyOrder(side.tables)) {
        const rows = await readAll(side, key);
        report.push({ table: tableName(side.tables[key]), rows: rows.length, hash: tableHash(side.tables[key], rows) });
      }
      return report;
    });
  } finally {
    await side.close();
  }
}

export class CopyRefused extends Error {}

/**
 * Copies every table of `from` into the empty database `to` and verifies the copy. Throws CopyRefused when the
 * target holds any row (nothing is written), and an Error naming the tables when the verification disagrees.
 */
export async function copyDatabase(from: string, to: string, log: (line: string) => void = () => {}): Promise<TableReport[]> {
  const source = await open(from);
  const target = await open(to);
  try {
    await target.migrate();
    const order = dependencyOrder(source.tables);
    for (const key of order) {
      const [{ n }] = await target.db.select({ n: count() }).from(target.tables[key]);
      if (n > 0) {
        throw new CopyRefused(`${target.label} is not empty (${tableName(target.tables[key])} has ${n} rows); copy only into an empty database.`);
      }
    }
    log(`Copying ${source.label} → ${target.label}`);
    const snapshot = await source.inTransaction("read", async () => {
      const data = new Map<string, Row[]>();
      for (const key of order) data.set(key, await readAll(source, key));
      return data;
    });
    await target.inTransaction("write", async () => {
      for (const key of order) {
        const rows = selfReferenceOrder(target.tables[key], snapshot.get(key)!);
        for (let i = 0; i < rows.length; i += 200) {
          await target.db.insert(target.tables[key]).values(rows.slice(i, i + 200));
        }
      }
      await target.afterWrite(order.map((k) => tableName(target.tables[k])));
    });
  } finally {
    await source.close();
    await target.close();
  }
  const [expected, actual] = [await reportOf(from), await reportOf(to)];
  const differing = expected.filter((e, i) => e.rows !== actual[i].rows || e.hash !== actual[i].hash);
  for (const { table, rows, hash } of actual) log(`  ${table.padEnd(22)} ${String(rows).padStart(8)} rows  sha256 ${hash.slice(0, 16)}…`);
  if (differing.length) {
    throw new Error(`The copy differs from the source in ${differing.map((d) => d.table).join(", ")}.`);
  }
  return actual;
}
