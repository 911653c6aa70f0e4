// Question analytics in the browser: a trainer's overview and a quiz's page, with and without JavaScript, their
// figures checked against values worked out by hand, the CSV download, a learner refused, and axe on both pages.
// The attempts are written straight into the server's SQLite database (tests/support/attempt-seed.ts: made by the
// real quiz machine), since registering learners through the pages would hit the registration rate limit.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import type { QuizDefinition } from "~/courses/format";
import { scriptedAnswer, seedLearners, seedSubmittedAttempts, type AnswerScript } from "../support/attempt-seed";
import { ADMIN, expectNoSeriousViolations, LEARNER, submitLogin } from "./support";

// A curriculum course no other journey takes, so the attempts counted are the ones seeded here.
const COURSE = "immigration-detention";
const QUIZ = "legal-basis-quiz";
const PAGE = `/studio/analytics/${COURSE}/${QUIZ}`;
const SINGLE = "one-line-order"; // single choice, cites a-v-australia, para. 9.4
const TRUE_FALSE = "lawful-equals-not-arbitrary"; // true/false, cites a-v-australia, para. 9.2

// Every learner answers every other question right; the two questions vary:
//        one-line-order  lawful-equals-not-arbitrary
// L1     right           right
// L2     right           right
// L3     right           wrong
// L4     wrong           right
// L5     wrong           wrong
// Facility .6 each. The other questions score the same for everyone, so each varying item's rest score moves with
// the other varying item only: x = [1,1,1,0,0] against [1,1,0,1,0]; means .6 and .6; Σdxdy = .16 + .16 − .24 − .24
// + .36 = .2; Σdx² = Σdy² = 1.2 → r = .2 / 1.2 = 0.1667, shown as 0.17.
const PATTERN: Array<[boolean, boolean]> = [
  [true, true],
  [true, true],
  [true, false],
  [false, true],
  [false, false],
];

function openDatabase() {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error("E2E_DATA_DIR is set by playwright.config.ts");
  const database = new Database(path.join(dir, "app.db"));
  database.pragma("busy_timeout = 5000");
  return database;
}

function liveQuiz(database: Database.Database) {
  const { versionId, meta } = database
    .prepare("select c.live_version_id as versionId, v.meta as meta from courses c join course_versions v on v.id = c.live_version_id where c.slug = ?")
    .get(COURSE) as { versionId: string; meta: string };
  const row = database.prepare("select definition from quiz_definitions where version_id = ? and quiz_id = ? and language = 'en'").get(versionId, QUIZ) as { definition: string };
  return { versionId, courseTitle: (JSON.parse(meta) as { title: { en: string } }).title.en, quiz: JSON.parse(row.definition) as QuizDefinition };
}

async function seed(pattern: Array<[boolean, boolean]>, startedAt: number) {
  const database = openDatabase();
  try {
    const execute = (sql: string, values: unknown[]) => database.prepare(sql).run(...values);
    const { versionId, quiz } = liveQuiz(database);
    const learners = await seedLearners(execute, pattern.length);
    // A wrong answer is always the first wrong option, so the option shares below are fixed.
    const first = () => 0;
    const answersOf = ([single, trueFalse]: [boolean, boolean]): AnswerScript =>
      Object.fromEntries(quiz.questions.map((q) => [q.id, scriptedAnswer(q, q.id === SINGLE ? single : q.id === TRUE_FALSE ? trueFalse : true, first)]));
    await seedSubmittedAttempts(
      execute,
      { courseSlug: COURSE, versionId, quiz },
      pattern.map((p, i) => ({ learner: learners[i], answers: answersOf(p), startedAt: startedAt + i * 600_000, secondsPerAnswer: 10 * (i + 1) })),
    );
  } finally {
    database.close();
  }
}

function definitions() {
  const database = openDatabase();
  try {
    return liveQuiz(database);
  } finally {
    database.close();
  }
}

async function logIn(page: Page, account: { email: string; password: string }) {
  await submitLogin(page, account.email, account.password);
  await expect(page).toHaveURL(/\/dashboard$/);
}

async function openAnalytics(page: Page) {
  await logIn(page, ADMIN);
  await page.goto("/studio/analytics");
  await expect(page.getByRole("heading", { level: 1, name: "Question analytics" })).toBeVisible();
}


test.describe.configure({ mode: "serial" });

test.skip(Boolean(process.env.DATABASE_URL?.startsWith("postgres")), "seeds the SQLite database file");

test("a trainer sees 'not enough data' with four learners, then the figures from the fifth", async ({ page }) => {
  const { courseTitle, quiz } = definitions();
  const single = quiz.questions.find((q) => q.id === SINGLE)!;
  const trueFalse = quiz.questions.find((q) => q.id === TRUE_FALSE)!;
  if (single.type !== "single") throw new Error(`${SINGLE} is no longer a single-choice question`);
  await seed(PATTERN.slice(0, 4), Date.UTC(2026, 0, 5));
  await openAnalytics(page);
  const row = page.getByRole("region", { name: courseTitle }).getByRole("row").filter({ hasText: quiz.title });
  await expect(row.getByRole("cell").nth(1)).toHaveText("4");
  await expect(row.getByRole("cell").nth(3)).toHaveText("Not enough data");
  await expectNoSeriousViolations(page, { screen: "analytics overview" });

  await row.getByRole("link", { name: quiz.title }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Analytics: ${quiz.title}` })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("figures appear once 5 learners have submitted this quiz version (4 so far)");
  await expect(page.locator(`[data-question="${SINGLE}"]`)).toContainText("not enough data");
  await expect(page.getByRole("img")).toHaveCount(0);

  await seed(PATTERN.slice(4), Date.UTC(2026, 0, 6));
  await page.reload();
  await expect(page.getByRole("status")).toHaveCount(0);
  for (const id of [SINGLE, TRUE_FALSE]) {
    const question = page.locator(`[data-question="${id}"]`);
    await expect(question.locator('[data-figure="facility"]')).toHaveText("60%");
    await expect(question.locator('[data-figure="discrimination"]')).toHaveText("0.17");
    await expect(question.locator('[data-figure="flags"]')).toHaveText("none");
  }
  await expect(page.locator(`[data-question="${TRUE_FALSE}"]`)).toContainText(trueFalse.prompt);
  // Every other question was answered right by all: very easy, and its discrimination undefined.
  await expect(page.locator('[data-question="gcm-binding"] [data-figure="discrimination"]')).toHaveText("undefined (no variance)");
  await expect(page.locator('[data-question="gcm-binding"] [data-figure="flags"]')).toHaveText("very easy");
  // The charts are images named by their titles; the option table beside gives the shares.
  await expect(page.getByRole("img", { name: /Facility per question/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Answers to question 1\b/ })).toBeVisible();
  const answers = page.getByRole("region", { name: /^Question 1:/ });
  const right = single.options.find((o) => o.correct)!;
  const firstWrong = single.options.find((o) => !o.correct)!;
  await expect(answers.getByRole("row").filter({ hasText: right.text })).toContainText("60%");
  await expect(answers.getByRole("row").filter({ hasText: firstWrong.text })).toContainText("40%");
  // The lowest mean facility first: para. 9.2 (.6), then para. 9.4 (this question .6 and another all right: .8).
  const rollup = page.locator("#citation-table tbody tr");
  await expect(rollup.nth(0)).toContainText("para. 9.2");
  await expect(rollup.nth(0)).toContainText("60%");
  await expect(rollup.nth(1)).toContainText("para. 9.4");
  await expect(rollup.nth(1)).toContainText("80%");
  await expectNoSeriousViolations(page, { screen: "quiz analytics" });

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Questions", exact: true }).click();
  const text = fs.readFileSync(await (await download).path(), "utf8");
  expect(text).toMatch(new RegExp(`\\b${SINGLE},single choice,.*,5,0\\.6,0\\.1667,`));
});

test("the quiz page and its version choice work without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await logIn(page, ADMIN);
    await page.goto(PAGE);
    await expect(page.getByRole("heading", { level: 1, name: /^Analytics: / })).toBeVisible();
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/\?version=[a-z2-7]{32}$/);
    await expect(page.locator(`[data-question="${SINGLE}"] [data-figure="facility"]`)).toHaveText("60%");
  } finally {
    await context.close();
  }
});

test("a learner is refused the analytics pages", async ({ page }) => {
  await logIn(page, LEARNER);
  expect((await page.goto("/studio/analytics"))?.status()).toBe(403);
  expect((await page.goto(PAGE))?.status()).toBe(403);
});
