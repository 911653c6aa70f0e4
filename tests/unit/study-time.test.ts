// The study-time rule of courses/README.md ("Honest study time"), checked against figures computed by hand.
import { describe, expect, it } from "vitest";
import {
  allowedCreditHours,
  courseMinutes,
  isCreditHoursHonest,
  isEstimatedHoursHonest,
  isLessonMinutesHonest,
  lessonMinutes,
  questionMinutes,
  quizMinutes,
} from "~/courses/study-time";

describe("lesson minutes", () => {
  it("are the words divided by 120, rounded up", () => {
    expect(lessonMinutes(0)).toBe(0);
    expect(lessonMinutes(1)).toBe(1);
    expect(lessonMinutes(120)).toBe(1);
    expect(lessonMinutes(121)).toBe(2);
    // 929 ÷ 120 = 7.74…
    expect(lessonMinutes(929)).toBe(8);
  });

  it("accept a declared figure within max(2 minutes, 25 % of the computed one)", () => {
    // Computed 8: tolerance max(2, 2) = 2, so 6 to 10.
    expect(isLessonMinutesHonest(6, 8)).toBe(true);
    expect(isLessonMinutesHonest(10, 8)).toBe(true);
    expect(isLessonMinutesHonest(5, 8)).toBe(false);
    expect(isLessonMinutesHonest(11, 8)).toBe(false);
    // Computed 20: tolerance max(2, 5) = 5, so 15 to 25.
    expect(isLessonMinutesHonest(25, 20)).toBe(true);
    expect(isLessonMinutesHonest(26, 20)).toBe(false);
    expect(isLessonMinutesHonest(15, 20)).toBe(true);
    // Computed 1: tolerance 2, so up to 3.
    expect(isLessonMinutesHonest(3, 1)).toBe(true);
    expect(isLessonMinutesHonest(4, 1)).toBe(false);
  });
});

describe("question and quiz minutes", () => {
  it("give a recall question 1 minute and an application question 2", () => {
    expect(questionMinutes({ type: "single", level: "recall" })).toBe(1);
    expect(questionMinutes({ type: "matching", level: "application" })).toBe(2);
  });

  it("give a scenario its case reading time, rounded up, plus 1.5 minutes per step on its longest path", () => {
    // ⌈250 ÷ 120⌉ = 3, plus 1.5 × 3 = 4.5: 7.5.
    expect(questionMinutes({ type: "scenario", level: "application", caseWords: 250, longestPathSteps: 3 })).toBe(7.5);
  });

  it("round the quiz total up, not each question", () => {
    const scenario = { type: "scenario", level: "application", caseWords: 100, longestPathSteps: 1 } as const;
    // 1 + 1.5 = 2.5 per scenario; two of them and a recall question: 6.
    expect(quizMinutes([scenario, scenario, { type: "true-false", level: "recall" }])).toBe(6);
    // One scenario and one recall question: 3.5 → 4.
    expect(quizMinutes([scenario, { type: "true-false", level: "recall" }])).toBe(4);
  });

  it("add up lessons and quizzes into the course minutes", () => {
    expect(courseMinutes([8, 7, 7], [17, 25])).toBe(64);
  });
});

describe("estimated hours", () => {
  it("accept estimatedHours × 60 within max(15 minutes, 15 %) of the course minutes", () => {
    // 122 minutes: tolerance max(15, 18.3) = 18.3, so 103.7 to 140.3 minutes.
    expect(isEstimatedHoursHonest(2, 122)).toBe(true);
    expect(isEstimatedHoursHonest(2.25, 122)).toBe(true); // 135
    expect(isEstimatedHoursHonest(2.5, 122)).toBe(false); // 150
    expect(isEstimatedHoursHonest(1.75, 122)).toBe(true); // 105
    expect(isEstimatedHoursHonest(1.5, 122)).toBe(false); // 90
    // 60 minutes: tolerance 15 (15 % is 9), so 45 to 75.
    expect(isEstimatedHoursHonest(1.25, 60)).toBe(true);
    expect(isEstimatedHoursHonest(1.5, 60)).toBe(false);
    expect(isEstimatedHoursHonest(6, 122)).toBe(false);
  });
});

describe("credit hours", () => {
  it("allow one per 60 minutes, rounded down to the half hour", () => {
    expect(allowedCreditHours(29)).toBe(0);
    expect(allowedCreditHours(30)).toBe(0.5);
    expect(allowedCreditHours(117)).toBe(1.5);
    expect(allowedCreditHours(120)).toBe(2);
    expect(allowedCreditHours(179)).toBe(2.5);
  });

  it("accept 0, or the allowed figure or half an hour less, nothing else", () => {
    expect(isCreditHoursHonest(0, 117)).toBe(true);
    expect(isCreditHoursHonest(1.5, 117)).toBe(true);
    expect(isCreditHoursHonest(1, 117)).toBe(true);
    expect(isCreditHoursHonest(0.5, 117)).toBe(false);
    expect(isCreditHoursHonest(2, 117)).toBe(false);
    expect(isCreditHoursHonest(6, 117)).toBe(false);
    expect(isCreditHoursHonest(0.5, 20)).toBe(false);
  });
});
