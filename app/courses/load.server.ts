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

export function loadCourse(dir: string, options: LoadOptions = {}): LoadCourseResult {
  const read = readFolder(dir, options);
  if (!read.course) {
    return { errors: read.errors, summary: { modules: 0, lessons: 0, words: 0, questions: 0 }, studyTime: { lessons: [], quizzes: [] } };
  }
  const compiled = compileCourse(read.course, { base: read.base, bibliographyHref: options.bibliographyHref });
  if (read.errors.length === 0) return compiled;
  // A file the reader refused is left out of the map, so the compiled course would lack it: never import that.
  const { course: _incomplete, ...rest } = compiled;
  return { ...rest, errors: [...read.errors, ...compiled.errors] };
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
