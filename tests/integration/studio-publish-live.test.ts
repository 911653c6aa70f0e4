// Publishing from the studio while a learner is mid-course and mid-attempt (issue 13): the attempt finishes on the
// version it started, lesson progress (keyed to stable ids) survives, and a new attempt uses the new version.
import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { getCourseForLearner } from "~/courses/courses.server";
import { enrol, markLessonComplete } from "~/courses/enrolment.server";
import { db } from "~/db.server";
import { getAttemptPage, sendAttemptEvent, startQuizAttempt } from "~/quiz/attempts.server";
import { readDraftFile, saveDraftFile } from "~/studio/drafts.server";
import { approveDraft, createCourseDraft, draftFromVersion, publishDraft, submitDraft } from "~/studio/workflow.server";
import { insertAccount } from "../support/accounts";
import { freshDatabase } from "./db";
import { quizAttempts } from "#db/tables";

const SLUG = "live-publication";
const QUIZ = "introduction-quiz";
const OLD_PROMPT = "Which instrument defines trafficking in persons?";
const NEW_PROMPT = "Which treaty defines trafficking in persons?";

beforeAll(freshDatabase);

it("an attempt finishes on its version, progress survives, and the next attempt uses the new version", async () => {
  const author = { ...(await insertAccount({ role: "trainer" })), role: "trainer" as const, isReviewer: false };
  const reviewer = { ...(await insertAccount({ role: "trainer", isReviewer: true })), role: "trainer" as const, isReviewer: true };
  const first = await createCourseDraft(author, { slug: SLUG, title: "Live publication" });
  await submitDraft(author, first, "First version");
  await approveDraft(reviewer, first, "");
  const v1 = ((await publishDraft(author, first)) as { versionId: string }).versionId;

  const learner = await insertAccount();
  await enrol(learner.id, SLUG);
  await markLessonComplete(learner.id, SLUG, "overview");
  const attemptId = await startQuizAttempt(learner.id, SLUG, QUIZ, "en");

  // A trainer rewords the question and publishes while the attempt is open.
  const draftId = await draftFromVersion(author, SLUG);
  const quiz = await readDraftFile(draftId, "01-introduction/quiz.yaml");
  await saveDraftFile({ draftId, path: "01-introduction/quiz.yaml", content: { text: quiz.text!.replace(OLD_PROMPT, NEW_PROMPT) }, expectedRevision: quiz.revision, actorId: author.id });
  await submitDraft(author, draftId, "Say treaty");
  await approveDraft(reviewer, draftId, "");
  const v2 = ((await publishDraft(author, draftId)) as { versionId: string }).versionId;
  expect(v2).not.toBe(v1);

  // The open attempt still shows, and is graded on, the version it started on.
  expect(JSON.stringify((await getAttemptPage(learner.id, attemptId, "en")).view)).toContain(OLD_PROMPT);
  await sendAttemptEvent(learner.id, attemptId, { seq: 1, toEvent: (_q, at) => ({ ok: true, event: { type: "ANSWER", questionId: "q1", answer: { optionId: "protocol" }, at } }) });
  await sendAttemptEvent(learner.id, attemptId, { seq: 2, toEvent: (_q, at) => ({ ok: true, event: { type: "REVIEW", at } }) });
  await sendAttemptEvent(learner.id, attemptId, { seq: 3, toEvent: (_q, at) => ({ ok: true, event: { type: "SUBMIT", at } }) });
  const [finished] = await db.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId));
  expect(finished).toMatchObject({ versionId: v1, status: "passed" });

  // Progress keyed to the lesson's stable id survives the new version.
  const course = await getCourseForLearner(SLUG, "en", learner.id);
  expect(course.modules.flatMap((m) => m.lessons).find((l) => l.lessonId === "overview")?.isComplete).toBe(true);

  // A new attempt (another learner's first) starts on the new version with the new wording.
  const other = await insertAccount();
  await enrol(other.id, SLUG);
  const next = await startQuizAttempt(other.id, SLUG, QUIZ, "en");
  const [started] = await db.select().from(quizAttempts).where(eq(quizAttempts.id, next));
  expect(started?.versionId).toBe(v2);
  expect(JSON.stringify((await getAttemptPage(other.id, next, "en")).view)).toContain(NEW_PROMPT);
});
