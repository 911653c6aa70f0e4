// Learners still read an outdated translation, told that the original changed since (courses/README.md,
// Translations): the compiled course marks it, the importer stores the mark, the lesson page's loader passes it on.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { enrol } from "~/courses/enrolment.server";
import { importCoursesFrom } from "~/courses/import.server";
import { stampTranslation } from "~/studio/translation-status";
import * as lessonRoute from "~/routes/courses.$slug.lessons.$lessonId";
import { freshDatabase } from "./db";
import { call, getRequest } from "./http";
import { insertAccount, type Account } from "../support/accounts";
import { temporaryDir, writeFixtureCopy } from "../support/courses";

const SLUG = "translated-course";
const LESSON_FR = "01-definitions/01-trafficking.fr.md";
let dir: string;
let french: Account;
let english: Account;

type LessonBody = { lesson: { language: string; outdatedFrom: string | null } };
const lessonOf = async (account: Account) => {
  const result = await call(lessonRoute.loader, getRequest(`/courses/${SLUG}/lessons/trafficking-definition`, { cookie: account.cookie }), {
    slug: SLUG,
    lessonId: "trafficking-definition",
  });
  expect(result.status).toBe(200);
  return (result.body as LessonBody).lesson;
};

beforeAll(async () => {
  await freshDatabase();
  dir = writeFixtureCopy(temporaryDir("lexmigra-translations-"), { slug: SLUG, enrolment: "open" });
  // Translated from the English lesson as it is now.
  const read = (file: string) => readFileSync(path.join(dir, file), "utf8");
  const files = new Map([["01-definitions/01-trafficking.md", read("01-definitions/01-trafficking.md")]]);
  writeFileSync(path.join(dir, LESSON_FR), stampTranslation(files, LESSON_FR, read(LESSON_FR)));
  expect((await importCoursesFrom(path.dirname(dir)))[0].outcome).toBe("created");
  french = await insertAccount({ preferredLanguage: "fr" });
  english = await insertAccount({ preferredLanguage: "en" });
  await enrol(french.id, SLUG);
  await enrol(english.id, SLUG);
});

describe("an outdated translation", () => {
  it("is shown without a notice while it matches its source", async () => {
    expect(await lessonOf(french)).toMatchObject({ language: "fr", outdatedFrom: null });
  });

  it("is still shown once the English lesson changes, with the notice naming the original's language", async () => {
    const file = path.join(dir, "01-definitions/01-trafficking.md");
    writeFileSync(file, readFileSync(file, "utf8").replace("Consent is irrelevant", "Consent is legally irrelevant"));
    expect((await importCoursesFrom(path.dirname(dir)))[0].outcome).toBe("updated");
    expect(await lessonOf(french)).toMatchObject({ language: "fr", outdatedFrom: "en" });
    // The English reader reads the original: nothing to say.
    expect(await lessonOf(english)).toMatchObject({ language: "en", outdatedFrom: null });
  });
});
