// npm run db:backup -- <file> — a consistent copy of the live database through SQLite's online backup API,
// safe while the server runs (readers and writers carry on during the copy).
import fs from "node:fs";
import path from "node:path";
import { sqlite } from "~/db.server";
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
await sqlite.backup(destination);
console.log(`Backed up ${env.databasePath} to ${destination} (${fs.statSync(destination).size} bytes).`);
