// Each test file gets its own temporary data directory (and so its own SQLite file) before any app module reads
// the environment, removed when the file's tests are done. Integration tests call `freshDatabase()` from
// tests/integration/db.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lexmigra-test-"));
process.env.DATA_DIR = dir;
process.env.DATABASE_URL = path.join(dir, "app.db");
process.env.NODE_ENV = "test";

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
