// Integration tests run the real migrations on the per-file temporary SQLite database (see tests/setup-env.ts).
import { runMigrations } from "~/db.server";

export async function freshDatabase() {
  await runMigrations();
}
