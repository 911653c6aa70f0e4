// `npm run courses:check`: validates every course under courses/ (or COURSES_DIR) without touching the database,
// so trainers and CI see every error of every course in one run.
import path from "node:path";
import { formatCourseError, loadAllCourses } from "../app/courses/load.server";

const coursesDir = path.resolve(process.env.COURSES_DIR ?? "courses");
const results = loadAllCourses(coursesDir, { root: process.cwd() });

let failed = 0;
for (const result of results) {
  for (const error of result.errors) console.error(formatCourseError(error));
  const { modules, lessons, words, questions } = result.summary;
  const counts = `${modules} modules, ${lessons} lessons, ${words} words, ${questions} questions`;
  const status = result.errors.length === 0 ? "ok" : `${result.errors.length} error${result.errors.length === 1 ? "" : "s"}`;
  console.log(`${result.folder}: ${counts} — ${status}`);
  if (result.errors.length > 0) failed++;
}

if (results.length === 0) console.log(`no courses found in ${path.relative(process.cwd(), coursesDir) || "."}`);
else console.log(`${results.length - failed} of ${results.length} courses valid`);
process.exitCode = failed > 0 ? 1 : 0;
