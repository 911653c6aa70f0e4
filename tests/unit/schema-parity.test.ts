// The SQLite schema (db/schema) and its PostgreSQL mirror (db/schema-pg) describe the same tables: same columns
// with the mapped types of ADR 0020, nullability, defaults, keys, indexes, unique constraints and foreign keys.
// Capability code is written once against #db/tables, so a column added to one schema only breaks here first.
import { is, SQL, Table } from "drizzle-orm";
import { getTableConfig as pgConfig, PgTable, type PgColumn } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig, SQLiteTable, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as sqliteSchema from "#db/schema";
import * as pgSchema from "#db/schema-pg";
import * as selected from "#db/tables";

// SQLite column class → the PostgreSQL type that stores the same JavaScript values.
const MAPPED_TYPE: Record<string, string> = {
  SQLiteText: "text",
  SQLiteInteger: "bigint",
  SQLiteReal: "double precision",
  SQLiteTextJson: "json",
  SQLiteBoolean: "boolean",
  SQLiteBlobBuffer: "bytea",
};

function defaultOf(column: { hasDefault: boolean; default: unknown }) {
  if (!column.hasDefault) return undefined;
  if (is(column.default, SQL)) {
    return column.default.queryChunks.map((chunk) => (chunk as { value?: string[] }).value?.join("") ?? String(chunk)).join("");
  }
  return column.default;
}

type Shape = ReturnType<typeof describeSqlite>;

function describeColumns(columns: (SQLiteColumn | PgColumn)[], typeOf: (c: never) => string) {
  return Object.fromEntries(
    columns.map((c) => [
      c.name,
      {
        type: typeOf(c as never),
        notNull: c.notNull,
        default: defaultOf(c),
        primary: c.primary,
        unique: c.isUnique ? (c.uniqueName ?? true) : false,
        enumValues: c.enumValues ?? null,
      },
    ]),
  );
}

function describeSqlite(table: SQLiteTable) {
  const config = sqliteConfig(table);
  return {
    columns: describeColumns(config.columns, (c: SQLiteColumn) => MAPPED_TYPE[c.columnType] ?? `unmapped ${c.columnType}`),
    // SQLite's AUTOINCREMENT and PostgreSQL's identity both hand out the integer key when none is given.
    generatedKeys: config.columns
      .filter((c) => (c as unknown as { autoIncrement?: boolean }).autoIncrement)
      .map((c) => c.name),
    primaryKeys: config.primaryKeys.map((pk) => pk.columns.map((c) => c.name)),
    indexes: config.indexes
      .map((i) => ({ name: i.config.name, unique: i.config.unique, columns: i.config.columns.map((c) => (c as SQLiteColumn).name) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return {
          columns: ref.columns.map((c) => c.name),
          table: sqliteConfig(ref.foreignTable).name,
          foreignColumns: ref.foreignColumns.map((c) => c.name),
          onDelete: fk.onDelete ?? "no action",
        };
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
  };
}

function describePg(table: PgTable): Shape {
  const config = pgConfig(table);
  return {
    columns: describeColumns(config.columns, (c: PgColumn) => c.getSQLType()),
    generatedKeys: config.columns.filter((c) => c.generatedIdentity !== undefined).map((c) => c.name),
    primaryKeys: config.primaryKeys.map((pk) => pk.columns.map((c) => c.name)),
    indexes: config.indexes
      .map((i) => ({ name: i.config.name!, unique: i.config.unique, columns: i.config.columns.map((c) => (c as PgColumn).name) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return {
          columns: ref.columns.map((c) => c.name),
          table: pgConfig(ref.foreignTable).name,
          foreignColumns: ref.foreignColumns.map((c) => c.name),
          onDelete: fk.onDelete ?? "no action",
        };
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
  };
}

const tablesOf = <T extends Table>(schema: Record<string, unknown>, kind: new (...args: never[]) => T) =>
  Object.fromEntries(
    Object.entries(schema)
      .filter(([, value]) => is(value, kind as never))
      .map(([key, value]) => [key, value as T]),
  );

const sqliteTables = tablesOf(sqliteSchema, SQLiteTable);
const pgTables = tablesOf(pgSchema, PgTable);

describe("schema parity between SQLite and PostgreSQL", () => {
  it("defines the same tables under the same export names", () => {
    expect(Object.keys(pgTables).sort()).toEqual(Object.keys(sqliteTables).sort());
    const names = (tables: Record<string, Table>, config: (t: never) => { name: string }) =>
      Object.values(tables).map((t) => config(t as never).name).sort();
    expect(names(pgTables, pgConfig)).toEqual(names(sqliteTables, sqliteConfig));
  });

  it("exposes every table through #db/tables", () => {
    expect(Object.keys(selected).filter((k) => k !== "isPostgres").sort()).toEqual(Object.keys(sqliteTables).sort());
  });

  for (const [key, sqliteTable] of Object.entries(sqliteTables)) {
    it(`gives ${key} the same columns, keys, indexes and foreign keys`, () => {
      const pgTable = pgTables[key];
      expect(pgTable, `db/schema-pg has no ${key}`).toBeDefined();
      const expected = describeSqlite(sqliteTable);
      const actual = describePg(pgTable);
      expect(Object.keys(actual.columns)).toEqual(Object.keys(expected.columns));
      for (const name of Object.keys(expected.columns)) {
        expect(actual.columns[name], `${key}.${name}`).toEqual(expected.columns[name]);
      }
      expect(actual.generatedKeys).toEqual(expected.generatedKeys);
      expect(actual.primaryKeys).toEqual(expected.primaryKeys);
      expect(actual.indexes).toEqual(expected.indexes);
      expect(actual.foreignKeys).toEqual(expected.foreignKeys);
    });
  }

  it("notices a difference (the comparison is not vacuous)", () => {
    const shape = describeSqlite(sqliteTables.users);
    const altered = structuredClone(shape);
    altered.columns.email.notNull = false;
    expect(altered).not.toEqual(shape);
    expect(shape.columns.email).toMatchObject({ type: "text", notNull: true, unique: "users_email_unique" });
    expect(describeSqlite(sqliteTables.enrolments).indexes).toEqual([
      { name: "enrolments_by_user_course", unique: true, columns: ["user_id", "course_slug"] },
    ]);
  });
});
