// npm run db:copy -- <from> <to> — copy a whole database between engines (SQLite file path or postgres:// URL), e.g.
// a live SQLite deployment into an empty PostgreSQL database, and back. Refuses a target that holds any row;
// verifies row counts and per-table content hashes afterwards. See db/copy.ts and ADR 0020.
import { copyDatabase, CopyRefused } from "#db/copy";

const [from, to] = process.argv.slice(2);
if (!from || !to) {
  console.error("Usage: npm run db:copy -- <from> <to>   (each a SQLite file path or a postgres:// URL)");
  process.exit(2);
}
try {
  const report = await copyDatabase(from, to, (line) => console.log(line));
  console.log(`Copied and verified ${report.reduce((n, t) => n + t.rows, 0)} rows in ${report.length} tables.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(error instanceof CopyRefused ? 2 : 1);
}
