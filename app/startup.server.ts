// What the server does at start: bring the schema up to date and create demo accounts where allowed BEFORE it
// accepts requests (both are quick, and pages need them), then import the course files AFTER it listens, course by
// course, so a slow or broken course never keeps the site down: the live versions are served meanwhile, and an
// invalid course is reported and its live version kept.
import { importCoursesGradually, type ImportOutcome } from "./courses/import.server";
import { runMigrations } from "./db.server";
import { env } from "./env.server";
import { seedDemoAccounts } from "#db/seed";

export async function startup() {
  await runMigrations();
  if (env.seedDemo) {
    const created = await seedDemoAccounts();
    if (created > 0) console.log(`Created ${created} demo accounts (see README.md).`);
  }
}

/** Call once the server listens. Resolves when every course folder has been looked at. */
export async function importCoursesAfterStart() {
  await importCoursesGradually(env.coursesDir, reportOutcome);
}

export function reportImport(outcomes: ImportOutcome[]) {
  outcomes.forEach(reportOutcome);
}

function reportOutcome(result: ImportOutcome) {
  if (result.outcome === "rejected") {
    console.error(`Course ${result.slug} rejected; its live version (if any) stays:\n  ${result.errors.join("\n  ")}`);
  } else if (result.outcome !== "unchanged") {
    console.log(`Course ${result.slug}: ${result.outcome} (version ${result.versionId})`);
  }
}
