// npm run courses:import — validate and import every course under COURSES_DIR (default ./courses).
import { importCoursesFrom } from "~/courses/import.server";
import { runMigrations } from "~/db.server";
import { env } from "~/env.server";
import { reportImport } from "~/startup.server";
import { recordDiskConflict } from "~/studio/workflow.server";

await runMigrations();
const outcomes = await importCoursesFrom(env.coursesDir, Date.now(), { onDiskConflict: recordDiskConflict });
reportImport(outcomes);
const rejected = outcomes.filter((o) => o.outcome === "rejected").length;
console.log(`${outcomes.length - rejected} imported or unchanged, ${rejected} rejected.`);
process.exit(rejected > 0 ? 1 : 0);
