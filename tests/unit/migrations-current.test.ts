// The committed migrations of both engines are up to date with their schemas: drizzle-kit, run on a copy of each
// migrations folder, finds nothing to generate. A schema change without `npm run db:generate` fails here.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const engines = [
  { dialect: "sqlite", schema: "./db/schema/index.ts", migrations: "db/migrations" },
  { dialect: "postgresql", schema: "./db/schema-pg/index.ts", migrations: "db/migrations-pg" },
];

describe("committed migrations", () => {
  for (const engine of engines) {
    it(`are up to date with the ${engine.dialect} schema`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lexmigra-migrations-"));
      try {
        const copy = path.join(dir, "migrations");
        fs.cpSync(engine.migrations, copy, { recursive: true });
        const before = fs.readdirSync(copy).sort();
        // drizzle-kit prefixes --out with "./", so it is given relative to the working directory.
        const output = execFileSync(
          path.resolve("node_modules/.bin/drizzle-kit"),
          ["generate", "--dialect", engine.dialect, "--schema", engine.schema, "--out", path.relative(process.cwd(), copy)],
          { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
        );
        expect(fs.readdirSync(copy).sort(), output).toEqual(before);
        expect(output).toMatch(/No schema changes/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  }
});
