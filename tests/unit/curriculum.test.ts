// The five core courses as the curriculum issue defines them: shape, coverage and integrity of every course in
// courses/, checked on what the loader produces (so what learners get), not on the raw files.
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Question, QuizDefinition, ScenarioQuestion } from "~/courses/format";
import { loadAllCourses, type LoadedCourse } from "~/courses/load.server";

const CORE_COURSES = [
  "iml-foundations",
  "trafficking-vs-smuggling",
  "immigration-detention",
  "migrant-workers-rights",
  "anti-discrimination-judiciary",
];
const QUESTION_TYPES = ["single", "multiple", "true-false", "matching", "ordering", "scenario"] as const;

const results = loadAllCourses(path.resolve("courses"));
const courses = new Map(results.filter((r) => r.course).map((r) => [r.folder, r.course!]));

function quizzesOf(course: LoadedCourse): QuizDefinition[] {
  return course.modules.map((m) => m.quiz[course.meta.defaultLanguage]!);
}

function scenarioGraph(question: ScenarioQuestion) {
  const steps = new Map(question.steps.map((s) => [s.id, s]));
  const nextOf = (id: string) => {
    const step = steps.get(id)!;
    const targets = new Set<string>();
    if ("options" in step) for (const o of step.options) if (o.next) targets.add(o.next);
    if (step.next) targets.add(step.next);
    return [...targets];
  };
  return { steps, nextOf };
}

/** Normalised prompt (and case) text, so two questions differing only in spacing or case count as duplicates. */
function fingerprint(question: Question) {
  const text = question.type === "scenario" ? `${question.prompt} ${question.case}` : question.prompt;
  return text.toLowerCase().replace(/<[^>]+>/g, " ").replace(/\W+/g, " ").trim();
}

it("has every core course, all valid", () => {
  for (const result of results) expect(result.errors, result.folder).toEqual([]);
  expect([...courses.keys()]).toEqual(expect.arrayContaining(CORE_COURSES));
});

describe.each(CORE_COURSES)("%s", (slug) => {
  const course = courses.get(slug)!;
  const lang = course?.meta.defaultLanguage;

  it("has 3 to 5 modules of 2 to 4 lessons, each lesson 400 to 1,200 words in every language", () => {
    expect(course.modules.length).toBeGreaterThanOrEqual(3);
    expect(course.modules.length).toBeLessThanOrEqual(5);
    for (const module of course.modules) {
      expect(module.lessons.length, module.id).toBeGreaterThanOrEqual(2);
      expect(module.lessons.length, module.id).toBeLessThanOrEqual(4);
      for (const lesson of module.lessons) {
        for (const [language, words] of Object.entries(lesson.wordCount)) {
          expect(words, `${lesson.file} (${language})`).toBeGreaterThanOrEqual(400);
          expect(words, `${lesson.file} (${language})`).toBeLessThanOrEqual(1200);
        }
      }
    }
  });

  it("has a module quiz of 8 to 12 questions, at least 40% of them application", () => {
    for (const quiz of quizzesOf(course)) {
      expect(quiz.questions.length, quiz.id).toBeGreaterThanOrEqual(8);
      expect(quiz.questions.length, quiz.id).toBeLessThanOrEqual(12);
      const application = quiz.questions.filter((q) => q.level === "application").length;
      expect(application / quiz.questions.length, quiz.id).toBeGreaterThanOrEqual(0.4);
    }
  });

  it("uses every question type and at least one branching scenario", () => {
    const questions = quizzesOf(course).flatMap((q) => q.questions);
    expect(new Set(questions.map((q) => q.type))).toEqual(new Set(QUESTION_TYPES));
    const branching = questions.filter(
      (q): q is ScenarioQuestion =>
        q.type === "scenario" && q.steps.some((s) => "options" in s && new Set(s.options.map((o) => o.next ?? s.next)).size > 1),
    );
    expect(branching.length).toBeGreaterThanOrEqual(1);
  });

  it("tests every module objective with at least one question", () => {
    for (const module of course.modules) {
      const tested = new Set(module.quiz[lang]!.questions.map((q) => q.objective));
      for (const objective of module.objectives[lang]!) expect(tested.has(objective.id), `${module.id}: ${objective.id}`).toBe(true);
    }
  });

  it("resolves every citation to the bibliography", () => {
    const keys = new Set(course.bibliography.map((b) => b.key));
    for (const quiz of quizzesOf(course)) {
      for (const question of quiz.questions) {
        expect(keys.has(question.citation.split(",")[0].trim()), `${quiz.id}/${question.id}: ${question.citation}`).toBe(true);
      }
    }
    // Lesson citations are compiled into footnotes naming the source; an unknown key would not have compiled.
    for (const module of course.modules) {
      for (const lesson of module.lessons) expect(lesson.html[lang], lesson.file).toContain('class="footnotes"');
    }
  });

  it("gives every option and item feedback, every question an explanation and a citation", () => {
    for (const question of quizzesOf(course).flatMap((q) => q.questions)) {
      expect(question.explanation.length, question.id).toBeGreaterThan(20);
      expect(question.citation.length, question.id).toBeGreaterThan(0);
      const targets = question.type === "scenario" ? question.steps : [question];
      for (const target of targets) {
        if ("options" in target) for (const o of target.options) expect(o.feedback.length, `${question.id}/${o.id}`).toBeGreaterThan(10);
        if ("items" in target) for (const i of target.items) expect(i.feedback.length, `${question.id}/${i.id}`).toBeGreaterThan(10);
        if (target.type === "true-false") expect(target.feedback.true && target.feedback.false, question.id).toBeTruthy();
      }
    }
  });

  it("can reach every scenario step and ends every path", () => {
    for (const question of quizzesOf(course).flatMap((q) => q.questions)) {
      if (question.type !== "scenario") continue;
      const { steps, nextOf } = scenarioGraph(question);
      const reached = new Set<string>();
      const walk = (id: string, trail: string[]) => {
        expect(trail.includes(id), `${question.id}: cycle through ${id}`).toBe(false);
        reached.add(id);
        for (const next of nextOf(id)) walk(next, [...trail, id]);
      };
      walk(question.start, []);
      expect([...reached].sort(), question.id).toEqual([...steps.keys()].sort());
    }
  });

  it("has no two questions alike", () => {
    const all = quizzesOf(course).flatMap((q) => q.questions);
    const prints = all.map(fingerprint);
    expect(new Set(prints).size).toBe(prints.length);
    expect(new Set(all.map((q) => q.id)).size).toBe(all.length);
  });

  it("states audiences, hours, credits and a pass mark", () => {
    expect(course.meta.audiences.length).toBeGreaterThan(0);
    expect(course.meta.estimatedHours).toBeGreaterThan(0);
    expect(course.meta.passMark).toBeGreaterThanOrEqual(70);
  });
});

it("offers the trafficking and smuggling course in French, every lesson and quiz", () => {
  const course = courses.get("trafficking-vs-smuggling")!;
  expect(course.meta.languages).toContain("fr");
  for (const module of course.modules) {
    expect(module.quiz.fr, module.id).toBeDefined();
    for (const lesson of module.lessons) expect(lesson.html.fr, lesson.file).toBeDefined();
  }
});

it("gives detention and trafficking certificates a validity period", () => {
  expect(courses.get("immigration-detention")!.meta.certificateValidityMonths).toBe(24);
  expect(courses.get("trafficking-vs-smuggling")!.meta.certificateValidityMonths).toBe(24);
});
