// What the server does once before it accepts requests: bring the schema up to date, create demo accounts where
// allowed, and import the course files (an invalid course is reported and its live version kept).
import { importCoursesFrom } from "./courses/import.server";
import { runMigrations } from "./db.server";
import { env } from "./env.server";
import { seedDemoAccounts } from "#db/seed";

export async function startup() {
  await runMigrations();
  if (env.seedDemo) {
    const created = await seedDemoAccounts();
    if (created > 0) console.log(`Created ${created} demo accounts (see README.md).`);
  }
  reportImport(await importCoursesFrom(env.coursesDir));
}

export function reportImport(outcomes: Awaited<ReturnType<typeof importCoursesFrom>>) {
  for (const result of outcomes) {
    if (result.outcome === "rejected") {
      console.error(`Course ${result.slug} rejected; its live version (if any) stays:\n  ${result.errors.join("\n  ")}`);
    } else if (result.outcome !== "unchanged") {
      console.log(`Course ${result.slug}: ${result.outcome} (version ${result.versionId})`);
    }
  }
}
