// npm run db:migrate — apply the committed migrations (the server also does this at start-up).
import { closeDatabase, runMigrations } from "~/db.server";
import { env } from "~/env.server";

await runMigrations();
console.log(`Migrated the ${env.database.kind === "postgres" ? "PostgreSQL" : `SQLite (${env.database.path})`} database.`);
await closeDatabase();
