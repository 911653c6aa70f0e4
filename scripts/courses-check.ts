// `npm run courses:check`: validates every course under courses/ (or COURSES_DIR) without touching the database,
// so trainers and CI see every error of every course in one run.
// `npm run courses:check -- --times` also prints the study-time figures (courses/README.md, Honest study time).
import path from "node:path";
import { formatCourseError, loadAllCourses, type StudyTime } from "../app/courses/load.server";

const coursesDir = path.resolve(process.env.COURSES_DIR ?? "courses");
const showTimes = process.argv.slice(2).includes("--times");
const results = loadAllCourses(coursesDir, { root: process.cwd() });

let failed = 0;
for (const result of results) {
  for (const error of result.errors) console.error(formatCourseError(error));
  const { modules, lessons, words, questions } = result.summary;
  const counts = `${modules} modules, ${lessons} lessons, ${words} words, ${questions} questions`;
  const status = result.errors.length === 0 ? "ok" : `${result.errors.length} error${result.errors.length === 1 ? "" : "s"}`;
  console.log(`${result.folder}: ${counts} — ${status}`);
  if (showTimes) console.log(timesTable(result.studyTime));
  if (result.errors.length > 0) failed++;
}

if (results.length === 0) console.log(`no courses found in ${path.relative(process.cwd(), coursesDir) || "."}`);
else console.log(`${results.length - failed} of ${results.length} courses valid`);
process.exitCode = failed > 0 ? 1 : 0;

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
