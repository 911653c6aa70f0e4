// Previews in the studio: a file's text as it would compile (the compiler's own messages) and a lesson as learners
// would see it (the compiler's sanitised HTML, rendered by the learner's LessonArticle), before it is saved.
import { compileLessonPreview, formatCourseError } from "~/courses/compile.server";
import { type CourseFiles } from "~/courses/course-files.server";
import { checkCourseFiles, courseBase } from "~/courses/import.server";
import { readDraftFiles } from "./drafts.server";
import { fileGroup } from "./files";

const PREVIEW_HREF = (slug: string, key: string) => `/courses/${slug}/sources#${key}`;

export type FilePreview = {
  errors: string[];
  lesson?: { language: string; title: string; minutes: number; html: string };
};

/** `text` in place of the draft's `path`: the whole draft checked (this file's messages) and, for a lesson, its HTML. */
export async function previewDraftFile(draftId: string, path: string, text: string): Promise<FilePreview> {
  const draft = await readDraftFiles(draftId);
  return previewFile({ ...draft, files: new Map(draft.files).set(path, text) }, path);
}

export function previewFile(files: CourseFiles, path: string): FilePreview {
  const base = courseBase(files);
  const group = fileGroup(path);
  if (group !== "lesson" && !(group === "translation" && path.endsWith(".md"))) {
    const file = `${base}/${path}`;
    return { errors: checkCourseFiles(files).errors.filter((error) => error.file === file).map(formatCourseError) };
  }
  // A lesson is compiled alone (its own checks, the same Markdown compiler and sanitiser): compiling the whole course
  // for every preview would cost the time of a full validation (npm run bench); the draft page shows those checks.
  const lesson = compileLessonPreview(files, path, { base, bibliographyHref: PREVIEW_HREF });
  return {
    errors: lesson.errors.map(formatCourseError),
    lesson: { language: lesson.language ?? "en", title: lesson.title ?? path, minutes: lesson.minutes ?? 0, html: lesson.html },
  };
}

/** The keys of the draft's bibliography, for completion after `[[` in the editor. */
export async function bibliographyKeys(draftId: string): Promise<string[]> {
  const text = (await readDraftFiles(draftId)).files.get("bibliography.yaml") ?? "";
  return [...text.matchAll(/^\s*-\s*key:\s*["']?([a-z0-9]+(?:-[a-z0-9]+)*)/gm)].map((match) => match[1]!);
}
