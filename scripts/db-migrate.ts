// npm run db:migrate — apply the committed migrations (the server also does this at start-up).
import { runMigrations } from "~/db.server";
import { env } from "~/env.server";

await runMigrations();
console.log(`Migrated ${env.databasePath}`);
