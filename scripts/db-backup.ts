// npm run db:backup -- <file> — a consistent copy of the live database, safe while the server runs.
// SQLite: the online backup API (readers and writers carry on during the copy), giving a database file.
// PostgreSQL: pg_dump in its custom format (one snapshot of every table), restored with pg_restore; the pg_dump of
// the server's major version (or newer) must be on PATH.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { closeDatabase, sqlite } from "~/db.server";
import { env } from "~/env.server";

const target = process.argv[2];
if (!target) {
  console.error("Usage: npm run db:backup -- <backup file>");
  process.exit(2);
}
const destination = path.resolve(target);
if (fs.existsSync(destination)) {
  console.error(`${destination} exists; choose a new file name so no backup is overwritten.`);
  process.exit(2);
}
fs.mkdirSync(path.dirname(destination), { recursive: true });
if (env.database.kind === "postgres") {
  const dump = spawnSync("pg_dump", ["--format=custom", "--no-owner", `--file=${destination}`, env.database.url], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (dump.error || dump.status !== 0) {
    console.error(`pg_dump failed${dump.error ? `: ${dump.error.message}` : ` with exit code ${dump.status}`}.`);
    fs.rmSync(destination, { force: true });
    process.exit(1);
  }
  console.log(`Backed up the PostgreSQL database to ${destination} (${fs.statSync(destination).size} bytes); restore with pg_restore.`);
} else {
  await sqlite!.backup(destination);
  console.log(`Backed up ${env.database.path} to ${destination} (${fs.statSync(destination).size} bytes).`);
}
await closeDatabase();
