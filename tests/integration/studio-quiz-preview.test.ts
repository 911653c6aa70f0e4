// Taking a draft's quiz in preview (issue 13, ADR 0034): the learner's screens and grading, and nothing recorded.
// Every table's row count is read with raw SQL before and after a whole preview (start, a right answer, a wrong
// answer, a scenario, submission); only the studio's quiz_previews (and the rate-limit counters) may change.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, isPostgres, sqlite } from "~/db.server";
import * as draftQuizzes from "~/routes/studio.drafts.$draftId.quizzes";
import * as versionQuizzes from "~/routes/studio.courses.$slug.versions.$versionId.quizzes";
import * as previewPage from "~/routes/studio.previews.$previewId";
import { readDraftFile, saveDraftFile } from "~/studio/drafts.server";
import { purgeQuizPreviews, PREVIEW_LIFETIME_MS } from "~/studio/quiz-preview.server";
import { createCourseDraft, publishDraft } from "~/studio/workflow.server";
import { insertAccount, type Account } from "../support/accounts";
import { call, formRequest, getRequest } from "./http";
import { freshDatabase } from "./db";

const QUIZ = [
  "id: introduction-quiz",
  "title: Check your understanding",
  "settings:",
  "  shuffleQuestions: false",
  "  shuffleOptions: false",
  "  feedback: immediate",
  "questions:",
  "  - id: q1",
  "    type: single",
  "    objective: introduction-basics",
  "    level: recall",
  "    prompt: Which instrument defines trafficking in persons?",
  "    options:",
  '      - { id: protocol, text: The Trafficking Protocol, correct: true, feedback: "Yes: article 3 defines it." }',
  '      - { id: other, text: Another instrument, feedback: "No: see article 3 of the Protocol." }',
  "    explanation: Article 3 of the Trafficking Protocol defines trafficking in persons.",
  "    citation: tip-protocol, art. 3",
  "  - id: q2",
  "    type: true-false",
  "    objective: introduction-basics",
  "    level: recall",
  "    prompt: Consent of the victim is relevant once a means of article 3 was used.",
  "    answer: false",
  "    feedback:",
  '      "true": "No: article 3(b) makes consent irrelevant."',
  '      "false": "Right: article 3(b) makes consent irrelevant."',
  "    explanation: Article 3(b) of the Protocol.",
  "    citation: tip-protocol, art. 3",
  "  - id: q3",
  "    type: scenario",
  "    objective: introduction-basics",
  "    level: application",
  "    prompt: A recruiter at the border",
  "    case: A recruiter offers a young woman a job abroad and keeps her passport.",
  "    explanation: Article 3 names the act, the means and the purpose.",
  "    citation: tip-protocol, art. 3",
  "    start: act",
  "    steps:",
  "      - id: act",
  "        type: single",
  "        prompt: Is there an act of article 3?",
  "        options:",
  '          - { id: recruitment, text: Recruitment, correct: true, next: means, feedback: "Yes: recruitment is an act." }',
  '          - { id: none, text: No act, feedback: "No: recruitment is an act." }',
  "      - id: means",
  "        type: true-false",
  "        prompt: Is keeping the passport a means?",
  "        answer: true",
  "        feedback:",
  '          "true": "Yes: it is coercion."',
  '          "false": "No: it is a form of coercion."',
  "",
].join("\n");

let trainer: Account;
let other: Account;
let draftId: string;
let versionId: string;

beforeAll(async () => {
  await freshDatabase();
  trainer = await insertAccount({ role: "trainer" });
  other = await insertAccount({ role: "trainer" });
  const admin = await insertAccount({ role: "admin" });
  const author = { id: trainer.id, role: "trainer" as const, isReviewer: false };
  const first = await createCourseDraft(author, { slug: "preview-quiz-course", title: "Preview" });
  versionId = ((await publishDraft({ id: admin.id, role: "admin", isReviewer: false }, first, { urgent: true, changeNote: "First" })) as { versionId: string }).versionId;
  draftId = await createCourseDraft(author, { slug: "preview-quiz-draft", title: "Preview" });
  const quiz = await readDraftFile(draftId, "01-introduction/quiz.yaml");
  await saveDraftFile({ draftId, path: "01-introduction/quiz.yaml", content: { text: QUIZ }, expectedRevision: quiz.revision, actorId: trainer.id });
});

/** Row counts of every table of the database, by raw SQL (the engine's own catalogue), so none can be forgotten. */
async function rowCounts(): Promise<Record<string, number>> {
  const names = isPostgres
    ? ((await (db as unknown as { execute: (q: unknown) => Promise<{ rows: { name: string }[] }> }).execute(
        sql`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
      )).rows.map((r) => r.name))
    : (sqlite!.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
  const counts: Record<string, number> = {};
  for (const name of names.sort()) {
    const query = `select count(*) as n from "${name}"`;
    counts[name] = isPostgres
      ? Number((await (db as unknown as { execute: (q: unknown) => Promise<{ rows: { n: string }[] }> }).execute(sql.raw(query))).rows[0]!.n)
      : (sqlite!.prepare(query).get() as { n: number }).n;
  }
  return counts;
}

/** Every table but the studio's previews and the rate-limit counters, which are expected to change. */
const learnerSide = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).filter(([name]) => name !== "quiz_previews" && name !== "rate_limits"));

type PreviewBody = { preview: { seq: number; view: { state: string; current: { question: { id: string } } | null; feedback: { isCorrect: boolean } | null; result: { percent: number; isPassed: boolean } | null } } };

async function page(previewId: string, cookie = trainer.cookie) {
  const answer = await call(previewPage.loader as never, getRequest(`/studio/previews/${previewId}`, { cookie }), { previewId });
  return answer;
}

async function send(previewId: string, fields: Record<string, string>) {
  const { preview } = (await page(previewId)).body as PreviewBody;
  const answer = await call(previewPage.action as never, formRequest(`/studio/previews/${previewId}`, { seq: String(preview.seq), ...fields }, { cookie: trainer.cookie }), { previewId });
  expect(answer.status, JSON.stringify(answer.body)).toBe(302);
  return (await page(previewId)).body as PreviewBody;
}

async function start(quizId = "introduction-quiz") {
  const started = await call(draftQuizzes.action as never, formRequest(`/studio/drafts/${draftId}/quizzes`, { quizId }, { cookie: trainer.cookie }), { draftId });
  expect(started.status).toBe(302);
  return started.headers.get("Location")!.split("/").pop()!;
}

describe("quiz preview", () => {
  it("lists the draft's quizzes, compiled from its files", async () => {
    const list = await call(draftQuizzes.loader as never, getRequest(`/studio/drafts/${draftId}/quizzes`, { cookie: trainer.cookie }), { draftId });
    expect(list.status).toBe(200);
    const body = list.body as { errors: string[]; quizzes: { quizId: string; questionCount: number; scenarioCount: number }[] };
    expect(body.errors, body.errors.join("\n")).toEqual([]);
    expect(body.quizzes).toEqual([expect.objectContaining({ quizId: "introduction-quiz", questionCount: 3, scenarioCount: 1 })]);
  });

  it("takes a draft's quiz to the end with the learner's grading and records nothing for learners or statistics", async () => {
    const before = await rowCounts();
    const previewId = await start();

    let screen = (await page(previewId)).body as PreviewBody;
    expect(screen.preview.view.state).toBe("question");
    expect(screen.preview.view.current!.question.id).toBe("q1");
    // Nothing of the answers reaches the question page before it is answered.
    const html = JSON.stringify(screen);
    expect(html).not.toContain("correct");
    expect(html).not.toContain("article 3 defines it");

    screen = await send(previewId, { intent: "ANSWER", questionId: "q1", option: "protocol" });
    expect(screen.preview.view.state).toBe("feedback");
    expect(screen.preview.view.feedback!.isCorrect).toBe(true);
    expect(JSON.stringify(screen)).toContain("Yes: article 3 defines it.");

    screen = await send(previewId, { intent: "NEXT" });
    expect(screen.preview.view.current!.question.id).toBe("q2");
    screen = await send(previewId, { intent: "ANSWER", questionId: "q2", value: "true" });
    expect(screen.preview.view.feedback!.isCorrect).toBe(false);
    expect(JSON.stringify(screen)).toContain("No: article 3(b) makes consent irrelevant.");

    screen = await send(previewId, { intent: "NEXT" });
    expect(screen.preview.view.current!.question.id).toBe("q3");
    screen = await send(previewId, { intent: "ANSWER", questionId: "q3", stepId: "act", option: "recruitment" });
    expect(screen.preview.view.feedback!.isCorrect).toBe(true);
    screen = await send(previewId, { intent: "NEXT" });
    screen = await send(previewId, { intent: "ANSWER", questionId: "q3", stepId: "means", value: "true" });
    screen = await send(previewId, { intent: "NEXT" });
    expect(screen.preview.view.state).toBe("review");
    screen = await send(previewId, { intent: "SUBMIT" });
    expect(screen.preview.view.state).toBe("failed");
    // q1 (1 point) and the scenario (2 steps, 2 points) right, q2 wrong: 3 of 4 points, under the pass mark of 80.
    expect(screen.preview.view.result).toMatchObject({ percent: 75, isPassed: false });

    const after = await rowCounts();
    expect(learnerSide(after)).toEqual(learnerSide(before));
    expect(after.quiz_previews).toBe(before.quiz_previews! + 1);
  });

  it("refuses a stale form and an answer to another question, as an attempt does", async () => {
    const previewId = await start();
    const stale = await call(previewPage.action as never, formRequest(`/studio/previews/${previewId}`, { seq: "0", intent: "NEXT" }, { cookie: trainer.cookie }), { previewId });
    expect(stale.status).toBe(409);
    const wrong = await call(
      previewPage.action as never,
      formRequest(`/studio/previews/${previewId}`, { seq: "1", intent: "ANSWER", questionId: "q2", value: "true" }, { cookie: trainer.cookie }),
      { previewId },
    );
    expect(wrong.status).toBe(409);
  });

  it("shows a preview to the person who started it only", async () => {
    const previewId = await start();
    expect((await page(previewId, other.cookie)).status).toBe(404);
    const post = await call(previewPage.action as never, formRequest(`/studio/previews/${previewId}`, { seq: "1", intent: "NEXT" }, { cookie: other.cookie }), { previewId });
    expect(post.status).toBe(404);
  });

  it("starts a published version's quiz the same way", async () => {
    const slug = "preview-quiz-course";
    const list = await call(versionQuizzes.loader as never, getRequest(`/studio/courses/${slug}/versions/${versionId}/quizzes`, { cookie: trainer.cookie }), { slug, versionId });
    expect((list.body as { quizzes: unknown[] }).quizzes).toHaveLength(1);
    const started = await call(
      versionQuizzes.action as never,
      formRequest(`/studio/courses/${slug}/versions/${versionId}/quizzes`, { quizId: "introduction-quiz" }, { cookie: trainer.cookie }),
      { slug, versionId },
    );
    expect(started.status).toBe(302);
    const previewId = started.headers.get("Location")!.split("/").pop()!;
    const screen = (await page(previewId)).body as PreviewBody;
    expect(screen.preview.view.current!.question.id).toBe("q1");
  });

  it("answers 404 for a quiz the draft does not have", async () => {
    const answer = await call(draftQuizzes.action as never, formRequest(`/studio/drafts/${draftId}/quizzes`, { quizId: "no-such-quiz" }, { cookie: trainer.cookie }), { draftId });
    expect(answer.status).toBe(404);
  });

  it("purges previews after a day", async () => {
    const previewId = await start();
    expect(await purgeQuizPreviews(Date.now() + PREVIEW_LIFETIME_MS + 1000)).toBeGreaterThan(0);
    expect((await page(previewId)).status).toBe(404);
  });
});
