// Issue 13's table-driven test: over every validation case of the format (tests/support/validation-cases.ts), a studio
// draft (the file map stored in the database, read back and checked by the studio's checkCourseFiles) and the file
// compiler (`npm run courses:check`'s path: the folder reader and loadCourse) give identical results and messages.
import { beforeAll, describe, expect, it } from "vitest";
import { checkCourseFiles } from "~/courses/import.server";
import { formatCourseError, loadCourse } from "~/courses/load.server";
import { createDraft, readDraftFiles } from "~/studio/drafts.server";
import { freshDatabase } from "./db";
import { insertAccount, type Account } from "../support/accounts";
import { applyInMemory, applyOnDisk, CASES, fixtureFiles, isValidCase } from "../support/validation-cases";

let trainer: Account;

beforeAll(async () => {
  await freshDatabase();
  trainer = await insertAccount({ role: "trainer" });
});

describe("a studio draft and the course folder are judged alike", () => {
  it.each(CASES)("%s", async (name, changes) => {
    const { root, dir } = applyOnDisk(changes);
    const fromFolder = loadCourse(dir, { root });
    const draftId = await createDraft({
      courseSlug: "fixture-course",
      baseVersionId: null,
      files: { files: applyInMemory(fixtureFiles(), changes), media: new Map() },
      actorId: trainer.id,
    });
    const fromDraft = checkCourseFiles(await readDraftFiles(draftId));
    expect(fromDraft.errors.map(formatCourseError)).toEqual(fromFolder.errors.map(formatCourseError));
    expect(fromDraft.course?.contentHash).toEqual(fromFolder.course?.contentHash);
    expect(fromFolder.errors.length > 0).toBe(!isValidCase(name));
  });
});
