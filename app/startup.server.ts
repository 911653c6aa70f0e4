// What the server does once before it accepts requests: bring the schema up to date, create demo accounts where
// allowed, and import the course files (an invalid course is reported and its live version kept).
import { importCoursesFrom } from "./courses/import.server";
import { exclusively, runMigrations } from "./db.server";
import { env } from "./env.server";
import { seedDemoAccounts } from "#db/seed";

export async function startup() {
  // Every node of a PostgreSQL deployment must sign with the same key: one generated per node into its own
  // DATA_DIR would make the others' credentials unverifiable against the published issuer profile.
  if (env.database.kind === "postgres" && !env.ISSUER_KEY?.trim()) {
    throw new Error(
      "With PostgreSQL, ISSUER_KEY must hold the issuer key shared by every node (an exported Multikey JSON, e.g. " +
        "the contents of a $DATA_DIR/issuer-key.json generated once). See README.md, Running on PostgreSQL.",
    );
  }
  await runMigrations();
  // Demo accounts and course import run once at a time across all nodes starting together.
  await exclusively(async () => {
    if (env.seedDemo) {
      const created = await seedDemoAccounts();
      if (created > 0) console.log(`Created ${created} demo accounts (see README.md).`);
    }
    reportImport(await importCoursesFrom(env.coursesDir));
  });
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
