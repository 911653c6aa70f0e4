// Each test file gets its own temporary data directory (and so its own SQLite file) before any app module reads
// the environment. Integration tests then call `freshDatabase()` from tests/integration/db.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lexmigra-test-"));
process.env.DATA_DIR = dir;
process.env.DATABASE_URL = path.join(dir, "app.db");
process.env.NODE_ENV = "test";
