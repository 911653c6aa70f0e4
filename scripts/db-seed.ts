// npm run db:seed — create the demo accounts if they are missing (never duplicates them).
import { db, runMigrations } from "~/db.server";
import { seedDemoAccounts } from "#db/seed";

runMigrations();
console.log(`Created ${await seedDemoAccounts(db)} demo accounts.`);
