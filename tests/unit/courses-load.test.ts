import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { contentHash, formatCourseError, loadAllCourses, loadCourse } from "~/courses/load.server";

const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url));
const FIXTURE = path.join(FIXTURES, "courses", "fixture-course");
const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh copy of the valid fixture at <tmp>/courses/fixture-course, so error paths read as in the repository. */
function copyFixture(): { root: string; dir: string } {
  const root = mkdtempSync(path.join(tmpdir(), "lexmigra-courses-"));
  temporary.push(root);
  const dir = path.join(root, "courses", "fixture-course");
  cpSync(FIXTURE, dir, { recursive: true });
  return { root, dir };
}

type Edit = [file: string, from: string, to: string];

/** Applies the edits (each `from` must occur exactly once) to a copy and returns its errors as printed. */
function errorsAfter(...edits: Edit[]): string[] {
  return errorsAfterIn([], ...edits);
}

/** As errorsAfter, with some files removed first (a translation that would otherwise repeat the breakage). */
function errorsAfterIn(removed: string[], ...edits: Edit[]): string[] {
  const { root, dir } = copyFixture();
  for (const file of removed) rmSync(path.join(dir, file));
  for (const [file, from, to] of edits) {
    const target = path.join(dir, file);
    const text = readFileSync(target, "utf8");
    if (text.split(from).length !== 2) throw new Error(`"${from}" must occur once in ${file}`);
    writeFileSync(target, text.replace(from, to));
  }
  return loadCourse(dir, { root }).errors.map(formatCourseError);
}

function errorsWith(change: (dir: string) => void): string[] {
  const { root, dir } = copyFixture();
  change(dir);
  return loadCourse(dir, { root }).errors.map(formatCourseError);
}

const C = "courses/fixture-course";
const QUIZ = "01-definitions/quiz.yaml";
const QUIZ_FR = "01-definitions/quiz.fr.yaml";

describe("the valid fixture course", () => {
  const result = loadCourse(FIXTURE, { root: FIXTURES });
  const course = result.course!;

  it("loads with no errors", () => {
    expect(result.errors).toEqual([]);
    expect(result.summary).toEqual({ modules: 2, lessons: 3, words: 55, questions: 7 });
  });

  it("keeps the course metadata and its translation", () => {
    expect(course.slug).toBe("fixture-course");
    expect(course.meta.passMark).toBe(70);
    expect(course.meta.enrolment).toBe("assigned");
    expect(course.meta.prerequisites).toEqual([{ slug: "iml-foundations", required: false }]);
    expect(course.title).toEqual({
      en: "Trafficking and smuggling (test fixture)",
      fr: "Traite et trafic (cours de test)",
    });
    expect(course.objectives.fr).toEqual(["Distinguer la traite du trafic.", "Orienter une victime potentielle."]);
    expect(course.bibliography.map((entry) => entry.key)).toEqual(["tip-protocol", "som-protocol"]);
    expect(course.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("orders modules and lessons by their numeric prefixes", () => {
    expect(course.modules.map((m) => [m.id, m.position])).toEqual([
      ["definitions", 1],
      ["response", 2],
    ]);
    expect(course.modules[0].lessons.map((l) => [l.id, l.position, l.minutes, l.required])).toEqual([
      ["trafficking-definition", 1, 3, true],
      ["smuggling-definition", 2, 2, false],
    ]);
    expect(course.modules[0].title).toEqual({ en: "The two definitions", fr: "Les deux définitions" });
    expect(course.modules[0].objectives.fr?.map((o) => o.id)).toEqual([
      "trafficking-elements",
      "smuggling-elements",
      "distinguish",
    ]);
  });

  it("compiles each lesson in every language it has, and only those", () => {
    const lesson = course.modules[0].lessons[0];
    expect(lesson.file).toBe(`${C}/01-definitions/01-trafficking.md`);
    expect(Object.keys(lesson.html)).toEqual(["en", "fr"]);
    expect(lesson.title).toEqual({ en: "Trafficking in persons", fr: "La traite des personnes" });
    expect(lesson.wordCount).toEqual({ en: 25, fr: 21 });
    expect(lesson.html.en).toContain('<h2 id="three-elements">Three elements</h2>');
    expect(lesson.html.en).toContain('<sup><a href="#fn-1" id="fnref-1">1</a></sup>');
    expect(lesson.html.en).toContain('<aside class="callout callout-case-study" aria-label="Case study: The cleaning job">');
    expect(lesson.html.fr).toContain('<aside class="callout callout-key-point" aria-label="Point clé">');
    expect(lesson.html.fr).toContain('aria-label="Retour au texte"');
    expect(Object.keys(course.modules[0].lessons[1].html)).toEqual(["en"]);
  });

  it("resolves quiz settings against the course and fills in points", () => {
    const quiz = course.modules[0].quiz.en!;
    expect(quiz.settings).toEqual({
      passMark: 70,
      maxAttempts: null,
      cooldownMinutes: 0,
      timeLimitMinutes: null,
      shuffleQuestions: false,
      shuffleOptions: true,
      feedback: "immediate",
      review: "full",
      reviewAfter: "submit",
    });
    expect(course.modules[1].quiz.en!.settings.passMark).toBe(60);
    expect(course.modules[1].quiz.en!.settings.maxAttempts).toBe(3);
    expect(quiz.questions.map((q) => [q.id, q.type, q.points])).toEqual([
      ["child-means", "single", 1],
      ["smuggling-elements", "multiple", 2],
      ["border-required", "true-false", 1],
      ["sort-facts", "matching", 1],
      ["steps-in-order", "ordering", 1],
      // The longest path is classify → reconsider → protect.
      ["minivan", "scenario", 3],
    ]);
  });

  it("compiles a scenario case to HTML with its own footnote ids", () => {
    const scenario = course.modules[0].quiz.en!.questions[5];
    expect(scenario.type).toBe("scenario");
    if (scenario.type !== "scenario") return;
    expect(scenario.case).toContain("<strong>hidden compartment</strong>");
    expect(scenario.case).toContain('<sup><a href="#fn-minivan-1" id="fnref-minivan-1">1</a></sup>');
    expect(scenario.steps.map((step) => step.id)).toEqual(["classify", "reconsider", "protect"]);
  });

  it("gives a translated quiz the original's settings and the translation's text", () => {
    const fr = course.modules[0].quiz.fr!;
    expect(fr.title).toBe("Vérifiez vos connaissances");
    expect(fr.settings).toEqual(course.modules[0].quiz.en!.settings);
    expect(fr.questions[0].prompt).toBe("Quel élément n'est pas requis lorsque la victime a 16 ans ?");
    expect(fr.questions[5].points).toBe(3);
    expect(course.modules[1].quiz.fr).toBeUndefined();
  });

  it("is found by loadAllCourses", () => {
    const all = loadAllCourses(path.join(FIXTURES, "courses"), { root: FIXTURES });
    expect(all.map((r) => [r.folder, r.errors.length])).toEqual([["fixture-course", 0]]);
  });
});

describe("content hash", () => {
  it("is the same for an unchanged course, wherever it lies", () => {
    const { dir } = copyFixture();
    expect(contentHash(dir)).toBe(contentHash(FIXTURE));
    expect(loadCourse(dir).course?.contentHash).toBe(loadCourse(FIXTURE).course?.contentHash);
  });

  it("changes when one character changes", () => {
    const { dir } = copyFixture();
    const file = path.join(dir, "02-response", "01-referral.md");
    writeFileSync(file, readFileSync(file, "utf8").replace("Separate", "separate"));
    expect(contentHash(dir)).not.toBe(contentHash(FIXTURE));
  });

  it("changes when a file is renamed", () => {
    const { dir } = copyFixture();
    cpSync(path.join(dir, "02-response", "01-referral.md"), path.join(dir, "02-response", "02-referral.md"));
    rmSync(path.join(dir, "02-response", "01-referral.md"));
    expect(contentHash(dir)).not.toBe(contentHash(FIXTURE));
  });
});

describe("course rules", () => {
  it("reports a slug that is not the folder name", () => {
    expect(errorsAfter(["course.yaml", "slug: fixture-course", "slug: other-course"])).toEqual([
      `${C}/course.yaml:1: slug "other-course" does not match the folder name "fixture-course"`,
    ]);
  });

  it("reports unknown fields in every kind of file", () => {
    expect(
      errorsAfter(
        ["course.yaml", "creditHours: 0", "creditHours: 0\ncredits: 3"],
        ["01-definitions/module.yaml", "title: The two definitions", "title: The two definitions\ncolour: blue"],
        ["02-response/01-referral.md", "minutes: 3", "minutes: 3\nauthor: me"],
        [QUIZ, "    level: recall\n    prompt: Sort each fact.", "    level: recall\n    hint: none\n    prompt: Sort each fact."],
      ),
    ).toEqual([
      `${C}/course.yaml:10: unknown field "credits"`,
      `${C}/01-definitions/module.yaml:3: unknown field "colour"`,
      `${C}/01-definitions/quiz.yaml:47: question "sort-facts": unknown field "hint"`,
      `${C}/02-response/01-referral.md:5: unknown field "author"`,
    ]);
  });

  it("reports a value of the wrong shape at its line", () => {
    expect(errorsAfter(["course.yaml", "passMark: 70", "passMark: 170"])).toEqual([
      `${C}/course.yaml:10: passMark: Number must be less than or equal to 100`,
    ]);
  });

  it("reports a YAML alias bomb as that file's error at the alias's line, without expanding it", () => {
    const bomb = [
      "id: definitions",
      "title: The two definitions",
      'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
      "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]",
      "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]",
    ].join("\n");
    const started = Date.now();
    const errors = errorsWith((dir) => writeFileSync(path.join(dir, "01-definitions/module.yaml"), bomb));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^${C}/01-definitions/module.yaml:4: cannot be read: .*alias`, "i")));
  });

  it("refuses a file over 256 KB with its size and the limit, and reads it no further", () => {
    const errors = errorsWith((dir) => {
      const lesson = path.join(dir, "01-definitions/02-smuggling.md");
      writeFileSync(lesson, readFileSync(lesson, "utf8") + "\n" + "Padding sentence of a runaway lesson. ".repeat(140_000));
    });
    expect(errors).toContainEqual(
      expect.stringMatching(new RegExp(`^${C}/01-definitions/02-smuggling.md: file is \\d+ KB; course files may be at most 256 KB`)),
    );
  });

  it.each(["javascript:alert(document.cookie)", "JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x"])(
    "refuses the link %s in bibliography.yaml at its line",
    (url) => {
      expect(errorsAfter(["bibliography.yaml", "  url: https://treaties.un.org/", `  url: ${JSON.stringify(url)}`])).toEqual([
        `${C}/bibliography.yaml:6: source "tip-protocol" url: must be an http: or https: URL`,
      ]);
    },
  );

  it("reports YAML syntax errors with their line", () => {
    expect(errorsAfter(["bibliography.yaml", "  short: Smuggling Protocol", "  short: Smuggling Protocol\n  short: Again"])).toEqual([
      `${C}/bibliography.yaml:14: Map keys must be unique`,
    ]);
  });

  it("reports a language listed in languages that a lesson lacks", () => {
    expect(errorsAfter(["course.yaml", "languages: [en]", "languages: [en, fr]"])).toEqual([
      `${C}/course.yaml:4: "fr" is listed in languages but ${C}/01-definitions/02-smuggling.md has no translation 02-smuggling.fr.md`,
      `${C}/course.yaml:4: "fr" is listed in languages but ${C}/02-response/01-referral.md has no translation 01-referral.fr.md`,
    ]);
  });

  it("reports duplicate bibliography keys", () => {
    const again = "\n- key: tip-protocol\n  title: The same protocol again\n  short: Again\n  year: 2000\n";
    const last = "  short: Smuggling Protocol\n  year: 2000\n";
    expect(errorsAfter(["bibliography.yaml", last, `${last}${again}`])).toEqual([
      `${C}/bibliography.yaml:16: duplicate bibliography key "tip-protocol"`,
    ]);
  });
});

describe("module and lesson rules", () => {
  it("reports a module without quiz.yaml", () => {
    expect(errorsWith((dir) => rmSync(path.join(dir, "02-response", "quiz.yaml")))).toEqual([
      `${C}/02-response/quiz.yaml: file is missing; every module needs a quiz`,
    ]);
  });

  it("reports duplicate module ids", () => {
    expect(errorsAfter(["02-response/module.yaml", "id: response", "id: definitions"])).toEqual([
      `${C}/02-response/module.yaml:1: duplicate module id "definitions" (also in ${C}/01-definitions/module.yaml)`,
    ]);
  });

  it("reports duplicate lesson ids across modules", () => {
    expect(errorsAfter(["02-response/01-referral.md", "id: referral", "id: smuggling-definition"])).toEqual([
      `${C}/02-response/01-referral.md:2: duplicate lesson id "smuggling-definition" (also in ${C}/01-definitions/02-smuggling.md)`,
    ]);
  });

  it("reports an empty lesson", () => {
    expect(
      errorsAfter(["02-response/01-referral.md", "Separate the person, call an interpreter, then refer [[tip-protocol, art. 6]].", ""]),
    ).toEqual([`${C}/02-response/01-referral.md:6: lesson has no body text`]);
  });

  it("reports a lesson without front matter", () => {
    expect(errorsAfter(["02-response/01-referral.md", "---\nid: referral\ntitle: From suspicion to referral\nminutes: 3\n---\n", ""])).toEqual([
      `${C}/02-response/01-referral.md:1: missing front matter: a lesson starts with --- then id, title and minutes, then ---`,
    ]);
  });

  it("reports invalid front matter", () => {
    expect(
      errorsAfter(["02-response/01-referral.md", "minutes: 3", "minutes: three"], ["01-definitions/02-smuggling.md", "id: smuggling-definition\n", ""]),
    ).toEqual([
      `${C}/01-definitions/02-smuggling.md:2: missing field "id"`,
      `${C}/02-response/01-referral.md:4: minutes: Expected number, received string`,
    ]);
  });

  it("reports unknown citation keys and unknown callouts with the lesson's line", () => {
    expect(
      errorsAfter(
        ["01-definitions/01-trafficking.md", "[[tip-protocol, art. 3(a)]]", "[[tip-protocl, art. 3(a)]]"],
        ["01-definitions/01-trafficking.md", ":::case-study{", ":::example{"],
        ["01-definitions/02-smuggling.md", "Smuggling is procuring", "::video\n\nSmuggling is procuring"],
      ),
    ).toEqual([
      `${C}/01-definitions/01-trafficking.md:9: unknown citation key "tip-protocl"`,
      `${C}/01-definitions/01-trafficking.md:15: unknown callout ":::example" (use :::key-point, :::case-study or :::caution)`,
      `${C}/01-definitions/02-smuggling.md:9: unknown directive "::video"`,
    ]);
  });

  it("reports an objective that no question tests", () => {
    expect(
      errorsAfterIn(
        ["01-definitions/module.fr.yaml"],
        ["01-definitions/module.yaml", "  - id: distinguish", "  - id: untested\n    text: Never asked about.\n  - id: distinguish"],
      ),
    ).toEqual([`${C}/01-definitions/module.yaml:8: objective "untested" is not tested by any quiz question`]);
  });
});

describe("quiz rules", () => {
  it("reports a single-choice question with no correct option", () => {
    expect(errorsAfterIn([QUIZ_FR], [QUIZ, "{ id: means, text: The means, correct: true,", "{ id: means, text: The means,"])).toEqual([
      `${C}/${QUIZ}:11: question "child-means" has no correct option`,
    ]);
  });

  it("reports a single-choice question with two correct options", () => {
    expect(errorsAfterIn([QUIZ_FR], [QUIZ, "{ id: act, text: The act,", "{ id: act, text: The act, correct: true,"])).toEqual([
      `${C}/${QUIZ}:11: question "child-means" has 2 correct options; a single-choice question needs exactly one`,
    ]);
  });

  it("reports a multiple-choice question or step with no correct option", () => {
    expect(
      errorsAfterIn([QUIZ_FR], 
        [QUIZ, "{ id: benefit, text: A financial or other material benefit, correct: true,", "{ id: benefit, text: A financial or other material benefit,"],
        [QUIZ, "{ id: illegal-entry, text: Illegal entry into a State, correct: true,", "{ id: illegal-entry, text: Illegal entry into a State,"],
        [QUIZ, "{ id: debt, text: The debt, correct: true,", "{ id: debt, text: The debt,"],
      ),
    ).toEqual([
      `${C}/${QUIZ}:24: question "smuggling-elements" has no correct option`,
      `${C}/${QUIZ}:90: question "minivan" step "reconsider" has no correct option`,
    ]);
  });

  it("reports duplicate question ids, step ids and option ids", () => {
    expect(
      errorsAfterIn([QUIZ_FR], 
        [QUIZ, "  - id: smuggling-elements\n", "  - id: child-means\n"],
        [QUIZ, "  - id: steps-in-order", "  - id: classify"],
        [QUIZ, "{ id: purpose, text: The purpose,", "{ id: act, text: The purpose,"],
      ),
    ).toEqual([
      `${C}/${QUIZ}:14: question "child-means" has two options with id "act"`,
      `${C}/${QUIZ}:18: duplicate id "child-means" (question and step ids must be unique in a quiz)`,
      `${C}/${QUIZ}:81: duplicate id "classify" (question and step ids must be unique in a quiz)`,
    ]);
  });

  it("reports a matching item with an unknown category", () => {
    expect(errorsAfterIn([QUIZ_FR], [QUIZ, "category: trafficking, feedback", "category: exploitation, feedback"])).toEqual([
      `${C}/${QUIZ}:53: question "sort-facts" item "exploit" names unknown category "exploitation"`,
    ]);
  });

  it("reports an ordering question with fewer than three items", () => {
    expect(errorsAfterIn([QUIZ_FR], [QUIZ, '      - { id: refer, text: Refer, feedback: "Last." }\n', ""])).toEqual([
      `${C}/${QUIZ}:62: question "steps-in-order" has 2 items; an ordering question needs at least three`,
    ]);
  });

  it("reports a question objective that is not in its module", () => {
    expect(errorsAfterIn([QUIZ_FR], [QUIZ, "    objective: trafficking-elements", "    objective: referral"])).toEqual([
      `${C}/${QUIZ}:8: question "child-means" objective "referral" is not an objective of module "definitions"`,
      `${C}/01-definitions/module.yaml:4: objective "trafficking-elements" is not tested by any quiz question`,
    ]);
  });

  it("reports unknown citation keys in question citations and scenario cases", () => {
    expect(
      errorsAfterIn([QUIZ_FR], 
        [QUIZ, "    citation: tip-protocol, art. 6", "    citation: tip, art. 6"],
        [QUIZ, 'to a "job agent" [[tip-protocol, art. 3(a)]].', 'to a "job agent" [[tip-protocols, art. 3(a)]].'],
      ),
    ).toEqual([
      `${C}/${QUIZ}:67: question "steps-in-order" has unknown citation key "tip"`,
      `${C}/${QUIZ}:76: question "minivan" case: unknown citation key "tip-protocols"`,
    ]);
  });

  it("reports a scenario next to a missing step", () => {
    expect(errorsAfterIn([QUIZ_FR], [QUIZ, "        next: protect", "        next: protection"])).toEqual([
      `${C}/${QUIZ}:93: question "minivan" step "reconsider" goes to missing step "protection"`,
    ]);
  });

  it("reports a scenario start that is not a step", () => {
    expect(errorsAfterIn([QUIZ_FR], [QUIZ, "    start: classify", "    start: begin"])).toEqual([
      `${C}/${QUIZ}:79: question "minivan" starts at missing step "begin"`,
    ]);
  });

  it("reports an unreachable scenario step", () => {
    expect(errorsAfterIn([QUIZ_FR], [QUIZ, 'feedback: "Look again.", next: reconsider', 'feedback: "Look again.", next: protect'])).toEqual([
      `${C}/${QUIZ}:87: question "minivan" step "reconsider" is unreachable from the start step "classify"`,
    ]);
  });

  it("reports a cycle of scenario steps", () => {
    expect(
      errorsAfterIn([QUIZ_FR], [QUIZ, '          false: "Right: separate her first."', '          false: "Right: separate her first."\n        next: reconsider']),
    ).toEqual([`${C}/${QUIZ}:94: question "minivan" steps form a cycle: reconsider → protect → reconsider`]);
  });

  it("reports next on a question outside a scenario", () => {
    expect(errorsAfterIn([QUIZ_FR], [QUIZ, 'feedback: "No: the act is always required." }', 'feedback: "No: the act is always required.", next: means }'])).toEqual([
      `${C}/${QUIZ}:12: question "child-means" option "act" has next, which only scenario steps use`,
    ]);
  });

  it("reports a missing field of a question with the question's line", () => {
    expect(errorsAfterIn([QUIZ_FR], [QUIZ, "    explanation: Safety, then communication, then referral.\n", ""])).toEqual([
      `${C}/${QUIZ}:57: question "steps-in-order": missing field "explanation"`,
    ]);
  });
});

describe("translation rules", () => {
  it("reports a translated quiz whose correct flags differ", () => {
    expect(
      errorsAfter(
        [QUIZ_FR, "{ id: act, text: L'acte,", "{ id: act, text: L'acte, correct: true,"],
        [QUIZ_FR, "{ id: means, text: Le moyen, correct: true,", "{ id: means, text: Le moyen,"],
      ),
    ).toEqual([
      `${C}/${QUIZ_FR}:10: translation differs from quiz.yaml: question "child-means" option "act": correct is true here but false in the original`,
      `${C}/${QUIZ_FR}:11: translation differs from quiz.yaml: question "child-means" option "means": correct is false here but true in the original`,
    ]);
  });

  it("reports a translated quiz whose ids, categories or next differ", () => {
    expect(
      errorsAfter(
        [QUIZ_FR, "  - id: border-required", "  - id: border"],
        [QUIZ_FR, "category: smuggling, feedback: \"Oui.\" }\n      - { id: exploit", "category: trafficking, feedback: \"Oui.\" }\n      - { id: exploit"],
        [QUIZ_FR, 'feedback: "Regardez encore.", next: reconsider', 'feedback: "Regardez encore.", next: protect'],
      ),
    ).toEqual([
      `${C}/${QUIZ_FR}:29: translation differs from quiz.yaml: question "border": id is "border" here but "border-required" in the original`,
      `${C}/${QUIZ_FR}:50: translation differs from quiz.yaml: question "sort-facts" item "fee": category is "trafficking" here but "smuggling" in the original`,
      `${C}/${QUIZ_FR}:83: translation differs from quiz.yaml: question "minivan" step "classify" option "smuggled": next is "protect" here but "reconsider" in the original`,
    ]);
  });

  it("reports a translated quiz with a different number of questions", () => {
    const fr = (dir: string) => path.join(dir, QUIZ_FR);
    expect(
      errorsWith((dir) => {
        const text = readFileSync(fr(dir), "utf8");
        writeFileSync(fr(dir), text.slice(0, text.indexOf("  - id: minivan")));
      }),
    ).toEqual([
      `${C}/${QUIZ_FR}:3: translation differs from quiz.yaml: questions: 5 entries here but 6 in the original`,
    ]);
  });

  it("reports a translated citation key but accepts a translated locator", () => {
    expect(errorsAfter([QUIZ_FR, "    citation: tip-protocol\n", "    citation: som-protocol\n"])).toEqual([
      `${C}/${QUIZ_FR}:53: translation differs from quiz.yaml: question "sort-facts": citation key "som-protocol" here but "tip-protocol" in the original`,
    ]);
  });

  it("reports a translated module or lesson whose ids differ", () => {
    expect(
      errorsAfter(
        ["01-definitions/module.fr.yaml", "  - id: distinguish", "  - id: classify"],
        ["01-definitions/01-trafficking.fr.md", "id: trafficking-definition", "id: la-traite"],
      ),
    ).toEqual([
      `${C}/01-definitions/module.fr.yaml:8: translation differs from module.yaml: objective "classify": id is "classify" here but "distinguish" in the original`,
      `${C}/01-definitions/01-trafficking.fr.md:2: translation differs from 01-trafficking.md: id is "la-traite" here but "trafficking-definition" in the original`,
    ]);
  });

  it("reports a translated course with a different number of objectives", () => {
    expect(errorsAfter(["course.fr.yaml", "  - Orienter une victime potentielle.\n", ""])).toEqual([
      `${C}/course.fr.yaml:3: translation differs from course.yaml: objectives: 1 entry here but 2 in the original`,
    ]);
  });

  it("reports a translation of a lesson that does not exist and a translation into an unknown language", () => {
    expect(
      errorsWith((dir) => {
        writeFileSync(path.join(dir, "02-response", "02-missing.fr.md"), "---\nid: x\ntitle: X\nminutes: 1\n---\n\nTexte.\n");
        cpSync(path.join(dir, "02-response", "quiz.yaml"), path.join(dir, "02-response", "quiz.de.yaml"));
      }),
    ).toEqual([
      `${C}/02-response/quiz.de.yaml: unknown language "de" (expected one of en, fr, es)`,
      `${C}/02-response/02-missing.fr.md: translation of a lesson that does not exist (no matching NN-name.md)`,
    ]);
  });
});

describe("quiz explanations and feedback", () => {
  it("are compiled from Markdown at import by the lessons' sanitising pipeline, as inline HTML", () => {
    const { root, dir } = copyFixture();
    const file = path.join(dir, QUIZ);
    writeFileSync(
      file,
      readFileSync(file, "utf8")
        .replace("explanation: Article 3(c) removes the means element for children.", "explanation: As in *Biao v. Denmark*, article 3(c) <script>alert(1)</script> applies.")
        .replace('feedback: "No: the act is always required."', 'feedback: "No: the **act** is [always](https://treaties.un.org/) required."'),
    );
    const { course, errors } = loadCourse(dir, { root });
    expect(errors).toEqual([]);
    const question = course!.modules[0]!.quiz.en!.questions.find((q) => q.id === "child-means")!;
    expect(question.explanation).toMatch(/^As in <em>Biao v\. Denmark<\/em>, article 3\(c\) /);
    expect(question.explanation).not.toMatch(/<script|<p>/);
    if (question.type !== "single") throw new Error("child-means is a single-choice question");
    const feedback = question.options.find((o) => o.id === "act")!.feedback;
    expect(feedback).toContain("<strong>act</strong>");
    expect(feedback).toContain('<a href="https://treaties.un.org/">always</a>');
    expect(feedback).not.toMatch(/<script|<p>/);
  });
});

describe("study-time rule", () => {
  it("times the fixture by the rule", () => {
    const { studyTime } = loadCourse(FIXTURE, { root: FIXTURES });
    expect(studyTime.lessons.map((l) => [l.id, l.words, l.declared, l.computed])).toEqual([
      ["trafficking-definition", 25, 3, 1],
      ["smuggling-definition", 22, 2, 1],
      ["referral", 8, 3, 1],
    ]);
    // definitions-quiz: four recall questions (4), one application (2), the scenario ⌈18 ÷ 120⌉ + 1.5 × 3 = 5.5: 11.5 → 12.
    expect(studyTime.quizzes.map((q) => [q.id, q.questions, q.application, q.scenarios, q.minutes])).toEqual([
      ["definitions-quiz", 6, 2, 1, 12],
      ["response-quiz", 1, 0, 0, 1],
    ]);
    expect(studyTime.computedMinutes).toBe(16);
    expect(studyTime.allowedCreditHours).toBe(0);
  });

  it("reports a lesson whose declared minutes break the tolerance, at its minutes line", () => {
    expect(errorsAfter(["02-response/01-referral.md", "minutes: 3", "minutes: 4"])).toEqual([
      `${C}/02-response/01-referral.md:4: minutes: 4 declared, but 8 words of study reading give 1 (⌈words ÷ 120⌉); declare 1 to 3 (courses/README.md, Honest study time)`,
    ]);
  });

  it("reports estimatedHours and creditHours that the course time does not support", () => {
    expect(errorsAfter(["course.yaml", "estimatedHours: 0.25\ncreditHours: 0", "estimatedHours: 1\ncreditHours: 1"])).toEqual([
      `${C}/course.yaml:8: estimatedHours: 1 (60 minutes) declared, but the course computes to 16 minutes (lessons 3 + quizzes 13); declare 0.25 to 0.5 (courses/README.md, Honest study time)`,
      `${C}/course.yaml:9: creditHours: 1 declared, but 16 minutes (lessons 3 + quizzes 13) allow 0 (one per 60 minutes, rounded down to the half hour); declare 0 (courses/README.md, Honest study time)`,
    ]);
  });
});

describe("reviewer notes", () => {
  const course = loadCourse(FIXTURE, { root: FIXTURES }).course!;

  it("are accepted in every kind of file, translations included, and listed with their file and line", () => {
    expect(course.reviewerNotes.map((n) => [n.file, n.line, n.where, n.note.match(/\(NOTE-[A-Z-]+\)/)?.[0] ?? n.note])).toEqual([
      [`${C}/course.yaml`, 18, "course", "(NOTE-COURSE)"],
      [`${C}/bibliography.yaml`, 9, 'source "tip-protocol"', "Title checked against the UNTC record of the Protocol (English and French authentic texts)."],
      [`${C}/course.fr.yaml`, 6, "course (fr)", "(NOTE-COURSE-FR)"],
      [`${C}/01-definitions/02-smuggling.md`, 6, 'lesson "smuggling-definition"', "(NOTE-LESSON)"],
      [`${C}/01-definitions/quiz.yaml`, 101, 'question "minivan" step "protect"', "(NOTE-STEP)"],
      [`${C}/01-definitions/quiz.fr.yaml`, 99, 'question "minivan" step "protect" (fr)', "(NOTE-STEP-FR)"],
      [`${C}/02-response/module.yaml`, 6, 'module "response"', "(NOTE-MODULE)"],
      [`${C}/02-response/quiz.yaml`, 17, 'question "first-step"', "(NOTE-QUESTION)"],
    ]);
  });

  it("are lifted out of everything the importer stores for learners", () => {
    const { reviewerNotes, ...content } = course;
    expect(reviewerNotes.length).toBeGreaterThan(0);
    const stored = JSON.stringify(content);
    expect(stored).not.toContain("reviewerNotes");
    expect(stored).not.toMatch(/NOTE-|UNTC record/);
  });

  it("must not be empty", () => {
    expect(errorsAfter(["02-response/module.yaml", "reviewerNotes: Module order follows the referral mechanism (NOTE-MODULE).", 'reviewerNotes: ""'])).toEqual([
      `${C}/02-response/module.yaml:6: reviewerNotes: must not be empty`,
    ]);
  });
});

describe("no-verification-note rule", () => {
  it("reports a note in a lesson body, a lesson title, a translation and a quiz at the line of the phrase", () => {
    expect(
      errorsAfter(
        ["01-definitions/01-trafficking.md", "Consent is irrelevant", "Consent (to be confirmed) is irrelevant"],
        ["01-definitions/01-trafficking.fr.md", "title: La traite des personnes", "title: La traite des personnes (à vérifier)"],
        [QUIZ, "explanation: Article 3(c) removes the means element for children.", "explanation: Article 3(c) removes the means element for children; verify it in UNTC before citing."],
        [QUIZ_FR, '"Exact : séparez-la d\'abord."', '"Exact : séparez-la d\'abord. TODO"'],
      ),
    ).toEqual([
      `${C}/01-definitions/01-trafficking.md:12: verification note in learner-visible text ("(to be confirmed)"): state the point with its citation once checked against the official source, or move the note to reviewerNotes`,
      `${C}/01-definitions/01-trafficking.fr.md:3: verification note in learner-visible text ("(à vérifier)"): state the point with its citation once checked against the official source, or move the note to reviewerNotes`,
      `${C}/01-definitions/quiz.yaml:15: verification note in learner-visible text ("verify it in UNTC"): state the point with its citation once checked against the official source, or move the note to reviewerNotes`,
      `${C}/01-definitions/quiz.fr.yaml:98: verification note in learner-visible text ("TODO"): state the point with its citation once checked against the official source, or move the note to reviewerNotes`,
    ]);
  });

  it("reports the line inside a multi-line scenario case and a bibliography entry", () => {
    expect(
      errorsAfterIn(
        [QUIZ_FR],
        [QUIZ, 'to a "job agent" [[tip-protocol, art. 3(a)]].', 'to a "job agent" [[tip-protocol, art. 3(a)]].\n      The debt figure has not been verified for this course.'],
        ["bibliography.yaml", "  reference: UNTS vol. 2237, p. 319", "  reference: UNTS vol. 2237, p. 319 (unverified)"],
      ),
    ).toEqual([
      `${C}/bibliography.yaml:5: verification note in learner-visible text ("(unverified)"): state the point with its citation once checked against the official source, or move the note to reviewerNotes`,
      `${C}/01-definitions/quiz.yaml:77: verification note in learner-visible text ("not been verified for this course"): state the point with its citation once checked against the official source, or move the note to reviewerNotes`,
    ]);
  });

  it("passes ordinary legal uses of verify and the same words in reviewer notes", () => {
    expect(
      errorsAfter(
        ["02-response/01-referral.md", "Separate the person,", "Verify nationality on request. The relationship is unverified. Separate the person,"],
        ["02-response/module.yaml", "(NOTE-MODULE).", "(NOTE-MODULE). Not yet verified in HUDOC; TODO."],
      ),
    ).toEqual([]);
  });
});

describe("localised bibliography", () => {
  it("requires every non-default course language in every entry, reported at the entry", () => {
    expect(
      errorsAfterIn(
        ["01-definitions/01-trafficking.fr.md"],
        ["course.yaml", "languages: [en]", "languages: [en, es]"],
        ["01-definitions/01-trafficking.md", "title: Trafficking in persons", "title: Trafficking in persons"],
      ).filter((error) => error.includes("bibliography")),
    ).toEqual([
      `${C}/bibliography.yaml:1: source "tip-protocol" has no localized es title and short name; the course is taught in en, es, so every source needs localized: { es: { title, short } }`,
      `${C}/bibliography.yaml:11: source "som-protocol" has no localized es title and short name; the course is taught in en, es, so every source needs localized: { es: { title, short } }`,
    ]);
  });

  it("names each source in the lesson's language in its footnotes", () => {
    const course = loadCourse(FIXTURE, { root: FIXTURES }).course!;
    const lesson = course.modules[0].lessons[0];
    expect(lesson.html.fr).toContain('class="footnote-source">Protocole relatif à la traite</a>, art. 3(a)');
    expect(lesson.html.en).toContain('class="footnote-source">Trafficking Protocol</a>, art. 3(a)');
    expect(lesson.html.fr).not.toContain("Trafficking Protocol");
  });

  it("rejects a language the platform does not teach in", () => {
    expect(
      errorsAfter(["bibliography.yaml", '  localized:\n    fr: { title: "Protocole visant', '  localized:\n    de: { short: X }\n    fr: { title: "Protocole visant']),
    ).toEqual([`${C}/bibliography.yaml:8: source "tip-protocol" localized: unknown field "de"`]);
  });
});

describe("URLs", () => {
  it("accepts only http: and https: in the bibliography", () => {
    expect(errorsAfter(["bibliography.yaml", "url: https://treaties.un.org/", "url: javascript:alert(1)"])).toEqual([
      `${C}/bibliography.yaml:6: source "tip-protocol" url: must be an http: or https: URL`,
    ]);
  });

  it("accepts http(s) and relative links in a lesson and reports any other scheme at its line", () => {
    expect(
      errorsAfter([
        "02-response/01-referral.md",
        "then refer [[tip-protocol, art. 6]].",
        "then refer [[tip-protocol, art. 6]] ([form](/courses/x/sources), [UNTC](https://treaties.un.org/)).\n\n[Call](mailto:desk@example.org) or [run](javascript:alert(1)).",
      ]),
    ).toEqual([
      `${C}/02-response/01-referral.md:9: link to "mailto:desk@example.org": only http:, https: and relative links are allowed`,
      `${C}/02-response/01-referral.md:9: link to "javascript:alert(1)": only http:, https: and relative links are allowed`,
    ]);
  });
});
