// Each test file gets its own temporary data directory before any app module reads the environment, removed when
// the file's tests are done, and its own database: a SQLite file in that directory or, when TEST_DATABASE_URL names
// a PostgreSQL server (scripts/with-postgres.sh sets it), a database created on that server for this file and
// dropped afterwards. Integration tests call `freshDatabase()` from tests/integration/db.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lexmigra-test-"));
process.env.DATA_DIR = dir;
process.env.NODE_ENV = "test";

const server = process.env.TEST_DATABASE_URL;
let dropDatabase: (() => Promise<void>) | null = null;
if (server) {
  const name = `lexmigra_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  dropDatabase = async () => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
} else {
  process.env.DATABASE_URL = path.join(dir, "app.db");
}

afterAll(async () => {
  if (dropDatabase) {
    // The app's pool, if a test opened it, goes first; `with (force)` ends any connection left behind.
    const { closeDatabase } = await import("~/db.server");
    await closeDatabase().catch(() => {});
    await dropDatabase();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
