// npm run db:seed — create the demo accounts if they are missing (never duplicates them).
import { runMigrations } from "~/db.server";
import { seedDemoAccounts } from "#db/seed";

await runMigrations();
console.log(`Created ${await seedDemoAccounts()} demo accounts.`);
