// Question analytics for trainers (issue 13, ADR 0028): the quiz capability's graded responses of one course version,
// turned into aggregates by item-statistics.ts and labelled in the trainer's language. Aggregates only: no learner
// id, name or single answer leaves this module.
import { listCourseVersions, listCoursesForTrainers, quizzesOfVersion } from "~/courses/course-versions.server";
import { versionMetaOf } from "~/courses/courses.server";
import type { QuizDefinition } from "~/courses/format";
import { localize } from "~/courses/localize";
import { sourceIn } from "~/courses/sources";
import { db } from "~/db.server";
import { NotFoundError } from "~/errors";
import { quizDefinitionOf } from "~/quiz/definitions.server";
import { submittedAttemptCounts, submittedResponsesForQuizVersion } from "~/quiz/responses.server";
import { MIN_LEARNERS, quizStatistics, type QuizStatistics } from "./item-statistics";

type Locale = "en" | "fr" | "es";

// Statistics are recomputed only when the graded attempts of a quiz version change (a new submission moves the count
// or the latest submission time), so a trainer browsing the pages, or the overview summing flags over every quiz,
// costs one aggregate query rather than re-reading every attempt.
const CACHE_LIMIT = 200;
const cache = new Map<string, { fingerprint: string; statistics: Promise<QuizStatistics> }>();

type CountRow = Awaited<ReturnType<typeof submittedAttemptCounts>>[number];
const fingerprintOf = (row: CountRow | undefined) => (row ? `${row.attempts}:${row.learners}:${row.lastSubmittedAt}` : "0");

function statisticsOf(versionId: string, quizId: string, quiz: QuizDefinition, counts: CountRow | undefined): Promise<QuizStatistics> {
  const key = `${versionId}\u0000${quizId}`;
  const fingerprint = fingerprintOf(counts);
  const cached = cache.get(key);
  if (cached?.fingerprint === fingerprint) return cached.statistics;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  const statistics = counts ? submittedResponsesForQuizVersion(versionId, quizId).then((responses) => quizStatistics(quiz, responses)) : Promise.resolve(quizStatistics(quiz, []));
  cache.set(key, { fingerprint, statistics });
  statistics.catch(() => cache.delete(key));
  return statistics;
}

/** For the bench and tests: measure or check the computation itself, not the cache. */
export function forgetAnalyticsCache() {
  cache.clear();
}

const countKey = (versionId: string, quizId: string) => `${versionId}\u0000${quizId}`;

/** Every course with the quizzes of its live version (or newest, if none is live), their attempts and flags. */
export async function analyticsOverview(locale: Locale) {
  const courses = await listCoursesForTrainers(locale);
  const counts = new Map((await submittedAttemptCounts(courses.map((c) => c.versionId))).map((row) => [countKey(row.versionId, row.quizId), row]));
  return Promise.all(
    courses.map(async (course) => {
      const meta = await versionMetaOf(db, course.versionId);
      const quizzes = await Promise.all(
        (await quizzesOfVersion(course.versionId, locale)).map(async ({ quizId, moduleTitle }) => {
          const { quiz } = await quizDefinitionOf(db, course.versionId, quizId, locale, meta.defaultLanguage);
          const row = counts.get(countKey(course.versionId, quizId));
          const statistics = row && row.learners >= MIN_LEARNERS ? await statisticsOf(course.versionId, quizId, quiz, row) : null;
          return {
            quizId,
            title: quiz.title,
            moduleTitle,
            attempts: row?.attempts ?? 0,
            learners: row?.learners ?? 0,
            hasEnoughData: statistics?.hasEnoughData ?? false,
            flaggedQuestions: statistics ? statistics.questions.filter((q) => q.hasEnoughData && q.flags.length > 0).length : null,
          };
        }),
      );
      return { slug: course.slug, title: course.title, isLive: course.isLive, quizzes };
    }),
  );
}

/** Display text of each thing a breakdown names (options, items, categories, steps), in the trainer's language. */
function labelsOf(quiz: QuizDefinition) {
  const labels: Record<string, Record<string, string>> = {};
  for (const question of quiz.questions) {
    const own: Record<string, string> = {};
    switch (question.type) {
      case "single":
      case "multiple":
        for (const option of question.options) own[option.id] = option.text;
        break;
      case "matching":
        for (const item of question.items) own[item.id] = item.text;
        for (const category of question.categories) own[`category:${category.id}`] = category.text;
        break;
      case "ordering":
        for (const item of question.items) own[item.id] = item.text;
        break;
      case "scenario":
        for (const step of question.steps) {
          own[step.id] = step.prompt;
          if (step.type !== "true-false") for (const option of step.options) own[`${step.id}/${option.id}`] = option.text;
        }
        break;
      case "true-false":
        break;
    }
    labels[question.id] = own;
  }
  return labels;
}

/**
 * The analytics of one quiz of one version (`versionId`, or the live version, else the newest): per question the
 * statistics with its text in the trainer's language (falling back to the course's), and the citation roll-ups.
 */
export async function quizAnalytics(slug: string, quizId: string, requestedVersionId: string | undefined, locale: Locale) {
  const versions = await listCourseVersions(slug);
  const version = requestedVersionId ? versions.find((v) => v.id === requestedVersionId) : (versions.find((v) => v.isLive) ?? versions[0]);
  if (!version) throw new NotFoundError();
  const quizzes = await quizzesOfVersion(version.id, locale);
  const entry = quizzes.find((q) => q.quizId === quizId);
  if (!entry) throw new NotFoundError();
  const meta = await versionMetaOf(db, version.id);
  const { quiz, language } = await quizDefinitionOf(db, version.id, quizId, locale, meta.defaultLanguage);
  const counts = (await submittedAttemptCounts([version.id])).find((row) => row.quizId === quizId);
  const statistics = await statisticsOf(version.id, quizId, quiz, counts);
  const sources = Object.fromEntries(meta.bibliography.map((entry) => [entry.key, sourceIn(entry, locale).short]));
  const labels = labelsOf(quiz);
  return {
    course: { slug, title: localize(meta.title, locale, meta.defaultLanguage) },
    version: { id: version.id, label: version.label, isLive: version.isLive },
    versions,
    quiz: { id: quiz.id, title: quiz.title, moduleTitle: entry.moduleTitle, language },
    submittedAttempts: statistics.submittedAttempts,
    learners: statistics.learners,
    hasEnoughData: statistics.hasEnoughData,
    questions: statistics.questions.map((stats, index) => ({
      number: index + 1,
      prompt: quiz.questions[index].prompt,
      labels: labels[stats.questionId],
      source: sources[stats.citation.key] ?? stats.citation.key,
      stats,
    })),
    byCitation: statistics.byCitation.map((row) => ({ ...row, source: sources[row.key] ?? row.key })),
    byInstrument: statistics.byInstrument.map((row) => ({ ...row, source: sources[row.key] ?? row.key })),
  };
}

export type QuizAnalytics = Awaited<ReturnType<typeof quizAnalytics>>;
