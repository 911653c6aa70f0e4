// `npm run courses:check`: validates every course under courses/ (or COURSES_DIR) without touching the database,
// so trainers and CI see every error of every course in one run.
// `npm run courses:check -- <file.zip | folder> …` checks those instead: a zip goes through the same reader limits
// as an upload (course-zip.server.ts) and the same compiler as a folder, so it gets the same messages.
// `npm run courses:check -- --times` also prints the study-time figures (courses/README.md, Honest study time).
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  compileCourse,
  type CourseError,
  type CourseSummary,
  formatCourseError,
  loadAllCourses,
  loadCourse,
  type StudyTime,
} from "../app/courses/load.server";
import { CourseArchiveError, readCourseZip } from "../app/courses/course-zip.server";

type Checked = { label: string; errors: CourseError[]; summary?: CourseSummary; studyTime?: StudyTime };

const args = process.argv.slice(2);
const showTimes = args.includes("--times");
const targets = args.filter((arg) => !arg.startsWith("--"));
const coursesDir = path.resolve(process.env.COURSES_DIR ?? "courses");

const results: Checked[] =
  targets.length === 0
    ? loadAllCourses(coursesDir, { root: process.cwd() }).map((result) => ({ label: result.folder, ...result }))
    : await Promise.all(targets.map(check));

let failed = 0;
for (const result of results) {
  for (const error of result.errors) console.error(formatCourseError(error));
  const status = result.errors.length === 0 ? "ok" : `${result.errors.length} error${result.errors.length === 1 ? "" : "s"}`;
  if (result.summary) {
    const { modules, lessons, words, questions } = result.summary;
    console.log(`${result.label}: ${modules} modules, ${lessons} lessons, ${words} words, ${questions} questions — ${status}`);
  } else console.log(`${result.label}: ${status}`);
  if (showTimes && result.studyTime) console.log(timesTable(result.studyTime));
  if (result.errors.length > 0) failed++;
}

if (results.length === 0) console.log(`no courses found in ${path.relative(process.cwd(), coursesDir) || "."}`);
else console.log(`${results.length - failed} of ${results.length} courses valid`);
process.exitCode = failed > 0 ? 1 : 0;

async function check(target: string): Promise<Checked> {
  const label = target.split(path.sep).join("/");
  if (!target.toLowerCase().endsWith(".zip")) return { label, ...loadCourse(target, { root: process.cwd() }) };
  let bytes: Buffer;
  try {
    bytes = readFileSync(target);
  } catch (error) {
    return { label, errors: [{ file: label, message: `cannot read the archive (${(error as NodeJS.ErrnoException).code})` }] };
  }
  try {
    const course = await readCourseZip(bytes);
    // Errors name the file inside the archive, as Python's zipimport does: `course.zip/<slug>/quiz.yaml:12`.
    return { label, ...compileCourse(course, { base: [label, course.folder].filter(Boolean).join("/") }) };
  } catch (error) {
    if (!(error instanceof CourseArchiveError)) throw error;
    return { label, errors: [{ file: label, message: `archive refused: ${error.message}` }] };
  }
}

function timesTable(time: StudyTime): string {
  const rows: string[][] = [["  study time", "words", "declared", "computed", ""]];
  for (const lesson of time.lessons) {
    const flag = lesson.declared === lesson.computed ? "" : lesson.declared > lesson.computed ? "over" : "under";
    rows.push([`  lesson ${lesson.id}`, String(lesson.words), `${lesson.declared} min`, `${lesson.computed} min`, flag]);
  }
  for (const quiz of time.quizzes) {
    const share = quiz.questions === 0 ? 0 : Math.round((quiz.application / quiz.questions) * 100);
    rows.push([
      `  quiz ${quiz.id}`,
      "",
      "",
      `${quiz.minutes} min`,
      `${plural(quiz.questions, "question")}, ${quiz.application} application (${share} %), ${plural(quiz.scenarios, "scenario")}`,
    ]);
  }
  const words = time.lessons.reduce((sum, lesson) => sum + lesson.words, 0);
  const questions = time.quizzes.reduce((sum, quiz) => sum + quiz.questions, 0);
  const application = time.quizzes.reduce((sum, quiz) => sum + quiz.application, 0);
  const share = questions === 0 ? 0 : Math.round((application / questions) * 100);
  if (time.computedMinutes === undefined) {
    rows.push(["  course", String(words), "", "not computed (a lesson or quiz is invalid)", ""]);
  } else {
    const hours = (time.computedMinutes / 60).toFixed(2);
    const declared = time.declaredHours === undefined ? "?" : `${time.declaredHours} h`;
    rows.push(["  course", String(words), declared, `${time.computedMinutes} min = ${hours} h`, ""]);
    rows.push(["  credit hours", "", time.creditHours === undefined ? "?" : String(time.creditHours), `${time.allowedCreditHours} allowed`, ""]);
  }
  rows.push([
    "  summary",
    "",
    "",
    "",
    `${plural(time.lessons.length, "lesson")}, ${words} words, ${plural(questions, "question")}, ${application} application (${share} %)`,
  ]);
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : column < 4 ? cell.padStart(widths[column]) : cell)).join("  ").trimEnd())
    .join("\n");
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
