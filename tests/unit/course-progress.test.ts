// The completion rule and the "continue" pointer, as pure functions (app/courses/progress.ts).
import { describe, expect, it } from "vitest";
import { courseProgress, nextLessonId, type CourseRequirements } from "~/courses/progress";

// Two modules: three required lessons, one optional one, and a quiz per module.
const COURSE: CourseRequirements = {
  lessons: [
    { lessonId: "act-means-purpose", required: true, minutes: 20 },
    { lessonId: "four-elements", required: true, minutes: 15 },
    { lessonId: "further-reading", required: false, minutes: 30 },
    { lessonId: "referral", required: true, minutes: 10 },
  ],
  quizIds: ["definitions-quiz", "response-quiz"],
};

const record = (lessons: string[] = [], quizzes: string[] = []) => ({
  completedLessonIds: new Set(lessons),
  passedQuizIds: new Set(quizzes),
});

describe("courseProgress", () => {
  it("starts at zero with every lesson's minutes left", () => {
    expect(courseProgress(COURSE, record())).toEqual({
      lessonsDone: 0,
      lessonsRequired: 3,
      quizzesPassed: 0,
      quizzesRequired: 2,
      percent: 0,
      minutesLeft: 75,
      isComplete: false,
    });
  });

  it("counts only required lessons towards the lessons done and the percent", () => {
    const progress = courseProgress(COURSE, record(["further-reading"]));
    expect(progress.lessonsDone).toBe(0);
    expect(progress.percent).toBe(0);
  });

  it("still subtracts an optional lesson's minutes from the time left once it is read", () => {
    expect(courseProgress(COURSE, record(["further-reading"])).minutesLeft).toBe(45);
  });

  it("counts each required lesson and passed quiz as one step of the percent, rounded", () => {
    // 2 of 5 steps
    expect(courseProgress(COURSE, record(["act-means-purpose"], ["definitions-quiz"])).percent).toBe(40);
    // 1 of 5 steps: a required lesson counts the same whichever module it is in
    expect(courseProgress(COURSE, record(["referral"])).percent).toBe(20);
    // 4 of 5 steps
    expect(courseProgress(COURSE, record(["act-means-purpose", "four-elements", "referral"], ["response-quiz"])).percent).toBe(80);
  });

  it("rounds a third to 33 and two thirds to 67", () => {
    const threeSteps: CourseRequirements = {
      lessons: [
        { lessonId: "a", required: true, minutes: 5 },
        { lessonId: "b", required: true, minutes: 5 },
      ],
      quizIds: ["q"],
    };
    expect(courseProgress(threeSteps, record(["a"])).percent).toBe(33);
    expect(courseProgress(threeSteps, record(["a", "b"])).percent).toBe(67);
  });

  it("is not complete when every required lesson is done but a quiz is not passed", () => {
    const progress = courseProgress(COURSE, record(["act-means-purpose", "four-elements", "referral"], ["definitions-quiz"]));
    expect(progress).toMatchObject({ lessonsDone: 3, quizzesPassed: 1, isComplete: false });
    expect(progress.percent).toBe(80);
  });

  it("is not complete when every quiz is passed but a required lesson is not done", () => {
    const progress = courseProgress(COURSE, record(["act-means-purpose", "four-elements"], ["definitions-quiz", "response-quiz"]));
    expect(progress.isComplete).toBe(false);
  });

  it("is complete without the optional lesson, which then is all the time left", () => {
    const progress = courseProgress(COURSE, record(["act-means-purpose", "four-elements", "referral"], ["definitions-quiz", "response-quiz"]));
    expect(progress).toMatchObject({ isComplete: true, percent: 100, lessonsDone: 3, quizzesPassed: 2, minutesLeft: 30 });
  });

  it("has nothing left once the optional lesson is read too", () => {
    const all = record(["act-means-purpose", "four-elements", "further-reading", "referral"], ["definitions-quiz", "response-quiz"]);
    expect(courseProgress(COURSE, all)).toMatchObject({ isComplete: true, percent: 100, minutesLeft: 0 });
  });

  it("ignores completions and passes of lessons and quizzes the course no longer has", () => {
    const progress = courseProgress(COURSE, record(["removed-lesson", "referral"], ["removed-quiz"]));
    expect(progress).toMatchObject({ lessonsDone: 1, quizzesPassed: 0, percent: 20, minutesLeft: 65, isComplete: false });
  });

  it("treats a course with nothing required as complete at 100%", () => {
    const optionalOnly: CourseRequirements = { lessons: [{ lessonId: "extra", required: false, minutes: 12 }], quizIds: [] };
    expect(courseProgress(optionalOnly, record())).toMatchObject({ percent: 100, isComplete: true, minutesLeft: 12 });
  });
});

describe("nextLessonId", () => {
  const ORDER = ["one", "two", "three", "four"];

  it("starts at the first lesson when nothing is done", () => {
    expect(nextLessonId(ORDER, new Set(), null)).toBe("one");
  });

  it("resumes at the lesson after the last one completed", () => {
    expect(nextLessonId(ORDER, new Set(["one", "two"]), "two")).toBe("three");
  });

  it("skips lessons already done after the last completed one", () => {
    // Read "three" and "four" earlier, then went back to "one".
    expect(nextLessonId(ORDER, new Set(["one", "three", "four"]), "one")).toBe("two");
    expect(nextLessonId(ORDER, new Set(["one", "two", "three"]), "two")).toBe("four");
  });

  it("wraps around to the first lesson not done when the last completed one is at the end", () => {
    expect(nextLessonId(ORDER, new Set(["three", "four"]), "four")).toBe("one");
    expect(nextLessonId(ORDER, new Set(["one", "three", "four"]), "four")).toBe("two");
  });

  it("wraps around past lessons done after the last completed one", () => {
    expect(nextLessonId(ORDER, new Set(["one", "three", "four"]), "three")).toBe("two");
  });

  it("returns null when every lesson is done", () => {
    expect(nextLessonId(ORDER, new Set(ORDER), "two")).toBeNull();
    expect(nextLessonId(ORDER, new Set(ORDER), "four")).toBeNull();
  });

  it("starts from the beginning when the last completed lesson is no longer in the course", () => {
    expect(nextLessonId(ORDER, new Set(["removed", "one"]), "removed")).toBe("two");
  });

  it("returns null for a course without lessons", () => {
    expect(nextLessonId([], new Set(), null)).toBeNull();
  });
});
