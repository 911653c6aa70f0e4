// Translation freshness (courses/README.md, Translations: sourceHash): what the studio shows per translation
// (app/studio/translation-status.ts) and what the compiler marks for learners, on the fixture course in memory.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileCourse, formatCourseError } from "~/courses/compile.server";
import { readCourseFolder } from "~/courses/course-folder.server";
import { sourceHashOf } from "~/courses/source-hash";
import { stampTranslation, translationStatuses, withSourceHash } from "~/studio/translation-status";
import { FIXTURE_COURSE } from "../support/courses";

const LESSON = "01-definitions/01-trafficking.md";
const LESSON_FR = "01-definitions/01-trafficking.fr.md";
const QUIZ = "01-definitions/quiz.yaml";
const QUIZ_FR = "01-definitions/quiz.fr.yaml";
const fixture = readCourseFolder(FIXTURE_COURSE).course!;

function withFiles(changes: Record<string, string>) {
  const files = new Map(fixture.files);
  for (const [file, text] of Object.entries(changes)) files.set(file, text);
  return files;
}
const statusOf = (files: Map<string, string>, translation: string) => translationStatuses(files).find((row) => row.translation === translation)?.status;
const compile = (files: Map<string, string>) => compileCourse({ ...fixture, files }, { base: "c" });

describe("translation status in the studio", () => {
  it("lists every source in every language but the default: unrecorded, missing, then up to date once stamped", () => {
    const files = withFiles({});
    const rows = translationStatuses(files);
    expect(rows.filter((row) => row.language === "fr").map((row) => [row.translation, row.status])).toEqual([
      ["01-definitions/01-trafficking.fr.md", "unrecorded"],
      ["01-definitions/02-smuggling.fr.md", "missing"],
      ["01-definitions/module.fr.yaml", "unrecorded"],
      ["01-definitions/quiz.fr.yaml", "unrecorded"],
      ["02-response/01-referral.fr.md", "missing"],
      ["02-response/module.fr.yaml", "missing"],
      ["02-response/quiz.fr.yaml", "missing"],
      ["course.fr.yaml", "unrecorded"],
    ]);
    expect(rows.some((row) => row.language === "en")).toBe(false);
    const stamped = withFiles({ [LESSON_FR]: stampTranslation(files, LESSON_FR, files.get(LESSON_FR)!), [QUIZ_FR]: stampTranslation(files, QUIZ_FR, files.get(QUIZ_FR)!) });
    expect(statusOf(stamped, LESSON_FR)).toBe("up-to-date");
    expect(statusOf(stamped, QUIZ_FR)).toBe("up-to-date");
    expect(stamped.get(LESSON_FR)).toMatch(/^---\nid: trafficking-definition\n[\s\S]*sourceHash: "[0-9a-f]{16}"\n---\n/);
  });

  it("marks a translation outdated when the source's text changes, not when an id-free detail does", () => {
    const files = withFiles({});
    const stamped = withFiles({ [LESSON_FR]: stampTranslation(files, LESSON_FR, files.get(LESSON_FR)!), [QUIZ_FR]: stampTranslation(files, QUIZ_FR, files.get(QUIZ_FR)!) });
    const notes = new Map(stamped);
    notes.set(LESSON, stamped.get(LESSON)!.replace("minutes: 3", "minutes: 3\nreviewerNotes: Checked against the UNTS text."));
    expect(statusOf(notes, LESSON_FR)).toBe("up-to-date");
    const reworded = new Map(stamped);
    reworded.set(LESSON, stamped.get(LESSON)!.replace("Consent is irrelevant", "Consent is legally irrelevant"));
    expect(statusOf(reworded, LESSON_FR)).toBe("outdated");
    const quizReworded = new Map(stamped);
    quizReworded.set(QUIZ, stamped.get(QUIZ)!.replace("feedback: immediate", "feedback: deferred"));
    expect(statusOf(quizReworded, QUIZ_FR)).toBe("up-to-date");
    quizReworded.set(QUIZ, stamped.get(QUIZ)!.replace("Article 3(c) removes the means element for children.", "Article 3(c) removes the means element for anyone under 18."));
    expect(statusOf(quizReworded, QUIZ_FR)).toBe("outdated");
  });

  it("replaces a recorded hash rather than adding a second one", () => {
    const once = withSourceHash("a.fr.md", "---\nid: a\nsourceHash: 0000000000000000\n---\n\nTexte.\n", "1111111111111111");
    expect(once).toBe('---\nid: a\nsourceHash: "1111111111111111"\n---\n\nTexte.\n');
    expect(withSourceHash("quiz.fr.yaml", "id: q # keep\nsourceHash: 0000000000000000\n", "2222222222222222")).toBe('id: q # keep\nsourceHash: "2222222222222222"\n');
  });
});

describe("translation status in the compiler", () => {
  it("accepts a sourceHash in translations, marks an outdated lesson translation for learners, and strips it from quizzes", () => {
    const files = withFiles({});
    const current = withFiles({ [LESSON_FR]: stampTranslation(files, LESSON_FR, files.get(LESSON_FR)!), [QUIZ_FR]: stampTranslation(files, QUIZ_FR, files.get(QUIZ_FR)!) });
    const fresh = compile(current);
    expect(fresh.errors).toEqual([]);
    expect(fresh.course!.modules[0].lessons[0].outdated).toEqual([]);
    expect(fresh.course!.translations.map((t) => [t.file, t.status])).toEqual([
      ["c/course.fr.yaml", "unrecorded"],
      ["c/01-definitions/module.fr.yaml", "unrecorded"],
      ["c/01-definitions/01-trafficking.fr.md", "current"],
      ["c/01-definitions/quiz.fr.yaml", "current"],
    ]);
    expect(JSON.stringify(fresh.course!.modules[0].quiz.fr)).not.toContain("sourceHash");

    const changed = new Map(current);
    changed.set(LESSON, current.get(LESSON)!.replace("Consent is irrelevant", "Consent is legally irrelevant"));
    const stale = compile(changed);
    expect(stale.errors).toEqual([]);
    expect(stale.course!.modules[0].lessons[0].outdated).toEqual(["fr"]);
    // The content hash changes with the stamp, so stamping makes a new version.
    expect(fresh.course!.contentHash).not.toBe(compileCourse(fixture).course!.contentHash);
  });

  it("refuses a sourceHash in a source file and a malformed one in a translation", () => {
    const files = withFiles({
      [LESSON]: fixture.files.get(LESSON)!.replace("minutes: 3", "minutes: 3\nsourceHash: 0123456789abcdef"),
      [QUIZ_FR]: `${fixture.files.get(QUIZ_FR)!}sourceHash: not-a-hash\n`,
    });
    const errors = compile(files).errors.map(formatCourseError);
    expect(errors).toContain("c/01-definitions/01-trafficking.md:5: sourceHash belongs in translations only: it records which version of this file they translate");
    expect(errors.some((e) => /^c\/01-definitions\/quiz\.fr\.yaml:\d+: sourceHash: must be 16 lower-case hex digits/.test(e))).toBe(true);
  });

  it("hashes the same source the same way whatever its line ends", () => {
    const text = fixture.files.get(LESSON)!;
    expect(sourceHashOf(LESSON, text.replace(/\n/g, "\r\n"))).toBe(sourceHashOf(LESSON, text));
    expect(sourceHashOf(path.basename(QUIZ), fixture.files.get(QUIZ)!)).toMatch(/^[0-9a-f]{16}$/);
  });
});
