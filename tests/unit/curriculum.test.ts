// The curriculum as the curriculum issues define it: the shape of the five core courses, and the coverage,
// integrity, translation parity and official terminology of every course in courses/ (new courses and Spanish
// editions included without editing this file), checked on what the loader produces (so what learners get).
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Language, Question, QuizDefinition, ScenarioQuestion } from "~/courses/format";
import { loadAllCourses, type LoadedCourse } from "~/courses/load.server";

const CORE_COURSES = [
  "iml-foundations",
  "trafficking-vs-smuggling",
  "immigration-detention",
  "migrant-workers-rights",
  "anti-discrimination-judiciary",
];
const QUESTION_TYPES = ["single", "multiple", "true-false", "matching", "ordering", "scenario"] as const;

// COURSES_DIR, as for courses:check, lets a content branch run the curriculum checks on its own tree.
const results = loadAllCourses(path.resolve(process.env.COURSES_DIR ?? "courses"));
const courses = new Map(results.filter((r) => r.course).map((r) => [r.folder, r.course!]));
const ALL_COURSES = results.map((r) => r.folder);
const NEW_COURSES = ALL_COURSES.filter((slug) => !CORE_COURSES.includes(slug));

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


/** Ids of a quiz in order, down to scenario steps and options: what a translation must keep. */
function quizStructure(quiz: QuizDefinition) {
  return quiz.questions.map((q) => ({
    id: q.id,
    type: q.type,
    parts:
      q.type === "scenario"
        ? q.steps.map((s) => [s.id, "options" in s ? s.options.map((o) => o.id) : []])
        : "options" in q
          ? q.options.map((o) => o.id)
          : "items" in q
            ? q.items.map((i) => i.id)
            : [],
  }));
}

/** The callouts of a compiled lesson in order: a translation keeps the lesson's key points, cases and cautions. */
const calloutsOf = (html: string) => [...html.matchAll(/class="callout (callout-[a-z-]+)"/g)].map((m) => m[1]);

function plainText(html: string) {
  return html.replace(/<[^>]+>/g, " ").replace(/&[a-z#0-9]+;/gi, " ");
}

/**
 * The official treaty terms of each language for the two crimes (UNTOC Protocols, authentic texts): where the
 * English text speaks of trafficking or smuggling, the translation must use them, and must not use the
 * mistranslation that confuses the two.
 */
const OFFICIAL_TERMS: Partial<Record<Language, { trafficking: [string, RegExp]; smuggling: [string, RegExp]; wrong: RegExp }>> = {
  // "traite" alone after the first mention, but not "traité" (a treaty).
  fr: {
    trafficking: ["traite des personnes", /traite des (?:personnes|êtres humains)|traite(?!\p{L})/iu],
    smuggling: ["trafic illicite de migrants", /trafic illicite/iu],
    wrong: /trafic d['’]êtres humains|trafic de personnes/iu,
  },
  // "trata" alone after the first mention, but not "tratado" (a treaty).
  es: {
    trafficking: ["trata de personas", /trata(?!\p{L})/iu],
    smuggling: ["tráfico ilícito de migrantes", /tráfico ilícito/iu],
    wrong: /tráfico de personas|tráfico de seres humanos/iu,
  },
};

/** Problems with the terms of one translated text against its English original; empty when it is right. */
function termProblems(english: string, translated: string, language: Language): string[] {
  const terms = OFFICIAL_TERMS[language];
  if (!terms) return [];
  const problems: string[] = [];
  if (/trafficking/i.test(english) && !terms.trafficking[1].test(translated)) problems.push(`no "${terms.trafficking[0]}" where the English says trafficking`);
  if (/smuggling|smuggled/i.test(english) && !terms.smuggling[1].test(translated)) problems.push(`no "${terms.smuggling[0]}" where the English says smuggling`);
  const wrong = terms.wrong.exec(translated);
  if (wrong) problems.push(`"${wrong[0]}" is not the official term`);
  return problems;
}

/** The translated languages of a course: those listed, and those any lesson or quiz has a file for. */
function translatedLanguages(course: LoadedCourse): Language[] {
  const found = new Set<Language>(course.meta.languages);
  for (const module of course.modules) {
    for (const lesson of module.lessons) for (const language of Object.keys(lesson.html)) found.add(language as Language);
    for (const language of Object.keys(module.quiz)) found.add(language as Language);
  }
  found.delete(course.meta.defaultLanguage);
  return [...found];
}

it("has every core course, all valid", () => {
  for (const result of results) expect(result.errors, result.folder).toEqual([]);
  expect([...courses.keys()]).toEqual(expect.arrayContaining(CORE_COURSES));
});

describe.each(CORE_COURSES)("%s (core course)", (slug) => {
  const course = courses.get(slug)!;

  it("has 3 to 5 modules of 2 to 4 lessons", () => {
    expect(course.modules.length).toBeGreaterThanOrEqual(3);
    expect(course.modules.length).toBeLessThanOrEqual(5);
    for (const module of course.modules) {
      expect(module.lessons.length, module.id).toBeGreaterThanOrEqual(2);
      expect(module.lessons.length, module.id).toBeLessThanOrEqual(4);
    }
  });

  it("uses every question type", () => {
    const questions = quizzesOf(course).flatMap((q) => q.questions);
    expect(new Set(questions.map((q) => q.type))).toEqual(new Set(QUESTION_TYPES));
  });
});

// Issue 15: a new course has at least 8 lessons.
describe.each(NEW_COURSES.length > 0 ? NEW_COURSES : ["(no new course yet)"])("%s (new course)", (slug) => {
  it.skipIf(!courses.has(slug))("has at least 8 lessons", () => {
    expect(courses.get(slug)!.modules.flatMap((m) => m.lessons).length).toBeGreaterThanOrEqual(8);
  });
});

describe.each(ALL_COURSES)("%s", (slug) => {
  const course = courses.get(slug)!;
  const lang = course?.meta.defaultLanguage;

  it("has lessons of 400 to 1,200 words in every language", () => {
    for (const module of course.modules) {
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

  // Issue 15: at least half of a course's questions put a realistic fact pattern to the learner.
  it("has at least 50 % application questions over the course", () => {
    const questions = quizzesOf(course).flatMap((q) => q.questions);
    const application = questions.filter((q) => q.level === "application").length;
    expect(application / questions.length).toBeGreaterThanOrEqual(0.5);
  });

  it("has at least one branching scenario", () => {
    const questions = quizzesOf(course).flatMap((q) => q.questions);
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

describe.each(ALL_COURSES.flatMap((slug) => (courses.has(slug) ? translatedLanguages(courses.get(slug)!).map((language) => [slug, language] as const) : [])))(
  "%s in %s",
  (slug, language) => {
    const course = courses.get(slug)!;
    const lang = course.meta.defaultLanguage;
    const isListed = course.meta.languages.includes(language);

    it("keeps the source's structure: the same ids in the same order", () => {
      for (const module of course.modules) {
        const quiz = module.quiz[language];
        if (isListed) expect(quiz, `${module.id} quiz`).toBeDefined();
        if (quiz) {
          expect(quiz.id).toBe(module.quiz[lang]!.id);
          expect(quizStructure(quiz), module.id).toEqual(quizStructure(module.quiz[lang]!));
        }
        const objectives = module.objectives[language];
        if (objectives) expect(objectives.map((o) => o.id), module.id).toEqual(module.objectives[lang]!.map((o) => o.id));
        for (const lesson of module.lessons) {
          const html = lesson.html[language];
          if (isListed) expect(html, lesson.file).toBeDefined();
          if (html) expect(calloutsOf(html), lesson.file).toEqual(calloutsOf(lesson.html[lang]!));
        }
      }
    });

    it.skipIf(lang !== "en" || !OFFICIAL_TERMS[language])("uses the official terms for trafficking and smuggling", () => {
      for (const module of course.modules) {
        for (const lesson of module.lessons) {
          const html = lesson.html[language];
          if (html) expect(termProblems(plainText(lesson.html.en!), plainText(html), language), lesson.file).toEqual([]);
        }
        const quiz = module.quiz[language];
        if (quiz) expect(termProblems(JSON.stringify(module.quiz.en), JSON.stringify(quiz), language), `${module.id} quiz`).toEqual([]);
      }
      // Somewhere in the course, each term in full, as the Protocols' authentic texts give it.
      const all = course.modules.flatMap((m) => m.lessons.map((l) => plainText(l.html[language] ?? ""))).join(" ").toLowerCase();
      const english = course.modules.flatMap((m) => m.lessons.map((l) => plainText(l.html.en!))).join(" ");
      const terms = OFFICIAL_TERMS[language]!;
      if (/trafficking/i.test(english)) expect(all).toContain(terms.trafficking[0]);
      if (/smuggling/i.test(english)) expect(all).toContain(terms.smuggling[0]);
    });
  },
);

describe("the official-terms check", () => {
  it("accepts the treaty terms and refuses the mistranslation that confuses the two crimes", () => {
    const english = "Trafficking in persons is not the smuggling of migrants.";
    expect(termProblems(english, "La trata de personas no es el tráfico ilícito de migrantes.", "es")).toEqual([]);
    expect(termProblems(english, "El tráfico de personas no es el tráfico ilícito de migrantes.", "es")).toEqual([
      'no "trata de personas" where the English says trafficking',
      '"tráfico de personas" is not the official term',
    ]);
    expect(termProblems(english, "La traite des personnes n'est pas le trafic illicite de migrants.", "fr")).toEqual([]);
    expect(termProblems(english, "Le traité ne vise pas le passage clandestin.", "fr")).toEqual([
      'no "traite des personnes" where the English says trafficking',
      'no "trafic illicite de migrants" where the English says smuggling',
    ]);
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
