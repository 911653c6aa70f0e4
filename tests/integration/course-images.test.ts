// The lesson image route (GET /courses/<slug>/media/<sha256>.<ext>): only readers of the course get the bytes of
// an image its live version shows, with the type confirmed at import, nosniff and a year of private caching.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { assert, beforeAll, describe, expect, it } from "vitest";
import { enrol } from "~/courses/enrolment.server";
import { importCoursesFrom } from "~/courses/import.server";
import { getLesson } from "~/courses/courses.server";
import { loader } from "~/routes/courses.$slug.media.$file";
import { freshDatabase } from "./db";
import { getRequest } from "./http";
import { insertAccount, type Account } from "../support/accounts";
import { editFile, temporaryDir, writeFixtureCopy } from "../support/courses";
import { pngImage } from "../support/images";

const MAP = pngImage(7, 4);
let coursesDir: string;
let imageFile: string;
let learner: Account;
let otherLearner: Account;
let trainer: Account;

function withImage(slug: string, bytes: Buffer) {
  const dir = writeFixtureCopy(coursesDir, { slug, enrolment: "open" });
  mkdirSync(path.join(dir, "01-definitions/media"), { recursive: true });
  writeFileSync(path.join(dir, "01-definitions/media/map.png"), bytes);
  editFile(dir, "01-definitions/01-trafficking.md", "## Three elements\n", "## Three elements\n\n![Map of the border post](media/map.png)\n");
}

async function get(slug: string, file: string, cookie?: string) {
  let answer: unknown;
  try {
    answer = await loader({ request: getRequest(`/courses/${slug}/media/${file}`, { cookie }), params: { slug, file }, context: { cspNonce: "", clientIp: "203.0.113.7" } });
  } catch (thrown) {
    answer = thrown;
  }
  const response = answer as Response;
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

beforeAll(async () => {
  await freshDatabase();
  coursesDir = temporaryDir("lexmigra-media-");
  withImage("with-map", MAP);
  writeFixtureCopy(coursesDir, { slug: "without-map", enrolment: "open" });
  const outcomes = await importCoursesFrom(coursesDir);
  expect(outcomes.map((o) => o.outcome)).toEqual(["created", "created"]);
  learner = await insertAccount();
  otherLearner = await insertAccount();
  trainer = await insertAccount({ role: "trainer" });
  await enrol(learner.id, "with-map");
  await enrol(otherLearner.id, "without-map");
  const lesson = await getLesson("with-map", "trafficking-definition", "en", learner.id);
  assert(lesson.isEnrolled);
  imageFile = /\/courses\/with-map\/media\/([0-9a-f]{64}\.png)/.exec(lesson.html)![1];
});

describe("the lesson image route", () => {
  it("serves an enrolled learner the image the lesson shows, with its type, nosniff and immutable caching", async () => {
    const answer = await get("with-map", imageFile, learner.cookie);
    expect(answer.status).toBe(200);
    expect(answer.bytes.equals(MAP)).toBe(true);
    expect(answer.headers.get("Content-Type")).toBe("image/png");
    expect(answer.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(answer.headers.get("Cache-Control")).toBe("private, max-age=31536000, immutable");
  });

  it("serves an author (trainer) too", async () => {
    expect((await get("with-map", imageFile, trainer.cookie)).status).toBe(200);
  });

  it("answers 404 to anyone not signed in", async () => {
    expect((await get("with-map", imageFile)).status).toBe(404);
  });

  it("answers 404 to a learner of another course, and under another course's slug to its own learner", async () => {
    expect((await get("with-map", imageFile, otherLearner.cookie)).status).toBe(404);
    expect((await get("without-map", imageFile, otherLearner.cookie)).status).toBe(404);
  });

  it("answers 404 for another extension, a malformed name or an image the live version no longer shows", async () => {
    expect((await get("with-map", imageFile.replace(".png", ".jpg"), learner.cookie)).status).toBe(404);
    expect((await get("with-map", "map.png", learner.cookie)).status).toBe(404);
    // A new version with another image: the old one is no longer served.
    const dir = path.join(coursesDir, "with-map");
    writeFileSync(path.join(dir, "01-definitions/media/map.png"), pngImage(8, 4));
    const [outcome] = await importCoursesFrom(coursesDir);
    expect(outcome.outcome).toBe("updated");
    expect((await get("with-map", imageFile, learner.cookie)).status).toBe(404);
  });
});
