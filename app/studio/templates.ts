// Minimal valid files for a new course, module or lesson (courses/README.md): a trainer starts from something the
// compiler accepts and changes it, instead of from an empty page of errors. Pure; tests compile every template.

/** A course with one module, one lesson and a one-question quiz, valid as it stands. */
export function courseTemplate(slug: string, title: string): Map<string, string> {
  return new Map([
    ["course.yaml", courseYaml(slug, title)],
    [
      "bibliography.yaml",
      [
        "- key: tip-protocol",
        "  title: Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children",
        "  short: Trafficking Protocol",
        "  year: 2000",
        "  reference: UNTS vol. 2237, p. 319",
        "  url: https://treaties.un.org/",
        "",
      ].join("\n"),
    ],
    ["01-introduction/module.yaml", moduleYaml("introduction", "Introduction")],
    ["01-introduction/01-overview.md", lessonMarkdown("overview", "Overview")],
    ["01-introduction/quiz.yaml", quizYaml("introduction")],
  ]);
}

function courseYaml(slug: string, title: string) {
  return [
    `slug: ${slug}`,
    'version: "0.1.0"',
    "defaultLanguage: en",
    "languages: [en]",
    `title: ${JSON.stringify(title)}`,
    "summary: A short course written in the studio.",
    "audiences: [all]",
    "estimatedHours: 0.25",
    "creditHours: 0",
    "passMark: 80",
    "certificateValidityMonths: null",
    "enrolment: open",
    "objectives:",
    "  - Explain the key point of the course.",
    "",
  ].join("\n");
}

export function moduleYaml(id: string, title: string) {
  return [`id: ${id}`, `title: ${JSON.stringify(title)}`, "objectives:", `  - id: ${id}-basics`, "    text: Explain the key point of this module.", ""].join(
    "\n",
  );
}

export function lessonMarkdown(id: string, title: string) {
  return [
    "---",
    `id: ${id}`,
    `title: ${JSON.stringify(title)}`,
    "minutes: 1",
    "---",
    "",
    "Write the lesson here. Cite a source like this [[tip-protocol, art. 3]].",
    "",
    ":::key-point",
    "The one thing a learner should remember.",
    ":::",
    "",
  ].join("\n");
}

export function quizYaml(moduleId: string) {
  return [
    `id: ${moduleId}-quiz`,
    "title: Check your understanding",
    "questions:",
    "  - id: q1",
    "    type: single",
    `    objective: ${moduleId}-basics`,
    "    level: recall",
    "    prompt: Which instrument defines trafficking in persons?",
    "    options:",
    '      - { id: protocol, text: The Trafficking Protocol, correct: true, feedback: "Yes: article 3 defines it." }',
    '      - { id: other, text: Another instrument, feedback: "No: see article 3 of the Protocol." }',
    "    explanation: Article 3 of the Trafficking Protocol defines trafficking in persons.",
    "    citation: tip-protocol, art. 3",
    "",
  ].join("\n");
}

/** Ids are lower-case kebab-case (courses/README.md). */
export const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
