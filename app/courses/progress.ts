// The single completion rule and the progress figures derived from it, as pure functions so that lessons, quizzes
// and certificates all agree on what "complete" means.

export type CourseRequirements = {
  lessons: { lessonId: string; required: boolean; minutes: number }[];
  quizIds: string[];
};

export type LearnerRecord = { completedLessonIds: ReadonlySet<string>; passedQuizIds: ReadonlySet<string> };

export function courseProgress(course: CourseRequirements, learner: LearnerRecord) {
  const required = course.lessons.filter((l) => l.required);
  const lessonsDone = required.filter((l) => learner.completedLessonIds.has(l.lessonId)).length;
  const quizzesPassed = course.quizIds.filter((id) => learner.passedQuizIds.has(id)).length;
  const steps = required.length + course.quizIds.length;
  const minutesLeft = course.lessons
    .filter((l) => !learner.completedLessonIds.has(l.lessonId))
    .reduce((sum, l) => sum + l.minutes, 0);
  return {
    lessonsDone,
    lessonsRequired: required.length,
    quizzesPassed,
    quizzesRequired: course.quizIds.length,
    percent: steps === 0 ? 100 : Math.round(((lessonsDone + quizzesPassed) / steps) * 100),
    minutesLeft,
    isComplete: lessonsDone === required.length && quizzesPassed === course.quizIds.length,
  };
}

/**
 * Where "continue" leads: the first lesson not yet done after the last one the learner completed, wrapping to the
 * first one not done; null when every lesson is done.
 */
export function nextLessonId(orderedLessonIds: string[], completed: ReadonlySet<string>, lastCompletedId: string | null) {
  const start = lastCompletedId ? orderedLessonIds.indexOf(lastCompletedId) + 1 : 0;
  const rotated = [...orderedLessonIds.slice(start), ...orderedLessonIds.slice(0, start)];
  return rotated.find((id) => !completed.has(id)) ?? null;
}
