// The courses tables of the engine in use (see ./index.ts). One file per capability, like db/schema, so that
// .dependency-cruiser.cjs can tell which capability's tables a module uses.
import * as pg from "../schema-pg/courses";
import * as sqlite from "../schema/courses";
import { isPostgres } from "./engine";

// At run time on SQLite these are the sqliteTable objects of db/schema; they have the same columns and JS types.
const selected = (isPostgres ? pg : sqlite) as unknown as typeof pg;

export const {
  courses,
  courseVersions,
  courseVersionFiles,
  courseModules,
  lessons,
  lessonBodies,
  enrolments,
  lessonCompletions,
  quizPasses,
  courseImages,
  courseVersionImages,
} = selected;
