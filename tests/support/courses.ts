// Course fixtures for tests: copies of tests/fixtures/courses/fixture-course under another slug, in temporary
// folders removed when the test file ends, and the quiz passes a test needs without taking the quiz.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { recordQuizResult } from "~/courses/enrolment.server";
import { loadCourse, type LoadedCourse } from "~/courses/load.server";
import { transaction } from "~/db.server";

export const FIXTURE_COURSE = fileURLToPath(new URL("../fixtures/courses/fixture-course", import.meta.url));

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A temporary folder, removed after the test file. */
export function temporaryDir(prefix = "lexmigra-test-") {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** Replaces the one occurrence of `from` in a course file (two occurrences would make the edit ambiguous). */
export function editFile(dir: string, file: string, from: string, to: string) {
  const target = path.join(dir, file);
  const text = readFileSync(target, "utf8");
  if (text.split(from).length !== 2) throw new Error(`"${from}" must occur once in ${file}`);
  writeFileSync(target, text.replace(from, to));
}

export type FixtureCopy = { slug: string; title?: string; enrolment?: "open" | "assigned" };

/** Copies the fixture course into `root/<slug>`, with its slug, title and enrolment changed; returns the folder. */
export function writeFixtureCopy(root: string, copy: FixtureCopy) {
  const dir = path.join(root, copy.slug);
  cpSync(FIXTURE_COURSE, dir, { recursive: true });
  editFile(dir, "course.yaml", "slug: fixture-course", `slug: ${copy.slug}`);
  if (copy.title) editFile(dir, "course.yaml", "title: Trafficking and smuggling (test fixture)", `title: ${copy.title}`);
  if (copy.enrolment) editFile(dir, "course.yaml", "enrolment: assigned", `enrolment: ${copy.enrolment}`);
  return dir;
}

/** The fixture course, compiled (not imported). */
export function loadFixtureCourse(): LoadedCourse {
  const loaded = loadCourse(FIXTURE_COURSE);
  if (!loaded.course) throw new Error(`fixture course invalid: ${JSON.stringify(loaded.errors)}`);
  return loaded.course;
}

export const lessonIdsOf = (course: LoadedCourse) => course.modules.flatMap((m) => m.lessons.map((l) => l.id));
export const quizIdsOf = (course: LoadedCourse) => course.modules.map((m) => Object.values(m.quiz)[0]!.id);

/** Records a graded quiz as the quiz engine does at the end of an attempt, without taking the quiz. */
export function recordQuiz(userId: string, courseSlug: string, quizId: string, percent: number, isPassed: boolean, now = Date.now()) {
  return transaction((tx) => recordQuizResult(tx, { userId, courseSlug, quizId, percent, isPassed }, now));
}

export const passQuiz = (userId: string, courseSlug: string, quizId: string, percent = 90, now = Date.now()) =>
  recordQuiz(userId, courseSlug, quizId, percent, true, now);
