// Question analytics end to end: learners take the fixture course's definitions quiz through the real quiz functions
// (every event logged and graded by the machine), then the figures a trainer gets are compared with values worked
// out by hand, on this file's own database (SQLite, or PostgreSQL under scripts/with-postgres.sh).
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { enrol } from "~/courses/enrolment.server";
import { importCourse } from "~/courses/import.server";
import { loadCourse, type LoadedCourse } from "~/courses/load.server";
import type { QuizDefinition } from "~/courses/format";
import { sendAttemptEvent, startQuizAttempt } from "~/quiz/attempts.server";
import type { QuizEvent } from "~/quiz/machine";
import { submittedResponsesForQuizVersion } from "~/quiz/responses.server";
import { quizAnalytics } from "~/studio/analytics.server";
import * as overviewRoute from "~/routes/studio.analytics._index";
import * as quizRoute from "~/routes/studio.analytics.$slug.$quizId";
import * as csvRoute from "~/routes/studio.analytics.$slug.$quizId_.csv";
import { insertAccount } from "../support/accounts";
import { freshDatabase } from "./db";
import { call, getRequest } from "./http";

const FIXTURE_DIR = path.resolve("tests/fixtures/courses/fixture-course");
const QUIZ = "definitions-quiz";
const SECOND = 1_000;

let fixture: LoadedCourse;

/** A copy of the fixture course under its own slug, so each test's attempts are its own. */
async function variant(slug: string, change: (course: LoadedCourse) => void = () => {}): Promise<string> {
  const course = structuredClone(fixture);
  change(course);
  course.slug = slug;
  course.meta = { ...course.meta, slug, enrolment: "open" };
  course.contentHash = `${fixture.contentHash}-${slug}`;
  const outcome = await importCourse(course);
  if (outcome.outcome === "rejected") throw new Error(outcome.errors.join("\n"));
  return slug;
}

type Answers = Record<string, unknown>;
// Correct answers to the questions the patterns below leave alone; the scenario is a path of step answers.
const RIGHT: Answers = {
  "sort-facts": { placements: { fee: "smuggling", exploit: "trafficking" } },
  "steps-in-order": { order: ["separate", "interpreter", "refer"] },
  minivan: [
    ["classify", { optionId: "possible-victim" }],
    ["protect", { value: false }],
  ],
};

//       child-means (1 pt)   smuggling-elements (2 pts)          border-required (1 pt)   others (5 pts, all right)
// L1    act        0         benefit, illegal-entry   1 → 2 pts   true   1                 total 0+2+1+5 = 8
// L2    means      1         benefit, illegal-entry   1 → 2 pts   true   1                 total 1+2+1+5 = 9
// L3    purpose    0         benefit                 .5 → 1 pt    true   1                 total 0+1+1+5 = 7
// L4    means      1         exploitation             0           false  0                 total 1+0+0+5 = 6
// L5    means      1         benefit, exploitation    0           false  0                 total 1+0+0+5 = 6
const PATTERNS: Answers[] = [
  { "child-means": { optionId: "act" }, "smuggling-elements": { optionIds: ["benefit", "illegal-entry"] }, "border-required": { value: true } },
  { "child-means": { optionId: "means" }, "smuggling-elements": { optionIds: ["benefit", "illegal-entry"] }, "border-required": { value: true } },
  { "child-means": { optionId: "purpose" }, "smuggling-elements": { optionIds: ["benefit"] }, "border-required": { value: true } },
  { "child-means": { optionId: "means" }, "smuggling-elements": { optionIds: ["exploitation"] }, "border-required": { value: false } },
  { "child-means": { optionId: "means" }, "smuggling-elements": { optionIds: ["benefit", "exploitation"] }, "border-required": { value: false } },
];

/**
 * One learner's attempt, event by event through the quiz capability, as the attempt page sends them: the quiz gives
 * immediate feedback, so each answer is followed by NEXT, and the last NEXT leads to the review and SUBMIT. The
 * learner takes `thinkMs` over the first question's answer (the event log is where answer times come from).
 */
async function takeQuiz(userId: string, slug: string, answers: Answers, { startAt, thinkMs = 10 * SECOND, submit = true }: { startAt: number; thinkMs?: number; submit?: boolean }) {
  let now = startAt;
  const attemptId = await startQuizAttempt(userId, slug, QUIZ, "en", now);
  let seq = 1;
  const send = async (event: Record<string, unknown> & { type: QuizEvent["type"] }, after: number) => {
    now += after;
    await sendAttemptEvent(userId, attemptId, { seq, toEvent: (_quiz: QuizDefinition, at: number) => ({ ok: true, event: { ...event, at } as QuizEvent }) }, now);
    seq += 1;
  };
  const order = ["child-means", "smuggling-elements", "border-required", "sort-facts", "steps-in-order", "minivan"];
  for (const [index, questionId] of order.entries()) {
    const answer = answers[questionId] ?? RIGHT[questionId];
    const wait = index === 0 ? thinkMs : 5 * SECOND;
    if (Array.isArray(answer)) {
      for (const [i, [stepId, stepAnswer]] of (answer as [string, unknown][]).entries()) {
        await send({ type: "ANSWER", questionId, stepId, answer: stepAnswer }, wait);
        if (i < answer.length - 1) await send({ type: "NEXT" }, SECOND);
      }
    } else {
      await send({ type: "ANSWER", questionId, answer }, wait);
    }
    await send({ type: "NEXT" }, SECOND);
  }
  if (submit) await send({ type: "SUBMIT" }, SECOND);
  return attemptId;
}

async function learners(count: number) {
  return Promise.all(Array.from({ length: count }, () => insertAccount()));
}

beforeAll(async () => {
  await freshDatabase();
  const loaded = loadCourse(FIXTURE_DIR);
  if (!loaded.course) throw new Error(`fixture course invalid: ${JSON.stringify(loaded.errors)}`);
  fixture = loaded.course;
});

describe("submitted responses of a quiz version", () => {
  it("gives each graded attempt's stored grading, answers and answer times, and leaves out unfinished ones", async () => {
    const slug = await variant("analytics-responses");
    const [a, b] = await learners(2);
    for (const who of [a, b]) await enrol(who.id, slug);
    await takeQuiz(a.id, slug, PATTERNS[0], { startAt: 1_000_000, thinkMs: 12 * SECOND });
    await takeQuiz(b.id, slug, PATTERNS[1], { startAt: 2_000_000, submit: false });
    const { version } = await quizAnalytics(slug, QUIZ, undefined, "en");
    const responses = await submittedResponsesForQuizVersion(version.id, QUIZ);
    expect(responses).toHaveLength(1);
    const [response] = responses;
    expect(response.learnerId).toBe(a.id);
    expect(response.answers["child-means"]).toEqual({ optionId: "act" });
    expect(Object.fromEntries(response.grades.map((g) => [g.questionId, g.points]))).toEqual({
      "child-means": 0,
      "smuggling-elements": 2,
      "border-required": 1,
      "sort-facts": 1,
      "steps-in-order": 1,
      minivan: 3,
    });
    // START, then 12 s to the first answer; each later answer 5 s after the previous NEXT; the scenario's two steps.
    expect(response.answerMs).toEqual({
      "child-means": 12 * SECOND,
      "smuggling-elements": 5 * SECOND,
      "border-required": 5 * SECOND,
      "sort-facts": 5 * SECOND,
      "steps-in-order": 5 * SECOND,
      minivan: 10 * SECOND,
    });
  });
});

describe("quiz analytics", () => {
  it("shows nothing with four learners and the hand-computed figures from the fifth", async () => {
    const slug = await variant("analytics-figures");
    const people = await learners(6);
    for (const who of people) await enrol(who.id, slug);
    for (const [i, pattern] of PATTERNS.slice(0, 4).entries()) {
      await takeQuiz(people[i].id, slug, pattern, { startAt: 1_000_000 * (i + 1), thinkMs: (i + 1) * 10 * SECOND });
    }
    // A second, later attempt by the first learner (all right) does not count: one attempt per learner, the first.
    await takeQuiz(people[0].id, slug, PATTERNS[1], { startAt: 9_000_000 });
    const four = await quizAnalytics(slug, QUIZ, undefined, "en");
    expect(four.submittedAttempts).toBe(5);
    expect(four.learners).toBe(4);
    expect(four.hasEnoughData).toBe(false);
    expect(four.questions.every((q) => !q.stats.hasEnoughData)).toBe(true);
    expect(four.byCitation).toEqual([]);

    await takeQuiz(people[4].id, slug, PATTERNS[4], { startAt: 5_000_000, thinkMs: 50 * SECOND });
    // An attempt still in progress is not counted.
    await takeQuiz(people[5].id, slug, PATTERNS[0], { startAt: 6_000_000, submit: false });
    const five = await quizAnalytics(slug, QUIZ, undefined, "en");
    expect(five.learners).toBe(5);
    expect(five.hasEnoughData).toBe(true);
    const stats = Object.fromEntries(five.questions.map((q) => [q.stats.questionId, q.stats]));
    const figures = (id: string) => {
      const s = stats[id];
      if (!s.hasEnoughData) throw new Error(`${id} has no figures`);
      return s;
    };
    expect(figures("child-means").facility).toBeCloseTo(0.6, 10);
    expect(figures("smuggling-elements").facility).toBeCloseTo(0.5, 10);
    expect(figures("border-required").facility).toBeCloseTo(0.6, 10);
    for (const id of ["sort-facts", "steps-in-order", "minivan"]) {
      expect(figures(id).facility).toBe(1);
      expect(figures(id).discrimination).toBeNull();
      expect(figures(id).flags).toEqual(["very-easy"]);
    }
    // child-means: x = [0,1,0,1,1], rest = total − x = [8,8,7,5,5]; means .6 and 6.6;
    // Σdxdy = −.6·1.4 + .4·1.4 − .6·.4 + .4·(−1.6) + .4·(−1.6) = −1.8; Σdx² = 1.2; Σdy² = 9.2 → r = −1.8/√11.04.
    expect(figures("child-means").discrimination).toBeCloseTo(-0.541736, 6);
    expect(figures("child-means").flags).toEqual(["negative-discrimination"]);
    // smuggling-elements: x = [1,1,.5,0,0], points [2,2,1,0,0], rest = [6,7,6,6,6]; means .5 and 6.2;
    // Σdxdy = .5(−.2) + .5(.8) + 0 + (−.5)(−.2)·2 = .5; Σdx² = 1; Σdy² = .8 → r = .5/√.8.
    expect(figures("smuggling-elements").discrimination).toBeCloseTo(0.559017, 6);
    // border-required: x = [1,1,1,0,0], rest = [7,8,6,6,6]; Σdxdy = 1.2; Σdx² = 1.2; Σdy² = 3.2 → r = 1.2/√3.84.
    expect(figures("border-required").discrimination).toBeCloseTo(0.612372, 6);
    // Options: act L1, means L2 L4 L5, purpose L3.
    const options = (id: string) => {
      const breakdown = figures(id).breakdown;
      if (breakdown.kind !== "options") throw new Error("not options");
      return Object.fromEntries(breakdown.options.map((o) => [o.id, o.share]));
    };
    expect(options("child-means")).toEqual({ act: 0.2, means: 0.6, purpose: 0.2 });
    expect(options("smuggling-elements")).toEqual({ benefit: 0.8, "illegal-entry": 0.4, exploitation: 0.4 });
    expect(options("border-required")).toEqual({ true: 0.6, false: 0.4 });
    // The first question took 10, 20, 30, 40 and 50 s (the first learner's second attempt does not count).
    expect(figures("child-means").medianSeconds).toBe(30);
    expect(figures("smuggling-elements").medianSeconds).toBe(5);
    // The roll-up: som-protocol art. 3(a) holds smuggling-elements and border-required, (.5 + .6) / 2 = .55.
    expect(five.byCitation.map((r) => [r.key, r.locator, Number(r.meanFacility.toFixed(6))])).toEqual([
      ["som-protocol", "art. 3(a)", 0.55],
      ["tip-protocol", "art. 3(c)", 0.6],
      ["tip-protocol", null, 1],
      ["tip-protocol", "art. 3(a)", 1],
      ["tip-protocol", "art. 6", 1],
    ]);
    // tip-protocol: (.6 + 1 + 1 + 1) / 4 = .9.
    expect(five.byInstrument.map((r) => [r.key, r.source, Number(r.meanFacility.toFixed(6))])).toEqual([
      ["som-protocol", expect.any(String), 0.55],
      ["tip-protocol", expect.any(String), 0.9],
    ]);
  });
});

describe("the analytics pages", () => {
  let slug: string;
  beforeAll(async () => {
    // A prompt a spreadsheet would run as a formula, to see the CSV export defuse it.
    slug = await variant("analytics-pages", (course) => {
      const quiz = course.modules[0].quiz.en!;
      quiz.questions[0] = { ...quiz.questions[0], prompt: "=HYPERLINK(\"https://evil.example\")" };
    });
    const people = await learners(5);
    for (const [i, who] of people.entries()) {
      await enrol(who.id, slug);
      await takeQuiz(who.id, slug, PATTERNS[i], { startAt: 1_000_000 * (i + 1) });
    }
  });

  const page = (cookie: string | undefined, url = `/studio/analytics/${slug}/${QUIZ}`) =>
    call(quizRoute.loader, getRequest(url, { cookie }), { slug, quizId: QUIZ });
  const csv = (cookie: string | undefined, table: string) =>
    call(csvRoute.loader, getRequest(`/studio/analytics/${slug}/${QUIZ}/csv?table=${table}`, { cookie }), { slug, quizId: QUIZ });

  it("shows trainers and admins the figures, and never a learner's id", async () => {
    for (const role of ["trainer", "admin"] as const) {
      const who = await insertAccount({ role });
      const result = await page(who.cookie);
      expect(result.status).toBe(200);
      const { analytics } = result.body as { analytics: Awaited<ReturnType<typeof quizAnalytics>> };
      const childMeans = analytics.questions.find((q) => q.stats.questionId === "child-means")!.stats;
      expect(childMeans.hasEnoughData && childMeans.facility).toBeCloseTo(0.6, 10);
      expect(childMeans.hasEnoughData && childMeans.discrimination).toBeCloseTo(-0.541736, 6);
      const overview = await call(overviewRoute.loader, getRequest("/studio/analytics", { cookie: who.cookie }));
      expect(overview.status).toBe(200);
      const course = (overview.body as { courses: { slug: string; quizzes: { quizId: string; attempts: number; learners: number; flaggedQuestions: number | null }[] }[] }).courses.find((c) => c.slug === slug)!;
      // Flagged: child-means (negative), and the three every learner got right (very easy).
      expect(course.quizzes.find((q) => q.quizId === QUIZ)).toMatchObject({ attempts: 5, learners: 5, flaggedQuestions: 4 });
      expect(course.quizzes.find((q) => q.quizId === "response-quiz")).toMatchObject({ attempts: 0, flaggedQuestions: null });
    }
    const trainer = await insertAccount({ role: "trainer" });
    const body = JSON.stringify((await page(trainer.cookie)).body);
    const learnerIds = (await submittedResponsesForQuizVersion((await quizAnalytics(slug, QUIZ, undefined, "en")).version.id, QUIZ)).map((r) => r.learnerId);
    for (const id of learnerIds) expect(body).not.toContain(id);
  });

  it("refuses learners and supervisors, and sends visitors to log in", async () => {
    for (const role of ["learner", "supervisor"] as const) {
      const who = await insertAccount({ role });
      expect((await page(who.cookie)).status).toBe(403);
      expect((await csv(who.cookie, "questions")).status).toBe(403);
      expect((await call(overviewRoute.loader, getRequest("/studio/analytics", { cookie: who.cookie }))).status).toBe(403);
    }
    const anonymous = await page(undefined);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("answers 404 for an unknown quiz or version, and shows the live version for a malformed one", async () => {
    const trainer = await insertAccount({ role: "trainer" });
    expect((await call(quizRoute.loader, getRequest(`/studio/analytics/${slug}/no-such-quiz`, { cookie: trainer.cookie }), { slug, quizId: "no-such-quiz" })).status).toBe(404);
    expect((await call(quizRoute.loader, getRequest(`/studio/analytics/nowhere/${QUIZ}`, { cookie: trainer.cookie }), { slug: "nowhere", quizId: QUIZ })).status).toBe(404);
    expect((await page(trainer.cookie, `/studio/analytics/${slug}/${QUIZ}?version=${"a".repeat(32)}`)).status).toBe(404);
    expect((await page(trainer.cookie, `/studio/analytics/${slug}/${QUIZ}?version=%FF`)).status).toBe(200);
  });

  it("exports the same figures as formula-safe CSV", async () => {
    const trainer = await insertAccount({ role: "trainer" });
    const questions = await csv(trainer.cookie, "questions");
    expect(questions.status).toBe(200);
    expect(questions.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const rows = parseCsv(String(questions.body).replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    const childMeans = rows.find((row) => row["Question id"] === "child-means")!;
    expect(childMeans).toMatchObject({ "Facility": "0.6", "Discrimination": "-0.5417", "Learners": "5", "Flags": "negatively discriminating" });
    // The prompt starts with "=": written with a leading apostrophe, so no spreadsheet evaluates it.
    expect(childMeans["Question"]).toBe(`'=HYPERLINK("https://evil.example")`);
    const answers = parseCsv(String((await csv(trainer.cookie, "answers")).body).replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(answers.filter((row) => row["Question id"] === "child-means").map((row) => [row["Option or item id"], row["Share"]])).toEqual([
      ["act", "0.2"],
      ["means", "0.6"],
      ["purpose", "0.2"],
      ["", "0"],
    ]);
    const citations = parseCsv(String((await csv(trainer.cookie, "citations")).body).replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(citations[0]).toMatchObject({ "Bibliography key": "som-protocol", "Article": "art. 3(a)", "Mean facility": "0.55" });
  });
});
