// SQLite statements are kept per SQL text and handed out again (app/db.server.ts, reuseStatements). These tests hold
// a reused statement to what a freshly prepared one would do, on a real database file, and run the application's own
// queries through the kept statements.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, isPostgres, reuseStatements, transaction } from "~/db.server";
import { freshDatabase } from "./db";
import { auditEvents } from "#db/tables";

describe.skipIf(isPostgres)("statements kept per SQL text (SQLite)", () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "lexmigra-statements-"));
  const connection = new Database(path.join(directory, "reuse.sqlite"));
  beforeAll(async () => {
    await freshDatabase();
    connection.exec("create table t (id integer primary key, name text not null)");
    reuseStatements(connection, 3);
  });
  afterAll(() => {
    connection.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it("hands out the same statement for the same text", () => {
    expect(connection.prepare("select id, name from t")).toBe(connection.prepare("select id, name from t"));
  });

  it("gives a reused statement back with raw mode off, as a fresh one would be", () => {
    connection.prepare("insert into t (id, name) values (?, ?)").run(1, "Zoë");
    expect(connection.prepare("select id, name from t where id = ?").raw().all(1)).toEqual([[1, "Zoë"]]);
    expect(connection.prepare("select id, name from t where id = ?").all(1)).toEqual([{ id: 1, name: "Zoë" }]);
  });

  it("reuses statements that return no data", () => {
    const insert = connection.prepare("insert into t (id, name) values (?, ?)");
    expect(connection.prepare("insert into t (id, name) values (?, ?)")).toBe(insert);
    insert.run(2, "Łukasz");
    expect(connection.prepare("select count(*) as n from t").get()).toEqual({ n: 2 });
  });

  it("lets go of the oldest statement once the limit of distinct texts is reached", () => {
    const first = connection.prepare("select 1 as a");
    connection.prepare("select 2 as a");
    connection.prepare("select 3 as a");
    connection.prepare("select 4 as a");
    expect(connection.prepare("select 1 as a")).not.toBe(first);
  });

  it("sees a schema change made after a statement was kept", () => {
    connection.prepare("select * from t").all();
    connection.exec("alter table t add column note text");
    expect(Object.keys(connection.prepare("select * from t").get() as object)).toEqual(["id", "name", "note"]);
  });

  it("runs the application's queries through kept statements, on both connections", async () => {
    const subject = `statement-reuse-${Date.now()}`;
    for (let i = 0; i < 3; i++) {
      await transaction((tx) => tx.insert(auditEvents).values({ action: "test.statement-reuse", subject, details: { i }, at: Date.now() }));
      const rows = await db.select().from(auditEvents).where(eq(auditEvents.subject, subject));
      expect(rows.map((r) => r.details)).toEqual(Array.from({ length: i + 1 }, (_, n) => ({ i: n })));
    }
  });
});
