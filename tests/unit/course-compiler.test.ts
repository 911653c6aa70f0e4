// One format, many doors (issue 13): the compiler gives the same result and the same messages whether a course
// comes from a folder on disk (the folder reader) or from a map of files held in memory (a zip, a studio draft).
// Each case changes the valid fixture in the same way on disk and in memory; the validation cases are those of
// courses-load.test.ts, plus the layout cases only a folder can express.
// The cases live in tests/support/validation-cases.ts, shared with the studio's table-driven test.
import { describe, expect, it } from "vitest";
import { compileCourse, formatCourseError, loadCourse } from "~/courses/load.server";
import { applyInMemory, applyOnDisk, CASES, fixtureFiles, isValidCase, remove } from "../support/validation-cases";

describe("the folder door and an in-memory file map compile alike", () => {
  it.each(CASES)("%s", (name, changes) => {
    const { root, dir } = applyOnDisk(changes);
    const fromFolder = loadCourse(dir, { root });
    const fromMemory = compileCourse(
      { folder: "fixture-course", files: applyInMemory(fixtureFiles(), changes), media: new Map() },
      { base: "courses/fixture-course" },
    );
    expect(fromMemory.errors.map(formatCourseError)).toEqual(fromFolder.errors.map(formatCourseError));
    expect(fromMemory).toEqual(fromFolder);
    // Each case other than the valid ones must actually exercise a rule, or the comparison proves nothing.
    const isValid = isValidCase(name);
    expect(fromFolder.errors.length > 0).toBe(!isValid);
    expect(fromFolder.course !== undefined).toBe(isValid);
  });
});

describe("a file map without a folder name (a flat zip, a studio draft)", () => {
  it("is named by its own slug, and names its files without a prefix", () => {
    const files = fixtureFiles();
    expect(compileCourse({ files, media: new Map() }).course?.slug).toBe("fixture-course");
    const errors = compileCourse({ files: applyInMemory(files, [remove("02-response/quiz.yaml")]), media: new Map() }).errors;
    expect(errors.map(formatCourseError)).toEqual(["02-response/quiz.yaml: file is missing; every module needs a quiz"]);
  });

  it("still has its slug checked against a folder name when it has one", () => {
    const errors = compileCourse({ folder: "renamed", files: fixtureFiles(), media: new Map() }).errors;
    expect(errors.map(formatCourseError)).toEqual(['renamed/course.yaml:1: slug "fixture-course" does not match the folder name "renamed"']);
  });
});
