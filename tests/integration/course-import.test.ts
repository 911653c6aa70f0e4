// Course files → database versions (app/courses/import.server.ts), against this file's own temporary SQLite
// database: versions made only when content changes, progress that survives a new version, an invalid course that
// never replaces the live one, and lesson HTML that carries no script however the Markdown was written.
import { cpSync, writeFileSync } from "node:fs";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, assert, beforeAll, describe, expect, it } from "vitest";
import { getCourseForLearner, getLesson } from "~/courses/courses.server";
import { enrol, markLessonComplete, recordQuizResult } from "~/courses/enrolment.server";
import { importCourse, importCoursesFrom, importCoursesGradually, type ImportOutcome } from "~/courses/import.server";
import { loadCourse } from "~/courses/load.server";
import { db, transaction } from "~/db.server";
import { insertAccount } from "../support/accounts";
import { editFile as edit, FIXTURE_COURSE as FIXTURE, temporaryDir } from "../support/courses";
import { freshDatabase } from "./db";
import { courseVersions, courses, lessonBodies, users } from "#db/tables";

const LESSON = "01-definitions/01-trafficking.md";
const ORIGINAL_SENTENCE = "Trafficking requires an act, a means and a purpose";


let sequence = 0;

/**
 * A copy of the fixture course under its own slug, in a courses folder of its own (so that importCoursesFrom sees
 * only it), open for self-enrolment so a learner can enrol without a supervisor.
 */
function copyFixture() {
  const slug = `fixture-copy-${++sequence}`;
  const root = temporaryDir("lexmigra-import-");
  const coursesDir = path.join(root, "courses");
  const dir = path.join(coursesDir, slug);
  cpSync(FIXTURE, dir, { recursive: true });
  edit(dir, "course.yaml", "slug: fixture-course", `slug: ${slug}`);
  edit(dir, "course.yaml", "enrolment: assigned", "enrolment: open");
  return { slug, dir, coursesDir };
}

function load(dir: string) {
  const result = loadCourse(dir);
  expect(result.errors).toEqual([]);
  return result.course!;
}

const versionCount = async (slug: string) =>
  (await db.select({ n: count() }).from(courseVersions).where(eq(courseVersions.courseSlug, slug)))[0]!.n;
const liveVersionId = async (slug: string) =>
  (await db.select({ id: courses.liveVersionId }).from(courses).where(eq(courses.slug, slug)))[0]?.id;

const learner = async () => (await insertAccount()).id;

const lessonState = async (slug: string, userId: string) =>
  Object.fromEntries(
    (await getCourseForLearner(slug, "en", userId))
      .modules.flatMap((m) => m.lessons)
      .map((l) => [l.lessonId, l.isComplete]),
  );

beforeAll(async () => {
  await freshDatabase();
});

describe("importing a course", () => {
  it("creates the course and its first version, which becomes live", async () => {
    const { slug, dir } = copyFixture();

    const outcome = await importCourse(load(dir));

    expect(outcome).toMatchObject({ slug, outcome: "created" });
    expect(await versionCount(slug)).toBe(1);
    expect(await liveVersionId(slug)).toBe((outcome as { versionId: string }).versionId);
    const course = await getCourseForLearner(slug, "en", null);
    expect(course.title).toBe("Trafficking and smuggling (test fixture)");
    expect(course.modules.map((m) => m.lessons.map((l) => l.lessonId))).toEqual([
      ["trafficking-definition", "smuggling-definition"],
      ["referral"],
    ]);
  });

  it("makes no new version when the files have not changed", async () => {
    const { slug, dir } = copyFixture();
    const first = await importCourse(load(dir));

    const again = await importCourse(load(dir));

    expect(again).toEqual({ slug, outcome: "unchanged", versionId: (first as { versionId: string }).versionId });
    expect(await versionCount(slug)).toBe(1);
    expect(await liveVersionId(slug)).toBe((first as { versionId: string }).versionId);
  });

  it("makes a new live version when one lesson's text changes, serving the new text", async () => {
    const { slug, dir } = copyFixture();
    const first = await importCourse(load(dir)) as { versionId: string };
    edit(dir, LESSON, ORIGINAL_SENTENCE, "Trafficking always requires an act, a means and an exploitative purpose");

    const second = await importCourse(load(dir));

    expect(second).toMatchObject({ slug, outcome: "updated" });
    const secondId = (second as { versionId: string }).versionId;
    expect(secondId).not.toBe(first.versionId);
    expect(await versionCount(slug)).toBe(2);
    expect(await liveVersionId(slug)).toBe(secondId);
    const userId = await learner();
    await enrol(userId, slug);
    const lesson = await getLesson(slug, "trafficking-definition", "en", userId);
    assert(lesson.isEnrolled);
    expect(lesson.html).toContain("Trafficking always requires an act, a means and an exploitative purpose");
    expect(lesson.html).not.toContain(ORIGINAL_SENTENCE);
  });

  it("keeps a learner's lesson completions and quiz passes across a new version", async () => {
    const { slug, dir } = copyFixture();
    await importCourse(load(dir));
    const userId = await learner();
    await enrol(userId, slug);
    await markLessonComplete(userId, slug, "trafficking-definition");
    await transaction((tx) => recordQuizResult(tx, { userId, courseSlug: slug, quizId: "definitions-quiz", percent: 90, isPassed: true }));
    const before = await getCourseForLearner(slug, "en", userId);
    expect(before.progress).toMatchObject({ lessonsDone: 1, quizzesPassed: 1 });

    edit(dir, LESSON, ORIGINAL_SENTENCE, "Trafficking needs an act, a means and a purpose");
    expect(await importCourse(load(dir))).toMatchObject({ outcome: "updated" });
    expect(await versionCount(slug)).toBe(2);

    const after = await getCourseForLearner(slug, "en", userId);
    expect(after.isEnrolled).toBe(true);
    expect(await lessonState(slug, userId)).toEqual({ "trafficking-definition": true, "smuggling-definition": false, referral: false });
    expect(after.modules.map((m) => [m.quizId, m.isQuizPassed, m.bestPercent])).toEqual([
      ["definitions-quiz", true, 90],
      ["response-quiz", false, null],
    ]);
    expect(after.progress).toEqual(before.progress);
    expect(after.continueLessonId).toBe("smuggling-definition");
    expect(await getLesson(slug, "trafficking-definition", "en", userId)).toMatchObject({ isEnrolled: true, isComplete: true });
  });

  it("makes an earlier version live again, without a new row, when the files go back to it", async () => {
    const { slug, dir } = copyFixture();
    const first = await importCourse(load(dir)) as { versionId: string };
    edit(dir, LESSON, ORIGINAL_SENTENCE, "A changed sentence");
    await importCourse(load(dir));
    edit(dir, LESSON, "A changed sentence", ORIGINAL_SENTENCE);

    const reverted = await importCourse(load(dir));

    expect(reverted).toEqual({ slug, outcome: "updated", versionId: first.versionId });
    expect(await versionCount(slug)).toBe(2);
    expect(await liveVersionId(slug)).toBe(first.versionId);
  });
});

describe("an invalid course", () => {
  it("is reported rejected with file:line errors, and the live version stays live and served", async () => {
    const { slug, dir, coursesDir } = copyFixture();
    const [created] = await importCoursesFrom(coursesDir);
    expect(created).toMatchObject({ slug, outcome: "created" });
    const liveId = (created as { versionId: string }).versionId;
    const userId = await learner();
    await enrol(userId, slug);
    await markLessonComplete(userId, slug, "trafficking-definition");
    // The new text would be a change worth a version, if the citation in it were valid.
    edit(dir, LESSON, `${ORIGINAL_SENTENCE} [[tip-protocol, art. 3(a)]]`, "A new sentence [[no-such-source, art. 3(a)]]");

    const outcomes = await importCoursesFrom(coursesDir);

    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ slug, outcome: "rejected" });
    const errors = (outcomes[0] as { errors: string[] }).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`${slug}/01-definitions/01-trafficking\\.md:9: unknown citation key "no-such-source"$`));
    expect(await versionCount(slug)).toBe(1);
    expect(await liveVersionId(slug)).toBe(liveId);
    const course = await getCourseForLearner(slug, "en", userId);
    expect(course.progress).toMatchObject({ lessonsDone: 1 });
    const lesson = await getLesson(slug, "trafficking-definition", "en", userId);
    assert(lesson.isEnrolled);
    expect(lesson.html).toContain(ORIGINAL_SENTENCE);
    expect(lesson.html).not.toContain("A new sentence");
  });

  it("reports every error of the course at once", async () => {
    const { slug, dir, coursesDir } = copyFixture();
    edit(dir, LESSON, "[[tip-protocol, art. 3(a)]]", "[[no-such-source]]");
    edit(dir, "01-definitions/02-smuggling.md", ":::caution", ":::warning");

    const [outcome] = await importCoursesFrom(coursesDir);

    expect(outcome).toMatchObject({ slug, outcome: "rejected" });
    const errors = (outcome as { errors: string[] }).errors;
    expect(errors.some((e) => /01-trafficking\.md:9: .*no-such-source/.test(e))).toBe(true);
    expect(errors.some((e) => /02-smuggling\.md:\d+: .*warning/.test(e))).toBe(true);
    expect(await versionCount(slug)).toBe(0);
    await expect(getCourseForLearner(slug, "en", null)).rejects.toThrow();
  });
});

describe("a course that would stop the server", () => {
  it("is rejected alone, alias bomb or oversized lesson, while the other courses import and the live version stays", async () => {
    const { slug, dir, coursesDir } = copyFixture();
    const [created] = await importCoursesFrom(coursesDir);
    const liveId = (created as { versionId: string }).versionId;
    // A second, healthy course beside it, imported for the first time in the same run.
    const neighbour = "fixture-neighbour";
    cpSync(FIXTURE, path.join(coursesDir, neighbour), { recursive: true });
    edit(path.join(coursesDir, neighbour), "course.yaml", "slug: fixture-course", `slug: ${neighbour}`);
    writeFileSync(
      path.join(dir, "01-definitions/module.yaml"),
      ["id: definitions", 'a: &a ["x","x","x","x","x","x","x","x","x"]', "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]", "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]", "d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]"].join("\n"),
    );
    writeFileSync(path.join(dir, "02-response/01-referral.md"), "---\nid: referral\n---\n" + "x".repeat(5 * 1024 * 1024));

    const outcomes: ImportOutcome[] = [];
    await importCoursesGradually(coursesDir, (outcome) => outcomes.push(outcome));

    expect(outcomes.map((o) => [o.slug, o.outcome])).toEqual([
      [slug, "rejected"],
      [neighbour, "created"],
    ]);
    const errors = (outcomes[0] as { errors: string[] }).errors;
    expect(errors.some((e) => new RegExp(`${slug}/01-definitions/module\\.yaml:3: cannot be read`).test(e))).toBe(true);
    expect(errors.some((e) => new RegExp(`${slug}/02-response/01-referral\\.md: file is 5121 KB; course files may be at most 256 KB`).test(e))).toBe(true);
    expect(await liveVersionId(slug)).toBe(liveId);
  });
});

describe("a lesson written with raw HTML", () => {
  it("is served without any script, event handler or javascript: link", async () => {
    const { slug, dir } = copyFixture();
    const lessonFile = path.join(dir, "02-response/01-referral.md");
    writeFileSync(
      lessonFile,
      [
        "---",
        "id: referral",
        "title: From suspicion to referral",
        "minutes: 3",
        "---",
        "",
        "Separate the person first [[tip-protocol, art. 6]].",
        "",
        "<script>alert(1)</script>",
        "",
        '<img src="x" onerror="alert(2)">',
        "",
        // A Markdown link to javascript: is a validation error (tests/unit/courses-load.test.ts); raw HTML is not
        // an error, it is dropped.
        'Read more <a href="javascript:alert(4)" onclick="alert(5)">here</a>.',
        "",
        "Then refer to the identification authority.",
        "",
      ].join("\n"),
    );
    await importCourse(load(dir));
    const userId = await learner();
    await enrol(userId, slug);

    const lesson = await getLesson(slug, "referral", "en", userId);
    assert(lesson.isEnrolled);
    const { html } = lesson;

    expect(html).toContain("Separate the person first");
    expect(html).toContain("Then refer to the identification authority.");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
    // What is stored is what is served: nothing unsafe sits in the database waiting for another reader.
    const stored = (await db.select({ html: lessonBodies.html }).from(lessonBodies).where(eq(lessonBodies.lessonId, "referral")));
    for (const row of stored) expect(row.html).not.toMatch(/<script/i);
  });
});
