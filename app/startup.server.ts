// What the server does at start: bring the schema up to date and create demo accounts where allowed BEFORE it
// accepts requests (both are quick, and pages need them), then import the course files AFTER it listens, course by
// course, so a slow or broken course never keeps the site down: the live versions are served meanwhile, and an
// invalid course is reported and its live version kept. Under `npm start` (cluster.js) the primary process does both
// once for all its workers; on PostgreSQL an advisory lock makes nodes starting together take turns.
import { importCoursesGradually, type ImportOutcome } from "./courses/import.server";
import { exclusively, runMigrations } from "./db.server";
import { env } from "./env.server";
import { recordDiskConflict } from "./studio/workflow.server";
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
  if (env.seedDemo) {
    // Nodes starting together: one creates the demo accounts, the others find them there.
    const created = await exclusively(() => seedDemoAccounts());
    if (created > 0) console.log(`Created ${created} demo accounts (see README.md).`);
  }
}

/** Call once the server listens. Resolves when every course folder has been looked at. */
export async function importCoursesAfterStart() {
  // One node imports at a time; the next finds every course unchanged.
  await exclusively(() => importCoursesGradually(env.coursesDir, reportOutcome, Date.now(), { onDiskConflict: recordDiskConflict }));
}

export function reportImport(outcomes: ImportOutcome[]) {
  outcomes.forEach(reportOutcome);
}

function reportOutcome(result: ImportOutcome) {
  if (result.outcome === "conflict") {
    // ADR 0018: named for the person reading the log: the course, the disk's version and the studio's live one.
    console.warn(
      `Course ${result.slug}: the folder on disk changed (version ${result.diskLabel}) after the studio published version ` +
        `${result.liveVersion.label} (${result.liveVersion.id}); the disk change is ${result.draftId ? `conflict draft ${result.draftId}` : "not imported"}, ` +
        `and version ${result.liveVersion.label} stays live.`,
    );
  } else if (result.outcome === "rejected") {
    console.error(`Course ${result.slug} rejected; its live version (if any) stays:\n  ${result.errors.join("\n  ")}`);
  } else if (result.outcome !== "unchanged") {
    console.log(`Course ${result.slug}: ${result.outcome} (version ${result.versionId})`);
  }
}
