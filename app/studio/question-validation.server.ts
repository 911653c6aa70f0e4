// Validating an edited question with the course compiler itself (issue 13: one format, one compiler): the question
// is written into its quiz file in the draft's file map, the whole course is compiled, and the errors of that quiz
// file are mapped back to the form's fields by line. The studio therefore says exactly what `npm run courses:check`
// would say about the same content.
import { compileCourse, formatCourseError } from "~/courses/compile.server";
import type { CourseFiles } from "~/courses/course-files.server";
import { fieldsToQuestion, type QuestionFields } from "./question-forms";
import { fieldAtLine, quizQuestions, withQuestion } from "./question-yaml";

export type QuestionCheck = {
  /** The quiz file's new text, with the question in place. */
  text: string;
  /** Messages by form field (`options.1`, `steps.0.next`); "" for the question as a whole. */
  fieldErrors: Record<string, string[]>;
  /** Errors elsewhere in the course (another question, a lesson): shown, but not this form's to fix. */
  otherErrors: string[];
};

/**
 * `index` is the question's position in the quiz; the number of questions there appends it. The course is compiled
 * with no base, so messages name files as the draft does (`01-definitions/quiz.yaml:12: …`).
 */
export function checkQuestion(course: CourseFiles, quizPath: string, index: number, fields: QuestionFields): QuestionCheck {
  const current = course.files.get(quizPath);
  if (current === undefined) throw new RangeError(`no quiz ${quizPath} in the draft`);
  const text = withQuestion(current, index, fieldsToQuestion(fields));
  const files = new Map(course.files);
  files.set(quizPath, text);
  const { errors } = compileCourse({ ...course, files }, { base: "" });
  const fieldErrors: Record<string, string[]> = {};
  const otherErrors: string[] = [];
  const questionCount = quizQuestions(text).length;
  for (const error of errors) {
    let field = error.file === quizPath && error.line !== undefined && index < questionCount ? fieldAtLine(text, index, error.line) : undefined;
    // A missing field is reported at the map that lacks it, whose first line holds its first key: name the field.
    const missing = /missing field "([^"]+)"/.exec(error.message);
    if (field !== undefined && missing) {
      const parts = field ? field.split(".") : [];
      if (parts.length > 0 && !/^\d+$/.test(parts.at(-1)!)) parts.pop();
      field = [...parts, missing[1]].join(".");
    }
    if (field === undefined) otherErrors.push(formatCourseError(error));
    else (fieldErrors[field] ??= []).push(error.message);
  }
  return { text, fieldErrors, otherErrors };
}
