// A course folder on disk → a compiled course: the folder reader (course-folder.server.ts) then the pure compiler
// (compile.server.ts). `npm run courses:check`, the start-up import and the tests load courses from here.
import path from "node:path";
import { compileCourse, type CourseError, type LoadCourseResult } from "./compile.server";
import { courseFilesHash, type CourseFiles } from "./course-files.server";
import { listCourseFolders, readCourseFolder } from "./course-folder.server";

export {
  compileCourse,
  formatCourseError,
  type CompileOptions,
  type CourseError,
  type CourseSummary,
  type LessonTime,
  type LoadCourseResult,
  type LoadedCourse,
  type LoadedLesson,
  type LoadedModule,
  type Localized,
  type QuizTime,
  type ReviewerNote,
  type StudyTime,
} from "./compile.server";

export { COMPILER_VERSION, MAX_COURSE_FILE_BYTES } from "./course-files.server";

export type LoadOptions = {
  /** Error file paths are relative to this folder. Default: the current directory (the repository root). */
  root?: string;
  /** Where footnotes link to; compiled into the HTML. */
  bibliographyHref?: (slug: string, key: string) => string;
};

export type ReadFolderResult = { base: string; course?: CourseFiles; errors: CourseError[] };

/** The folder door with its refusals worded as course errors (paths relative to `root`, as the compiler's). */
export function readFolder(dir: string, options: Pick<LoadOptions, "root"> = {}): ReadFolderResult {
  const base = path.relative(path.resolve(options.root ?? process.cwd()), path.resolve(dir)).split(path.sep).join("/");
  const read = readCourseFolder(dir);
  const errors = read.errors.map((error) => ({ file: [base, error.path].filter(Boolean).join("/"), message: error.message }));
  return { base, course: read.course, errors };
}

/** Every error, including one no check foresaw, is this course's `file: message`; loading never throws. */
export function loadCourse(dir: string, options: LoadOptions = {}): LoadCourseResult {
  try {
    return compileFolder(readFolder(dir, options), options);
  } catch (error) {
    const file = path.relative(path.resolve(options.root ?? process.cwd()), path.resolve(dir)).split(path.sep).join("/");
    return { errors: [{ file, message: `could not be read: ${(error as Error).message}` }], ...NOTHING_READ };
  }
}

const NOTHING_READ = { summary: { modules: 0, lessons: 0, words: 0, questions: 0 }, studyTime: { lessons: [], quizzes: [] } };

/**
 * Compiles what the folder reader accepted, with the reader's refusals first. A course with a refused file never
 * compiles to an importable course (the file would be missing from it); the compiler's "file is missing" for a
 * file the reader refused would only repeat the refusal, so it is left out.
 */
export function compileFolder(read: ReadFolderResult, options: Pick<LoadOptions, "bibliographyHref"> = {}): LoadCourseResult {
  if (!read.course) return { errors: read.errors, ...NOTHING_READ };
  const compiled = compileCourse(read.course, { base: read.base, bibliographyHref: options.bibliographyHref });
  if (read.errors.length === 0) return compiled;
  const refused = new Set(read.errors.map((error) => error.file));
  const { course: _incomplete, ...rest } = compiled;
  return { ...rest, errors: [...read.errors, ...compiled.errors.filter((error) => !refused.has(error.file))] };
}

export function loadAllCourses(
  coursesDir: string,
  options: LoadOptions = {},
): ({ folder: string } & LoadCourseResult)[] {
  return listCourseFolders(coursesDir).map((folder) => ({ folder, ...loadCourse(path.join(coursesDir, folder), options) }));
}

/** courseFilesHash of a course folder, as its compiled course carries it. */
export function contentHash(dir: string): string {
  const read = readCourseFolder(dir);
  return courseFilesHash(read.course ?? { files: new Map(), media: new Map() });
}
