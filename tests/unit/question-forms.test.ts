// The question editor's model (app/studio/question-forms.ts, question-yaml.ts) and its validation through the
// course compiler (question-validation.server.ts).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileCourse } from "~/courses/compile.server";
import { readCourseFolder } from "~/courses/course-folder.server";
import { QUESTION_TYPES, applyEditIntent, blankQuestion, fieldsToQuestion, parseEditIntent, questionToFields } from "~/studio/question-forms";
import { checkQuestion } from "~/studio/question-validation.server";
import { fieldAtLine, quizQuestions, withoutQuestion, withQuestion, withQuestionMoved } from "~/studio/question-yaml";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const COURSES = path.join(ROOT, "courses");
const FIXTURE = path.join(ROOT, "tests/fixtures/courses/fixture-course");
const courseFolders = readdirSync(COURSES).filter((name) => statSync(path.join(COURSES, name)).isDirectory());

function read(dir: string) {
  const { course, errors } = readCourseFolder(dir);
  if (!course || errors.length > 0) throw new Error(`cannot read ${dir}`);
  return course;
}

describe("question forms round-trip every question of the curriculum", () => {
  it.each(courseFolders)("%s: quiz → form fields → quiz compiles to the same questions", (folder) => {
    const course = read(path.join(COURSES, folder));
    const original = compileCourse(course);
    expect(original.errors).toEqual([]);
    const files = new Map(course.files);
    let quizzes = 0;
    for (const [file, text] of course.files) {
      if (!/(^|\/)quiz(\.[a-z]{2})?\.yaml$/.test(file)) continue;
      quizzes++;
      let rewritten = text;
      quizQuestions(text).forEach((question, index) => {
        rewritten = withQuestion(rewritten, index, fieldsToQuestion(questionToFields(question)));
      });
      files.set(file, rewritten);
    }
    expect(quizzes).toBeGreaterThan(0);
    const roundTripped = compileCourse({ ...course, files });
    expect(roundTripped.errors).toEqual([]);
    const quizzesOf = (result: typeof original) => result.course!.modules.map((module) => module.quiz);
    expect(quizzesOf(roundTripped)).toEqual(quizzesOf(original));
  });
});

describe("question form fields", () => {
  const scenario = {
    id: "case",
    type: "scenario",
    objective: "distinguish",
    level: "application",
    prompt: "The minivan",
    case: "Nine adults are found.\n\nOne is 17.",
    explanation: "Because.",
    citation: "tip-protocol, art. 3",
    start: "classify",
    steps: [
      {
        id: "classify",
        type: "single",
        prompt: "Classify?",
        options: [
          { id: "a", text: "A", feedback: "No.", next: "protect" },
          { id: "b", text: "B", correct: true, feedback: "Yes." },
        ],
        next: "protect",
      },
      { id: "protect", type: "true-false", prompt: "Separate her?", answer: true, feedback: { true: "Right.", false: "No." } },
    ],
  };

  it("flattens a scenario into named fields and back, in the format's field order", () => {
    const fields = questionToFields(scenario);
    expect(fields).toMatchObject({
      "steps.0.options.0.next": "protect",
      "steps.0.options.1.correct": "true",
      "steps.1.answer": "true",
      "steps.1.feedback.false": "No.",
      start: "classify",
    });
    expect(fields["steps.0.options.0.correct"]).toBeUndefined();
    const back = fieldsToQuestion(fields);
    expect(back).toEqual(scenario);
    expect(Object.keys(back)).toEqual(["id", "type", "objective", "level", "prompt", "case", "explanation", "citation", "start", "steps"]);
  });

  it("normalises what a browser submits: CRLF, padding, empty optional fields, a ticked checkbox", () => {
    const question = fieldsToQuestion({
      id: " q1 ",
      type: "single",
      objective: "o",
      level: "recall",
      points: "2",
      prompt: "Line one\r\nLine two  ",
      "options.0.id": "a",
      "options.0.text": "A",
      "options.0.correct": "on",
      "options.0.feedback": "Yes",
      "options.0.next": "",
      "options.1.id": "b",
      "options.1.text": "B",
      "options.1.feedback": "No",
      explanation: "E",
      citation: "c",
      reviewerNotes: "",
    });
    expect(question).toEqual({
      id: "q1",
      type: "single",
      objective: "o",
      level: "recall",
      points: 2,
      prompt: "Line one\nLine two",
      options: [
        { id: "a", text: "A", correct: true, feedback: "Yes" },
        { id: "b", text: "B", feedback: "No" },
      ],
      explanation: "E",
      citation: "c",
    });
    // Not a number: kept as typed, for the compiler to report.
    expect(fieldsToQuestion({ type: "single", points: "three" }).points).toBe("three");
  });

  it("adds, removes and moves entries of any list by the submit button's intent, renumbering from 0", () => {
    const fields = questionToFields(scenario);
    const added = applyEditIntent(fields, parseEditIntent("add:steps.0.options")!);
    expect(added["steps.0.options.2.id"]).toBe("option-3");
    const removed = applyEditIntent(added, parseEditIntent("remove:steps.0.options.0")!);
    expect([removed["steps.0.options.0.id"], removed["steps.0.options.1.id"], removed["steps.0.options.2.id"]]).toEqual(["b", "option-3", undefined]);
    const moved = applyEditIntent(fields, parseEditIntent("down:steps.0")!);
    expect([moved["steps.0.id"], moved["steps.1.id"], moved["steps.1.options.0.next"]]).toEqual(["protect", "classify", "protect"]);
    expect(applyEditIntent(fields, parseEditIntent("up:steps.0")!)).toBe(fields);
    const step = applyEditIntent(fields, parseEditIntent("add:steps")!);
    expect([step["steps.2.id"], step["steps.2.type"]]).toEqual(["step-3", "single"]);
    for (const bad of ["add:prompt", "remove:options", "drop:options.1", "remove:options.x", "add:../x", undefined]) {
      expect(parseEditIntent(bad)).toBeUndefined();
    }
  });

  it("starts each type from a blank question that the compiler then asks to complete", () => {
    for (const type of QUESTION_TYPES) {
      const question = fieldsToQuestion(blankQuestion(type, `new-${type}`, "distinguish"));
      expect(question.type).toBe(type);
      expect(question.id).toBe(`new-${type}`);
    }
  });
});

describe("quiz files", () => {
  const quiz = "id: q\ntitle: Quiz # keep me\nquestions:\n  - id: one\n    type: true-false\n  - id: two\n    type: true-false\n";

  it("replaces, appends, removes and moves a question, keeping the rest of the file as written", () => {
    const replaced = withQuestion(quiz, 1, { id: "deux", type: "single", options: [{ id: "a", text: "A", correct: true, feedback: "Yes" }] });
    expect(replaced).toContain("title: Quiz # keep me");
    expect(replaced).toContain("- { id: a, text: A, correct: true, feedback: Yes }");
    expect(quizQuestions(replaced).map((q) => q.id)).toEqual(["one", "deux"]);
    expect(quizQuestions(withQuestion(quiz, 2, { id: "three" })).map((q) => q.id)).toEqual(["one", "two", "three"]);
    expect(quizQuestions(withoutQuestion(quiz, 0)).map((q) => q.id)).toEqual(["two"]);
    expect(quizQuestions(withQuestionMoved(quiz, 1, 0)).map((q) => q.id)).toEqual(["two", "one"]);
    expect(() => withQuestion(quiz, 5, {})).toThrow(RangeError);
  });

  it("deletes and moves a question with the other questions' comments and text kept as written", () => {
    const commented = [
      "id: q",
      "title: Quiz # keep me",
      "questions:",
      "  # The first question: keep this comment",
      "  - id: one",
      "    type: true-false # inline note",
      "  - id: two",
      "    type: true-false",
      "  # The third question",
      "  - id: three",
      "    prompt: |",
      "      Two lines",
      "      of prompt",
      "",
    ].join("\n");
    const moved = withQuestionMoved(commented, 2, 1);
    expect(quizQuestions(moved).map((q) => q.id)).toEqual(["one", "three", "two"]);
    expect(moved).toContain("title: Quiz # keep me");
    expect(moved).toContain("# The first question: keep this comment");
    expect(moved).toContain("type: true-false # inline note");
    expect(moved).toContain("prompt: |\n      Two lines\n      of prompt");
    // Moving back restores the questions' order and every line of the other questions.
    expect(quizQuestions(withQuestionMoved(moved, 1, 2)).map((q) => q.id)).toEqual(["one", "two", "three"]);
    const deleted = withoutQuestion(commented, 1);
    expect(quizQuestions(deleted).map((q) => q.id)).toEqual(["one", "three"]);
    expect(deleted).toContain("# The first question: keep this comment");
    expect(deleted).toContain("type: true-false # inline note");
    expect(deleted).not.toContain("id: two");
    expect(() => withoutQuestion(commented, 3)).toThrow(RangeError);
    expect(() => withQuestionMoved(commented, 0, 3)).toThrow(RangeError);
  });

  it("names the field a line belongs to, and nothing outside the question", () => {
    const text = withQuestion(quiz, 1, {
      id: "two",
      type: "single",
      prompt: "Line one\nline two",
      options: [{ id: "a", text: "A", feedback: "Yes" }],
    });
    const lines = text.split("\n");
    const lineOf = (needle: string) => lines.findIndex((line) => line.includes(needle)) + 1;
    expect(fieldAtLine(text, 1, lineOf("- id: two"))).toBe("id");
    expect(fieldAtLine(text, 1, lineOf("line two"))).toBe("prompt");
    expect(fieldAtLine(text, 1, lineOf("{ id: a"))).toBe("options.0");
    expect(fieldAtLine(text, 1, lineOf("- id: one"))).toBeUndefined();
  });
});

describe("validation through the compiler", () => {
  const course = read(FIXTURE);
  const QUIZ = "01-definitions/quiz.yaml";
  const questions = quizQuestions(course.files.get(QUIZ)!);

  it("accepts an unchanged question and gives the quiz file's new text", () => {
    const check = checkQuestion(course, QUIZ, 0, questionToFields(questions[0]));
    expect(check.fieldErrors).toEqual({});
    expect(check.otherErrors).toEqual([]);
  });

  it("puts each message on its field: a missing prompt; then no correct option and an unknown citation", () => {
    const single = questions.findIndex((q) => q.type === "single");
    const id = questions[single].id;
    const fields = questionToFields(questions[single]);
    for (const name of Object.keys(fields)) if (name.endsWith(".correct")) delete fields[name];
    fields.citation = "nowhere, art. 1";
    const withoutPrompt = { ...fields };
    delete withoutPrompt.prompt;
    // As in courses:check, a question that does not have the format's shape is not checked further.
    expect(checkQuestion(course, QUIZ, single, withoutPrompt).fieldErrors).toEqual({ prompt: [`question "${id}": missing field "prompt"`] });
    const check = checkQuestion(course, QUIZ, single, fields);
    expect(check.fieldErrors).toEqual({
      options: [`question "${id}" has no correct option`],
      citation: [`question "${id}" has unknown citation key "nowhere"`],
    });
  });

  it("checks a new question appended to the quiz", () => {
    const index = questions.length;
    const check = checkQuestion(course, QUIZ, index, blankQuestion("single", "brand-new", "distinguish"));
    expect(check.fieldErrors.prompt).toEqual(['question "brand-new": missing field "prompt"']);
    expect(check.fieldErrors["options.0.text"]).toEqual(['question "brand-new" option "option-1": missing field "text"']);
    expect(Object.keys(check.fieldErrors)).toEqual(expect.arrayContaining(["explanation", "citation", "options.1.feedback"]));
  });
});
