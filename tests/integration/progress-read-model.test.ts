// The progress read model (app/courses/progress.server.ts): the course page, "My learning", supervision and the
// completion rule read the same figures, and "My learning" costs the same number of queries for one course as for
// many (no query per enrolment).
import type { Pool } from "pg";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getCourseForLearner, myLearning } from "~/courses/courses.server";
import { enrol, markLessonComplete } from "~/courses/enrolment.server";
import { importCoursesFrom } from "~/courses/import.server";
import { courseStandings, loadProgressInputs, progressKey } from "~/courses/progress.server";
import { db, sqlite } from "~/db.server";
import { insertAccount } from "../support/accounts";
import { passQuiz, temporaryDir, writeFixtureCopy } from "../support/courses";
import { freshDatabase } from "./db";

const SLUGS = ["progress-one", "progress-two", "progress-three"];
const FIRST_LESSON = "trafficking-definition";
const FIRST_QUIZ = "definitions-quiz";

beforeAll(async () => {
  await freshDatabase();
  const root = temporaryDir("lexmigra-progress-");
  for (const slug of SLUGS) writeFixtureCopy(root, { slug, enrolment: "assigned" });
  expect((await importCoursesFrom(root)).map((o) => o.outcome)).toEqual(["created", "created", "created"]);
});

afterEach(() => vi.restoreAllMocks());

/**
 * The number of SQL statements `work` runs (not prepares: a prepared statement is reused without one): run on
 * SQLite's reader connection (`sqlite`), or sent through the PostgreSQL pool (reads outside a transaction go straight
 * to it).
 */
async function statementsOf(work: () => Promise<unknown>) {
  const statement = sqlite ? Object.getPrototypeOf(sqlite.prepare("select 1")) : null;
  const spies = statement
    ? (["all", "get", "run", "iterate"] as const).map((method) => vi.spyOn(statement, method))
    : [vi.spyOn((db as unknown as { $client: Pool }).$client, "query")];
  await work();
  const n = spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
  for (const spy of spies) spy.mockRestore();
  return n;
}

describe("the progress read model", () => {
  it("gives the course page, My learning, supervision and the completion rule the same figures", async () => {
    const supervisor = await insertAccount({ role: "supervisor" });
    const learner = await insertAccount({ fullName: "Progress Learner" });
    for (const slug of SLUGS) await enrol(learner.id, slug, Date.now(), supervisor.id);
    await markLessonComplete(learner.id, SLUGS[0], FIRST_LESSON);
    await passQuiz(learner.id, SLUGS[1], FIRST_QUIZ, 77);

    const rule = await loadProgressInputs(db, SLUGS.map((slug) => ({ userId: learner.id, slug })));
    const dashboard = await myLearning(learner.id, "en");
    for (const slug of SLUGS) {
      const expected = rule.get(progressKey(learner.id, slug))!.progress;
      expect((await getCourseForLearner(slug, "en", learner.id)).progress).toEqual(expected);
      expect(dashboard.find((c) => c.slug === slug)!.progress).toEqual(expected);
      // Supervision's bulk read: started exactly when the rule counts progress, complete exactly when it does.
      const standing = (await courseStandings(db, slug, [learner.id], null)).get(learner.id)!;
      expect(standing.isStarted).toBe(expected.percent > 0);
      expect(standing.completedAt !== null).toBe(expected.isComplete);
    }
    // Three different states, so agreeing is not trivially agreeing on zero.
    expect(new Set(SLUGS.map((slug) => rule.get(progressKey(learner.id, slug))!.progress.percent)).size).toBe(2);
  });

  it("loads My learning with as many queries for three courses as for one", async () => {
    const supervisor = await insertAccount({ role: "supervisor" });
    const one = await insertAccount();
    const three = await insertAccount();
    await enrol(one.id, SLUGS[0], Date.now(), supervisor.id);
    for (const slug of SLUGS) await enrol(three.id, slug, Date.now(), supervisor.id);

    const forOne = await statementsOf(async () => expect(await myLearning(one.id, "en")).toHaveLength(1));
    const forThree = await statementsOf(async () => expect(await myLearning(three.id, "en")).toHaveLength(3));
    expect(forOne).toBeGreaterThan(0);
    expect(forThree).toBe(forOne);
  });
});
