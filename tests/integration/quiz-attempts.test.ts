// The quiz engine end to end on the server: the attempt and quiz routes as Remix calls them, learners registered
// and enrolled through their own route actions, against this file's own temporary SQLite database.
import fs from "node:fs";
import path from "node:path";
import { and, count, eq } from "drizzle-orm";
import { parse as parseYaml } from "yaml";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { QuizDefinition } from "~/courses/format";
import { importCourse } from "~/courses/import.server";
import { loadCourse, type LoadedCourse } from "~/courses/load.server";
import { auditTrail } from "~/audit.server";
import { db, transaction } from "~/db.server";
import { closeOverdueAttempts } from "~/quiz/attempts.server";
import { quizDefinitionOf } from "~/quiz/definitions.server";
import { createQuizMachine, QUIZ_MACHINE_VERSION, type PersistedQuizSnapshot } from "~/quiz/machine";
import { replayAttempt } from "~/quiz/replay";
import * as adminAttemptRoute from "~/routes/admin.attempts.$attemptId";
import * as attemptRoute from "~/routes/attempts.$attemptId/route";
import * as courseRoute from "~/routes/courses.$slug._index";
import * as lessonRoute from "~/routes/courses.$slug.lessons.$lessonId";
import * as quizRoute from "~/routes/courses.$slug.quizzes.$quizId";
import { registerAccount, type Account } from "../support/accounts";
import { freshDatabase } from "./db";
import { call, cookieFrom, formRequest, getRequest, type RouteResult, refusal } from "./http";
import { enrolments, quizAttemptEvents, quizAttempts, quizPasses, users } from "#db/tables";

const FIXTURE_DIR = path.resolve("tests/fixtures/courses/fixture-course");
const MINUTE = 60_000;

type Learner = Account;
type Fields = Record<string, string | string[]>;
type AttemptData = Awaited<ReturnType<typeof attemptRoute.loader>>["attempt"];

let fixture: LoadedCourse;

/**
 * A copy of the fixture course under another slug, open for self-enrolment, with quiz settings changed in every
 * language. Each copy is its own course, so one test's attempts never count against another's.
 */
async function variant(slug: string, settings: Record<string, Partial<QuizDefinition["settings"]>> = {}): Promise<LoadedCourse> {
  const course = structuredClone(fixture);
  course.slug = slug;
  course.meta = { ...course.meta, slug, enrolment: "open" };
  course.contentHash = `${fixture.contentHash}-${slug}`;
  for (const module of course.modules) {
    for (const quiz of Object.values(module.quiz)) {
      if (quiz && settings[quiz.id]) quiz.settings = { ...quiz.settings, ...settings[quiz.id] };
    }
  }
  const outcome = await importCourse(course);
  if (outcome.outcome === "rejected") throw new Error(outcome.errors.join("\n"));
  return course;
}

const learner = (preferredLanguage: "en" | "fr" | "es" = "en"): Promise<Learner> => registerAccount({ profile: "judicial-officer", preferredLanguage });

async function enrol(who: Learner, slug: string) {
  const result = await call(courseRoute.action, formRequest(`/courses/${slug}`, {}, { cookie: who.cookie }), { slug });
  expect(result.status).toBe(302);
}

const quizPage = (who: Learner, slug: string, quizId: string) =>
  call(quizRoute.loader, getRequest(`/courses/${slug}/quizzes/${quizId}`, { cookie: who.cookie }), { slug, quizId });
const startPost = (who: Learner, slug: string, quizId: string) =>
  call(quizRoute.action, formRequest(`/courses/${slug}/quizzes/${quizId}`, {}, { cookie: who.cookie }), { slug, quizId });

async function start(who: Learner, slug: string, quizId: string): Promise<string> {
  const result = await startPost(who, slug, quizId);
  expect(result.status).toBe(302);
  const location = result.headers.get("Location") ?? "";
  expect(location).toMatch(/^\/attempts\/[a-z2-7]{32}$/);
  return location.slice("/attempts/".length);
}

type Routes = { loader: typeof attemptRoute.loader; action: typeof attemptRoute.action };

const loadAttempt = (who: Learner, attemptId: string, routes: Routes = attemptRoute) =>
  call(routes.loader, getRequest(`/attempts/${attemptId}`, { cookie: who.cookie }), { attemptId });

async function page(who: Learner, attemptId: string, routes: Routes = attemptRoute): Promise<AttemptData> {
  const result = await loadAttempt(who, attemptId, routes);
  expect(result.status).toBe(200);
  return (result.body as { attempt: AttemptData }).attempt;
}

const postEvent = (who: Learner, attemptId: string, fields: Fields, routes: Routes = attemptRoute) =>
  call(routes.action, formRequest(`/attempts/${attemptId}`, fields, { cookie: who.cookie }), { attemptId });

/** Posts one event from the page as it is now (its current seq), as the rendered form would. */
async function act(who: Learner, attemptId: string, fields: Fields): Promise<RouteResult> {
  const { seq } = await page(who, attemptId);
  const result = await postEvent(who, attemptId, { seq: String(seq), ...fields });
  expect(result.status, JSON.stringify(result.body)).toBe(302);
  return result;
}

const failureKey = (result: RouteResult) => refusal(result).formError.key;
const eventRows = async (attemptId: string) =>
  (await db.select({ n: count() }).from(quizAttemptEvents).where(eq(quizAttemptEvents.attemptId, attemptId)))[0]!.n;
const attemptRow = async (attemptId: string) => (await db.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)))[0]!;
const storedAnswers = async (attemptId: string) =>
  ((await attemptRow(attemptId)).snapshot as { context: { answers: Record<string, unknown> } }).context.answers;

// Correct answers to every question of the fixture's definitions quiz, as form fields.
const RIGHT: Record<string, Fields[]> = {
  "child-means": [{ option: "means" }],
  "smuggling-elements": [{ option: ["benefit", "illegal-entry"] }],
  "border-required": [{ value: "true" }],
  "sort-facts": [{ "place.fee": "smuggling", "place.exploit": "trafficking" }],
  "steps-in-order": [{ "position.separate": "1", "position.interpreter": "2", "position.refer": "3" }],
  minivan: [
    { stepId: "classify", option: "possible-victim" },
    { stepId: "protect", value: "false" },
  ],
};

/** Answers the question shown (every step of a scenario) in deferred mode, moving on after each question. */
async function answerDeferred(who: Learner, attemptId: string, check?: (data: AttemptData) => void) {
  for (;;) {
    const data = await page(who, attemptId);
    check?.(data);
    if (data.view.state !== "question") return data;
    const questionId = data.view.current!.question.id;
    const steps = RIGHT[questionId]!;
    const step = data.view.current!.question.type === "scenario" ? steps.find((s) => s.stepId === (data.view.current!.question as { currentStep: { id: string } }).currentStep.id)! : steps[0]!;
    await act(who, attemptId, { intent: "ANSWER", questionId, advance: "1", ...step });
  }
}

/** Answers every question of an immediate-feedback quiz correctly, through the feedback screens, to the review. */
async function answerImmediate(who: Learner, attemptId: string) {
  for (;;) {
    const data = await page(who, attemptId);
    if (data.view.state === "feedback") {
      await act(who, attemptId, { intent: "NEXT" });
      continue;
    }
    if (data.view.state !== "question") return data;
    const question = data.view.current!.question;
    const stepId = question.type === "scenario" ? question.currentStep!.id : undefined;
    const fields = RIGHT[question.id]!.find((s) => s.stepId === stepId) ?? RIGHT[question.id]![0]!;
    await act(who, attemptId, { intent: "ANSWER", questionId: question.id, ...fields });
  }
}

beforeAll(async () => {
  await freshDatabase();
  const loaded = loadCourse(FIXTURE_DIR);
  if (!loaded.course) throw new Error(`fixture course invalid: ${JSON.stringify(loaded.errors)}`);
  fixture = loaded.course;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("a running attempt", () => {
  it("resumes on the same question with every answer after a fresh server process", async () => {
    const course = await variant("quiz-resume");
    const amara = await learner();
    await enrol(amara, course.slug);
    const attemptId = await start(amara, course.slug, "definitions-quiz");
    await act(amara, attemptId, { intent: "ANSWER", questionId: "child-means", option: "means" });
    await act(amara, attemptId, { intent: "NEXT" });
    await act(amara, attemptId, { intent: "ANSWER", questionId: "smuggling-elements", option: ["benefit", "exploitation"] });

    // A new module graph opens its own connection to the same SQLite file and keeps nothing in memory from the old.
    vi.resetModules();
    const fresh = (await import("~/routes/attempts.$attemptId/route")) as Routes;
    expect(fresh.loader).not.toBe(attemptRoute.loader);

    const resumed = await page(amara, attemptId, fresh);
    expect(resumed.status).toBe("in-progress");
    expect(resumed.view.state).toBe("feedback");
    expect(resumed.view.number).toBe(2);
    expect(resumed.view.answeredCount).toBe(2);
    expect(resumed.view.current!.question.id).toBe("smuggling-elements");
    expect(resumed.view.current!.answer).toEqual({ optionIds: ["benefit", "exploitation"] });
    expect(resumed.view.feedback!.entries.map((e) => e.id).sort()).toEqual(["benefit", "exploitation"]);

    // The first answer is kept too, and the fresh process carries on from the logged position.
    const moved = await postEvent(amara, attemptId, { seq: String(resumed.seq), intent: "NEXT" }, fresh);
    expect(moved.status).toBe(302);
    const third = await page(amara, attemptId, fresh);
    expect(third.view.current!.question.id).toBe("border-required");
    for (const _ of [1, 2]) {
      const at = await page(amara, attemptId, fresh);
      expect((await postEvent(amara, attemptId, { seq: String(at.seq), intent: "PREVIOUS" }, fresh)).status).toBe(302);
    }
    const first = await page(amara, attemptId, fresh);
    expect(first.view.current!.question.id).toBe("child-means");
    expect(first.view.current!.answer).toEqual({ optionId: "means" });
    expect(first.view.current!.isLocked).toBe(true);
  });

  it("applies a form posted twice with the same seq once, and refuses a stale page's other event", async () => {
    const course = await variant("quiz-duplicates");
    const amara = await learner();
    await enrol(amara, course.slug);
    const attemptId = await start(amara, course.slug, "definitions-quiz");
    const { seq } = await page(amara, attemptId);
    const form = { seq: String(seq), intent: "ANSWER", questionId: "child-means", option: "act" };

    const first = await postEvent(amara, attemptId, form);
    const rowsAfterFirst = await eventRows(attemptId);
    const answersAfterFirst = await storedAnswers(attemptId);
    const again = await postEvent(amara, attemptId, form);

    expect([first.status, again.status]).toEqual([302, 302]);
    expect(again.headers.get("Location")).toBe(`/attempts/${attemptId}`);
    expect(rowsAfterFirst).toBe(2); // START and this ANSWER
    expect(await eventRows(attemptId)).toBe(2);
    expect((await attemptRow(attemptId)).eventCount).toBe(2);
    expect(await storedAnswers(attemptId)).toEqual(answersAfterFirst);
    expect(await storedAnswers(attemptId)).toEqual({ "child-means": { optionId: "act" } });

    // The fetcher's version of the same resend answers 200 with the screen to show (so no loader runs again),
    // still without a second row.
    const enhanced = await postEvent(amara, attemptId, { ...form, enhanced: "1" });
    expect(enhanced.status).toBe(200);
    expect(enhanced.body).toMatchObject({ ok: true, carriesPageData: true, attempt: { attemptId, seq: 2, status: "in-progress" } });
    expect({ ...(enhanced.body as { attempt: AttemptData }).attempt, now: 0 }).toEqual({ ...(await page(amara, attemptId)), now: 0 });
    expect(await eventRows(attemptId)).toBe(2);

    const stale = await postEvent(amara, attemptId, { seq: String(seq), intent: "FLAG", questionId: "child-means" });
    expect(stale.status).toBe(409);
    expect(failureKey(stale)).toBe("quiz.refusal.stale-page");
    // The same seq with a different answer is another event, not a resend.
    const changed = await postEvent(amara, attemptId, { ...form, option: "means" });
    expect(changed.status).toBe(409);
    expect(failureKey(changed)).toBe("quiz.refusal.stale-page");
    expect(await eventRows(attemptId)).toBe(2);
    expect(await storedAnswers(attemptId)).toEqual({ "child-means": { optionId: "act" } });
  });

  it("answers the enhanced page with the screen a fresh load shows, from each answer to the result", async () => {
    const course = await variant("quiz-enhanced", { "definitions-quiz": { feedback: "deferred", review: "full" } });
    const amara = await learner();
    await enrol(amara, course.slug);
    const attemptId = await start(amara, course.slug, "definitions-quiz");
    // The action hands back the attempt as its own transaction left it (no second read): it must be exactly what
    // the loader reads from the database afterwards, through "save and continue" (two events) and the result.
    const sameAsLoaded = async (result: RouteResult) => {
      expect(result.status, JSON.stringify(result.body)).toBe(200);
      const sent = (result.body as { attempt: AttemptData }).attempt;
      expect({ ...sent, now: 0 }).toEqual({ ...(await page(amara, attemptId)), now: 0 });
      return sent;
    };
    let shown = await page(amara, attemptId);
    let answered = 0;
    while (shown.view.state === "question") {
      const question = shown.view.current!.question;
      const stepId = question.type === "scenario" ? question.currentStep!.id : undefined;
      const fields = RIGHT[question.id]!.find((s) => s.stepId === stepId) ?? RIGHT[question.id]![0]!;
      const before = shown.seq;
      shown = await sameAsLoaded(await postEvent(amara, attemptId, { seq: String(shown.seq), intent: "ANSWER", questionId: question.id, advance: "1", enhanced: "1", ...fields }));
      expect(shown.seq).toBeGreaterThan(before);
      answered++;
    }
    expect(answered).toBeGreaterThanOrEqual(6);
    expect(shown.view.state).toBe("review");
    const result = await sameAsLoaded(await postEvent(amara, attemptId, { seq: String(shown.seq), intent: "SUBMIT", enhanced: "1" }));
    expect(result.status).toBe("passed");
    expect(result.view.result).toMatchObject({ isPassed: true, percent: 100 });
    // The review's sources are read for a finished attempt only: they came back with the result too.
    expect(Object.keys(result.sources).length).toBeGreaterThan(0);
    expect((await attemptRow(attemptId)).percent).toBe(100);
  });

  it("counts every quiz action against the learner's budget, refused ones too, and writes nothing past it", async () => {
    const course = await variant("quiz-budget");
    const kofi = await learner();
    await enrol(kofi, course.slug);
    const attemptId = await start(kofi, course.slug, "definitions-quiz"); // the start is the first of 120 actions
    const { seq } = await page(kofi, attemptId);
    // 118 refused events (a stale seq): each is refused, and each still spends a unit of the budget.
    for (let i = 0; i < 118; i++) {
      const stale = await postEvent(kofi, attemptId, { seq: String(seq + 5), intent: "FLAG", questionId: "child-means" });
      expect(stale.status).toBe(409);
    }
    const answer = { seq: String(seq), intent: "ANSWER", questionId: "child-means", option: "means", enhanced: "1" };
    expect((await postEvent(kofi, attemptId, answer)).status).toBe(200);
    const rows = await eventRows(attemptId);
    const spent = await postEvent(kofi, attemptId, { ...answer, seq: String(seq + 1), option: "act" });
    expect(spent.status).toBe(429);
    expect(spent.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(await eventRows(attemptId)).toBe(rows);
    expect(await storedAnswers(attemptId)).toEqual({ "child-means": { optionId: "means" } });
  });

  it("refuses an answer after the deadline and grades the attempt as it stood at the deadline", async () => {
    const course = await variant("quiz-timed", { "definitions-quiz": { timeLimitMinutes: 10 } });
    const amara = await learner();
    await enrol(amara, course.slug);
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = Date.now();
    const attemptId = await start(amara, course.slug, "definitions-quiz");
    const deadline = t0 + 10 * MINUTE;
    expect((await attemptRow(attemptId)).deadline).toBe(deadline);

    vi.setSystemTime(t0 + MINUTE);
    await act(amara, attemptId, { intent: "ANSWER", questionId: "child-means", option: "means" });
    await act(amara, attemptId, { intent: "NEXT" });
    const before = await page(amara, attemptId);
    expect(before.view.current!.question.id).toBe("smuggling-elements");

    vi.setSystemTime(deadline + 30_000);
    const late = await postEvent(amara, attemptId, {
      seq: String(before.seq),
      intent: "ANSWER",
      questionId: "smuggling-elements",
      option: ["benefit", "illegal-entry"],
    });
    expect(late.status).toBe(409);
    expect(failureKey(late)).toBe("quiz.refusal.deadline-passed");

    const row = await attemptRow(attemptId);
    expect(row.status).toBe("failed");
    expect(row.endedAt).toBe(deadline);
    expect(await storedAnswers(attemptId)).toEqual({ "child-means": { optionId: "means" } });
    const after = await page(amara, attemptId);
    expect(after.view.state).toBe("failed");
    expect(after.view.result).toMatchObject({ endedBy: "timeout", isPassed: false });
    expect(after.view.result!.points).toBe(1);
  });

  it("closes an overdue attempt at the deadline when its page is opened, with nothing lost before it", async () => {
    const course = await variant("quiz-timed-open", { "response-quiz": { timeLimitMinutes: 5 } });
    const amara = await learner();
    await enrol(amara, course.slug);
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = Date.now();
    const attemptId = await start(amara, course.slug, "response-quiz");
    vi.setSystemTime(t0 + 4 * MINUTE);
    await act(amara, attemptId, { intent: "ANSWER", questionId: "first-step", option: "separate" });
    vi.setSystemTime(t0 + 60 * MINUTE);

    const data = await page(amara, attemptId);
    expect(data.status).toBe("passed");
    expect((await attemptRow(attemptId)).endedAt).toBe(t0 + 5 * MINUTE);
    expect(data.view.result).toMatchObject({ endedBy: "timeout", isPassed: true, percent: 100 });
  });
});

describe("the closing job", () => {
  it("submits attempts nobody reopened as they stood at the deadline, and records the pass at the deadline", async () => {
    const course = await variant("quiz-timed-job", { "response-quiz": { timeLimitMinutes: 5 } });
    const amara = await learner();
    const bruno = await learner();
    await enrol(amara, course.slug);
    await enrol(bruno, course.slug);
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = Date.now();
    const overdue = await start(amara, course.slug, "response-quiz");
    vi.setSystemTime(t0 + 2 * MINUTE);
    await act(amara, overdue, { intent: "ANSWER", questionId: "first-step", option: "separate" });
    vi.setSystemTime(t0 + 4 * MINUTE);
    const running = await start(bruno, course.slug, "response-quiz");
    vi.useRealTimers();

    // Six minutes in: Amara's deadline has passed, Bruno's has not.
    const closed = await closeOverdueAttempts(t0 + 6 * MINUTE, 100);
    expect(closed).toBeGreaterThanOrEqual(1);
    const row = await attemptRow(overdue);
    expect(row).toMatchObject({ status: "passed", endedAt: t0 + 5 * MINUTE, percent: 100 });
    expect((await attemptRow(running)).status).toBe("in-progress");
    const [pass] = await db.select().from(quizPasses).where(and(eq(quizPasses.userId, amara.id), eq(quizPasses.courseSlug, course.slug)));
    expect(pass).toMatchObject({ quizId: "response-quiz", passedAt: t0 + 5 * MINUTE });
    // Run again: nothing left to close for Amara, and her result is not recorded twice.
    await closeOverdueAttempts(t0 + 7 * MINUTE, 100);
    expect((await attemptRow(overdue)).eventCount).toBe(row.eventCount);
  });
});

describe("whose attempt", () => {
  it("answers 404 for another learner's attempt, an unknown id and a malformed id, on loader and action", async () => {
    const course = await variant("quiz-owners");
    const owner = await learner();
    const stranger = await learner();
    await enrol(owner, course.slug);
    await enrol(stranger, course.slug);
    const attemptId = await start(owner, course.slug, "definitions-quiz");
    const ownerPage = await page(owner, attemptId);
    const answer = { seq: String(ownerPage.seq), intent: "ANSWER", questionId: "child-means", option: "means" };

    const unknown = "a".repeat(32);
    for (const id of [attemptId, unknown, "not-an-attempt", `${attemptId}x`]) {
      const loaded = await loadAttempt(stranger, id);
      expect(loaded.status, `loader ${id}`).toBe(404);
      const posted = await postEvent(stranger, id, answer);
      expect(posted.status, `action ${id}`).toBe(404);
    }
    expect(await eventRows(attemptId)).toBe(1);
    expect(await storedAnswers(attemptId)).toEqual({});
    expect((await page(owner, attemptId)).seq).toBe(ownerPage.seq);
  });
});

describe("starting attempts", () => {
  it("enforces the cooldown after a failed attempt and then the attempts limit, on the quiz page and its rule", async () => {
    const course = await variant("quiz-limits", { "response-quiz": { maxAttempts: 2, cooldownMinutes: 10 } });
    const amara = await learner();
    await enrol(amara, course.slug);
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = Date.now();

    const fail = async (attemptId: string) => {
      await act(amara, attemptId, { intent: "ANSWER", questionId: "first-step", option: "charge", advance: "1" });
      expect((await page(amara, attemptId)).view.state).toBe("review");
      await act(amara, attemptId, { intent: "SUBMIT" });
      expect((await attemptRow(attemptId)).status).toBe("failed");
    };
    const overview = async () => {
      const result = await quizPage(amara, course.slug, "response-quiz");
      expect(result.status).toBe(200);
      return (result.body as Awaited<ReturnType<typeof quizRoute.loader>>).quiz;
    };

    expect((await overview()).rule).toEqual({ canStart: true });
    const first = await start(amara, course.slug, "response-quiz");
    // Starting again while an attempt runs resumes it rather than opening a second one.
    expect(await start(amara, course.slug, "response-quiz")).toBe(first);
    await fail(first);
    const endedAt = (await attemptRow(first)).endedAt!;
    expect(endedAt).toBe(t0);

    expect((await overview()).rule).toEqual({ canStart: false, reason: "cooldown", availableAt: endedAt + 10 * MINUTE });
    vi.setSystemTime(endedAt + 10 * MINUTE - 1000);
    const tooSoon = await startPost(amara, course.slug, "response-quiz");
    expect(tooSoon.status).toBe(409);
    expect(failureKey(tooSoon)).toBe("quiz.errors.cooldown");

    vi.setSystemTime(endedAt + 10 * MINUTE);
    expect((await overview()).rule).toEqual({ canStart: true });
    const second = await start(amara, course.slug, "response-quiz");
    expect(second).not.toBe(first);
    await fail(second);

    vi.setSystemTime(Date.now() + 60 * MINUTE);
    const limit = await overview();
    expect(limit.rule).toEqual({ canStart: false, reason: "max-attempts", maxAttempts: 2 });
    expect(limit.attempts.map((a) => a.status)).toEqual(["failed", "failed"]);
    const third = await startPost(amara, course.slug, "response-quiz");
    expect(third.status).toBe(409);
    expect(failureKey(third)).toBe("quiz.errors.maxAttempts");
    expect(refusal(third).formError.values).toEqual({ count: 2 });
    expect((await db.select({ n: count() }).from(quizAttempts).where(eq(quizAttempts.userId, amara.id)))[0]!.n).toBe(2);
  });
});

describe("what the browser receives", () => {
  const quizFile = parseYaml(fs.readFileSync(path.join(FIXTURE_DIR, "01-definitions/quiz.yaml"), "utf8")) as {
    questions: Array<Record<string, unknown>>;
  };
  // Every feedback text and explanation of the quiz file, and the item → category pairs of the matching question.
  const secrets = (() => {
    const texts: string[] = [];
    const walk = (value: unknown, key = ""): void => {
      if (typeof value === "string" && (key === "feedback" || key === "explanation" || key === "true" || key === "false")) texts.push(value);
      else if (Array.isArray(value)) value.forEach((v) => walk(v));
      else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, k);
    };
    walk(quizFile.questions);
    return texts;
  })();

  function expectNoAnswerData(data: AttemptData) {
    const json = JSON.stringify(data);
    expect(json).not.toMatch(/"correct"\s*:/);
    expect(json).not.toMatch(/"explanation"\s*:/);
    expect(json).not.toMatch(/"category"\s*:/);
    // The view's own `feedback` slot is null until an immediate-feedback answer; no feedback text rides along.
    expect(json).not.toMatch(/"feedback"\s*:\s*"/);
    for (const text of secrets) expect(json, `leaks ${JSON.stringify(text)}`).not.toContain(text);
  }

  it("holds no correct answers, explanations, feedback or categories before submission, and all of them after with review full", async () => {
    const course = await variant("quiz-secrets", { "definitions-quiz": { feedback: "deferred", review: "full" } });
    const amara = await learner();
    await enrol(amara, course.slug);
    const attemptId = await start(amara, course.slug, "definitions-quiz");
    expect(secrets.length).toBeGreaterThan(15);

    let screens = 0;
    const review = await answerDeferred(amara, attemptId, (data) => {
      screens++;
      expectNoAnswerData(data);
    });
    expect(screens).toBe(8); // six questions, a scenario's second step, the review
    expect(review.view.state).toBe("review");
    expectNoAnswerData(review);

    await act(amara, attemptId, { intent: "SUBMIT" });
    const result = await page(amara, attemptId);
    expect(result.view.state).toBe("passed");
    const json = JSON.stringify(result);
    expect(json).toMatch(/"correct"\s*:\s*true/);
    expect(json).toMatch(/"category"\s*:\s*"smuggling"/);
    expect(json).toContain("Article 3(c) removes the means element for children.");
    expect(json).toContain("No: that is trafficking.");
    for (const text of secrets) expect(json).toContain(text);
  });

  it("names the sources of the full review in the attempt's language and shows no reviewer note", async () => {
    const course = await variant("quiz-review-sources", { "definitions-quiz": { feedback: "deferred", review: "full" } });
    const french = await learner("fr");
    await enrol(french, course.slug);
    const attemptId = await start(french, course.slug, "definitions-quiz");
    await answerDeferred(french, attemptId);
    await act(french, attemptId, { intent: "SUBMIT" });
    const result = await page(french, attemptId);
    expect(result.language).toBe("fr");
    expect(result.view.result?.questions?.length).toBe(6);
    expect(result.sources).toEqual({
      "tip-protocol": "Protocole relatif à la traite",
      "som-protocol": "Protocole relatif au trafic illicite de migrants",
    });
    // The fixture's minivan scenario carries a reviewer note on a step, in both languages.
    expect(JSON.stringify(result)).not.toMatch(/reviewerNotes|NOTE-/);
  });

  it("shows immediate feedback only on the choice made, never the other options' or the explanation", async () => {
    const course = await variant("quiz-secrets-immediate");
    const amara = await learner();
    await enrol(amara, course.slug);
    const attemptId = await start(amara, course.slug, "definitions-quiz");
    await expectNoAnswerData(await page(amara, attemptId));
    await act(amara, attemptId, { intent: "ANSWER", questionId: "child-means", option: "act" });
    const feedback = await page(amara, attemptId);
    expect(feedback.view.state).toBe("feedback");
    const json = JSON.stringify(feedback);
    expect(json).toContain("No: the act is always required.");
    expect(json).not.toContain("Yes: for a child, act and purpose suffice.");
    expect(json).not.toContain("No: the purpose is still required.");
    expect(json).not.toContain("Article 3(c) removes the means element for children.");
    expect(json).not.toMatch(/"correct"\s*:/);
  });
});

describe("course completion", () => {
  it("completes the course when the last module quiz is passed through the quiz engine", async () => {
    const course = await variant("quiz-completion");
    const amara = await learner();
    await enrol(amara, course.slug);
    const enrolment = async () =>
      (await db.select().from(enrolments).where(and(eq(enrolments.userId, amara.id), eq(enrolments.courseSlug, course.slug))))[0]!;

    for (const lesson of course.modules.flatMap((m) => m.lessons)) {
      const done = await call(
        lessonRoute.action,
        formRequest(`/courses/${course.slug}/lessons/${lesson.id}`, {}, { cookie: amara.cookie }),
        { slug: course.slug, lessonId: lesson.id },
      );
      expect(done.status).toBe(302);
    }
    expect((await enrolment()).completedAt).toBeNull();

    const first = await start(amara, course.slug, "definitions-quiz");
    const review = await answerImmediate(amara, first);
    expect(review.view.state).toBe("review");
    await act(amara, first, { intent: "SUBMIT" });
    expect(await attemptRow(first)).toMatchObject({ status: "passed", percent: 100 });
    expect((await enrolment()).completedAt).toBeNull();

    const second = await start(amara, course.slug, "response-quiz");
    await act(amara, second, { intent: "ANSWER", questionId: "first-step", option: "separate", advance: "1" });
    const before = Date.now();
    await act(amara, second, { intent: "SUBMIT" });
    const row = await attemptRow(second);
    expect(row.status).toBe("passed");
    const completedAt = (await enrolment()).completedAt;
    expect(completedAt).not.toBeNull();
    expect(completedAt).toBe(row.endedAt);
    expect(completedAt!).toBeGreaterThanOrEqual(before);

    const coursePage = await call(courseRoute.loader, getRequest(`/courses/${course.slug}`, { cookie: amara.cookie }), { slug: course.slug });
    const shown = (coursePage.body as { course: { completedAt: number | null; modules: Array<{ isQuizPassed: boolean }> } }).course;
    expect(shown.completedAt).toBe(completedAt);
    expect(shown.modules.map((m) => m.isQuizPassed)).toEqual([true, true]);
  });
});

describe("replaying and re-grading attempts", () => {
  const rowOf = async (attemptId: string) => (await db.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)))[0]!;
  const regrade = (who: Account, attemptId: string) =>
    call(adminAttemptRoute.action, formRequest(`/admin/attempts/${attemptId}`, {}, { cookie: who.cookie }), { attemptId });

  it("rebuilds a snapshot written by an older machine version from the log when the learner comes back", async () => {
    const course = await variant("quiz-old-machine");
    const amara = await learner();
    await enrol(amara, course.slug);
    const attemptId = await start(amara, course.slug, "definitions-quiz");
    await act(amara, attemptId, { intent: "ANSWER", questionId: "child-means", option: "means" });
    await act(amara, attemptId, { intent: "NEXT" });
    const stored = await rowOf(attemptId);
    expect(stored.machineVersion).toBe(QUIZ_MACHINE_VERSION);
    // As an older machine would have left it: another version number and a snapshot the current one cannot read.
    await transaction((tx) =>
      tx.update(quizAttempts).set({ machineVersion: QUIZ_MACHINE_VERSION - 1, snapshot: { value: "asking", context: {} } }).where(eq(quizAttempts.id, attemptId)),
    );

    const resumed = await page(amara, attemptId);
    expect(resumed.view.state).toBe("question");
    const upgraded = await rowOf(attemptId);
    expect(upgraded.machineVersion).toBe(QUIZ_MACHINE_VERSION);
    expect(upgraded.snapshot).toEqual(stored.snapshot);
    await act(amara, attemptId, { intent: "PREVIOUS" });
    expect((await page(amara, attemptId)).view.state).toBe("question");
  });

  it("rebuilds an older snapshot in the answer's own transaction when the learner answers without reloading", async () => {
    const course = await variant("quiz-old-machine-answer");
    const amara = await learner();
    await enrol(amara, course.slug);
    const attemptId = await start(amara, course.slug, "definitions-quiz");
    await act(amara, attemptId, { intent: "ANSWER", questionId: "child-means", option: "means" });
    const shown = await page(amara, attemptId);
    const stored = await rowOf(attemptId);
    await transaction((tx) =>
      tx.update(quizAttempts).set({ machineVersion: QUIZ_MACHINE_VERSION - 1, snapshot: { value: "asking", context: {} } }).where(eq(quizAttempts.id, attemptId)),
    );

    // The page was open before the server changed machines: its next event is applied to the rebuilt snapshot.
    const moved = await postEvent(amara, attemptId, { seq: String(shown.seq), intent: "NEXT", enhanced: "1" });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((moved.body as { attempt: AttemptData }).attempt.view.current!.question.id).toBe("smuggling-elements");
    const upgraded = await rowOf(attemptId);
    expect(upgraded.machineVersion).toBe(QUIZ_MACHINE_VERSION);
    expect(upgraded.eventCount).toBe(stored.eventCount + 1);
    expect((upgraded.snapshot as PersistedQuizSnapshot).context.answers).toEqual((stored.snapshot as PersistedQuizSnapshot).context.answers);
  });

  it("lets an admin re-grade a finished attempt from its log, with an audit record; nobody else", async () => {
    const course = await variant("quiz-regrade", { "definitions-quiz": { feedback: "deferred" } });
    const amara = await learner();
    const admin = await registerAccount({ role: "admin" });
    await enrol(amara, course.slug);
    const attemptId = await start(amara, course.slug, "definitions-quiz");
    await answerDeferred(amara, attemptId);
    await act(amara, attemptId, { intent: "SUBMIT" });
    const graded = await rowOf(attemptId);
    expect(graded.status).toBe("passed");

    // A grading bug at the time: the stored result says failed, 40%.
    const wrong = structuredClone(graded.snapshot) as PersistedQuizSnapshot;
    wrong.value = "failed";
    wrong.context.grade = { ...wrong.context.grade!, percent: 40, isPassed: false };
    await transaction((tx) => tx.update(quizAttempts).set({ status: "failed", percent: 40, snapshot: wrong }).where(eq(quizAttempts.id, attemptId)));

    expect((await regrade(amara, attemptId)).status).toBe(403);
    expect((await rowOf(attemptId)).status).toBe("failed");

    const result = await regrade(admin, attemptId);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ ok: true, isChanged: true, before: { status: "failed", percent: 40 }, after: { status: "passed", percent: graded.percent } });
    const regraded = await rowOf(attemptId);
    expect({ status: regraded.status, percent: regraded.percent, snapshot: regraded.snapshot }).toEqual({
      status: graded.status,
      percent: graded.percent,
      snapshot: graded.snapshot,
    });
    expect(await auditTrail(attemptId)).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        action: "quiz-attempt.regraded",
        details: { before: { status: "failed", percent: 40 }, after: { status: "passed", percent: graded.percent }, refusedOnReplay: [] },
      }),
    ]);
    const unchanged = await regrade(admin, attemptId);
    expect(unchanged.body).toMatchObject({ ok: true, isChanged: false });
  });

  // Last in the file: every attempt the tests above produced, whatever path it took through the routes (deadlines,
  // resent forms, stale pages, cooldowns, immediate and deferred feedback), rebuilt from its inputs and its log.
  it("replays every attempt these tests produced to exactly its stored snapshot", async () => {
    const attempts = await db.select().from(quizAttempts);
    let replayed = 0;
    for (const attempt of attempts) {
      const { quiz } = await quizDefinitionOf(db, attempt.versionId, attempt.quizId, attempt.language, attempt.language);
      const events = await db
        .select({ seq: quizAttemptEvents.seq, payload: quizAttemptEvents.payload })
        .from(quizAttemptEvents)
        .where(eq(quizAttemptEvents.attemptId, attempt.id));
      expect(events).toHaveLength(attempt.eventCount);
      const machine = createQuizMachine(quiz);
      const result = replayAttempt({ machine, seed: attempt.seed, startedAt: attempt.startedAt, deadline: attempt.deadline }, events);
      expect(result.refused, attempt.id).toEqual([]);
      expect(result.snapshot, attempt.id).toEqual(attempt.snapshot);
      replayed += 1;
    }
    console.info(`replayAttempt rebuilt ${replayed} attempts stored by the integration tests`);
    expect(replayed).toBeGreaterThan(10);
  });
});
