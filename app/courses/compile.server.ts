// Compiles a course, given as a map of its files (CourseFiles: format in courses/README.md), checking every rule the
// format states, into the shape the importer stores and the app serves, or into `file:line` errors. Pure: no
// filesystem and no database here. Each door reads its own input into CourseFiles (course-folder.server.ts for a
// folder, course-zip.server.ts for a zip, later the studio's drafts) and hands it here, so every door gets the same
// checks, the same sanitiser and the same messages.
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node as YamlNode, parseDocument, visit } from "yaml";
import type { z, ZodIssue, ZodTypeAny } from "zod";
import {
  Bibliography,
  type BibliographyEntry,
  CourseMeta,
  CourseTranslation,
  LANGUAGES,
  type Language,
  LessonFrontMatter,
  ModuleMeta,
  type Question,
  Question as QuestionSchema,
  QuizFile,
  type QuizDefinition,
  type ScenarioQuestion,
} from "./format";
import { createHash } from "node:crypto";
import {
  courseFilesHash,
  type CourseFiles,
  IMAGE_EXTENSION,
  MAX_COURSE_FILE_BYTES,
  mediaTypeOf,
  MAX_COURSE_IMAGE_BYTES,
  MAX_IMAGE_BYTES,
  type MediaType,
  oversizedFileMessage,
  oversizedImageMessage,
} from "./course-files.server";
import { compileInlineMarkdown, compileMarkdown, MARKDOWN_LABELS, markdownWordCount, parseCitation } from "./markdown.server";
import {
  allowedCreditHours,
  courseMinutes,
  courseToleranceMinutes,
  isCreditHoursHonest,
  isEstimatedHoursHonest,
  isLessonMinutesHonest,
  lessonMinutes,
  lessonToleranceMinutes,
  type QuestionTimeInput,
  quizMinutes,
} from "./study-time";
import { sourceHashOf } from "./source-hash";
import { findVerificationNotes, verificationNoteMessage } from "./verification-notes";

// --- Public types ------------------------------------------------------------------------------------------------

export type CourseError = {
  /** The file inside the course under CompileOptions.base, with forward slashes: `courses/<slug>/01-x/quiz.yaml`. */
  file: string;
  line?: number;
  message: string;
};

/** Content in the default language (always present) and in every language that has a translation file. */
export type Localized<T> = Partial<Record<Language, T>>;

export type LoadedLesson = {
  id: string;
  /** 1-based, from the numeric filename prefix. */
  position: number;
  /** Default-language file, relative to the repository root. */
  file: string;
  minutes: number;
  required: boolean;
  title: Localized<string>;
  html: Localized<string>;
  wordCount: Localized<number>;
  /** Languages whose translation was made from an earlier version of the lesson (its sourceHash differs). */
  outdated: Language[];
};

/**
 * A translation file and whether it was made from the source as it is now: `current` (its sourceHash is the
 * source's), `outdated` (another one) or `unrecorded` (it has none). courses/README.md, Translations.
 */
export type TranslationState = { file: string; source: string; language: Language; status: "current" | "outdated" | "unrecorded" };

export type LoadedModule = {
  id: string;
  /** 1-based, from the numeric folder prefix. */
  position: number;
  title: Localized<string>;
  objectives: Localized<{ id: string; text: string }[]>;
  lessons: LoadedLesson[];
  /**
   * Settings resolved (passMark falls back to the course's), every question's `points` set (scenario default:
   * steps on the longest path), scenario `case` compiled to HTML.
   */
  quiz: Localized<QuizDefinition>;
};

/** A `reviewerNotes` field, lifted out of the content: the importer stores it, no learner page shows it. */
export type ReviewerNote = { file: string; line?: number; where: string; note: string };

export type LessonTime = { id: string; file: string; words: number; declared: number; computed: number };
export type QuizTime = {
  id: string;
  file: string;
  questions: number;
  application: number;
  scenarios: number;
  minutes: number;
};

/** The figures of the study-time rule (courses/README.md, Honest study time), as far as the course could be read. */
export type StudyTime = {
  lessons: LessonTime[];
  quizzes: QuizTime[];
  /** Undefined when a lesson or quiz could not be timed (its file is invalid). */
  computedMinutes?: number;
  declaredHours?: number;
  creditHours?: number;
  allowedCreditHours?: number;
};

/** An image lessons show, stored with the version and served by its content hash (courses/README.md, Images). */
export type LoadedImage = { path: string; sha256: string; type: MediaType; bytes: Uint8Array };

export type LoadedCourse = {
  slug: string;
  /** Without its reviewer notes (see `reviewerNotes`). */
  meta: CourseMeta;
  title: Localized<string>;
  summary: Localized<string>;
  objectives: Localized<string[]>;
  /** Without reviewer notes. */
  bibliography: BibliographyEntry[];
  modules: LoadedModule[];
  /** Every reviewerNotes field of the course, in file order; never part of what learners receive. */
  reviewerNotes: ReviewerNote[];
  /** courseFilesHash of the files it was compiled from: unchanged files, unchanged hash, whatever the door. */
  contentHash: string;
  /** Every image of the course (each shown by at least one lesson). */
  images: LoadedImage[];
  /** Every translation file, with whether its source changed since it was translated. */
  translations: TranslationState[];
};

export type CourseSummary = { modules: number; lessons: number; words: number; questions: number };

export type LoadCourseResult = {
  /** Present only when `errors` is empty: an invalid course is never imported. */
  course?: LoadedCourse;
  errors: CourseError[];
  /** Counts of what could be read, also for an invalid course (default language). */
  summary: CourseSummary;
  studyTime: StudyTime;
};

export type CompileOptions = {
  /**
   * Prefix of every file name the result shows (errors, lesson files, reviewer notes, study-time rows):
   * `courses/<slug>` for a folder in the repository; by default the course's folder name. The compiled content and
   * its hash do not depend on it.
   */
  base?: string;
  /** Where footnotes link to; compiled into the HTML. */
  bibliographyHref?: (slug: string, key: string) => string;
};

export function formatCourseError(error: CourseError): string {
  return error.line === undefined ? `${error.file}: ${error.message}` : `${error.file}:${error.line}: ${error.message}`;
}

// --- Reading files with line numbers -----------------------------------------------------------------------------

type Path = (string | number)[];

type YamlSource = { file: string; doc: Document; lines: LineCounter; lineOffset: number; text: string };

class Report {
  readonly errors: CourseError[] = [];
  constructor(readonly base: string) {}
  /** A path inside the course → the file name errors show. */
  rel(inCourse: string): string {
    return [this.base, inCourse].filter(Boolean).join("/");
  }
  add(file: string, line: number | undefined, message: string) {
    this.errors.push(line === undefined ? { file, message } : { file, line, message });
  }
  at(src: YamlSource, at: Path, message: string, { key = false } = {}) {
    this.add(src.file, lineOf(src, at, key), message);
  }
}

function lineOf(src: YamlSource, at: Path, key = false): number | undefined {
  const node = nodeAt(src.doc, at, key);
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : src.lines.linePos(offset).line + src.lineOffset;
}

// The deepest node that exists along `at`: a missing field points at the map that lacks it.
function nodeAt(doc: Document, at: Path, key: boolean): YamlNode | undefined {
  let node = doc.contents as YamlNode | null;
  let found: YamlNode | undefined = node ?? undefined;
  for (let i = 0; i < at.length && node; i++) {
    const segment = at[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (!pair) break;
      if (key && i === at.length - 1) return pair.key as YamlNode;
      node = (pair.value as YamlNode | null) ?? (pair.key as YamlNode);
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment]) {
      node = node.items[segment] as YamlNode;
    } else break;
    found = node;
  }
  return found;
}

type Parsed<S extends ZodTypeAny> = { src?: YamlSource; raw?: unknown; value?: z.output<S> };

function parseYamlText<S extends ZodTypeAny>(
  report: Report,
  file: string,
  text: string,
  schema: S,
  lineOffset = 0,
): Parsed<S> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const src: YamlSource = { file, doc, lines, lineOffset, text };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      report.add(file, lines.linePos(error.pos[0]).line + lineOffset, error.message);
    }
    return {};
  }
  reportVerificationNotesInYaml(report, src);
  let raw: unknown;
  try {
    // yaml's guard against "billion laughs": a few aliases expanding into millions of nodes. Course files have no
    // reason to use many aliases, so the bound is low, and exceeding it is this file's error, not a crash.
    raw = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    report.add(file, firstAliasLine(doc, lines) + lineOffset, `cannot be read: ${(error as Error).message}`);
    return {};
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) reportIssue(report, src, raw, issue);
    return { src, raw };
  }
  return { src, raw, value: result.data };
}

const MAX_YAML_ALIASES = 50;

function firstAliasLine(doc: Document, lines: LineCounter): number {
  let line = 1;
  visit(doc, {
    Alias(_key, node) {
      if (node.range) line = lines.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

type Files = { report: Report; files: CourseFiles["files"]; tooLarge?: CourseFiles["tooLarge"] };

/**
 * A course file's text, or undefined (and an error for the report) when it is too large to be one, whether the
 * reader left it unread (a folder) or read it (a zip, a draft): the same message either way.
 */
function readCourseFile({ report, files, tooLarge }: Files, inCourse: string): string | undefined {
  const text = files.get(inCourse) ?? "";
  const bytes = tooLarge?.get(inCourse) ?? Buffer.byteLength(text, "utf8");
  if (bytes > MAX_COURSE_FILE_BYTES) {
    report.add(report.rel(inCourse), undefined, oversizedFileMessage(bytes));
    return undefined;
  }
  return text;
}

function parseYamlFile<S extends ZodTypeAny>(ctx: Files, inCourse: string, schema: S): Parsed<S> {
  const text = readCourseFile(ctx, inCourse);
  return text === undefined ? {} : parseYamlText(ctx.report, ctx.report.rel(inCourse), text, schema);
}

function reportIssue(report: Report, src: YamlSource, raw: unknown, issue: ZodIssue) {
  if (issue.code === "unrecognized_keys") {
    for (const key of issue.keys) {
      report.at(src, [...issue.path, key], `${where(raw, issue.path)}unknown field "${key}"`, { key: true });
    }
  } else if (issue.code === "invalid_type" && issue.received === "undefined" && issue.path.length > 0) {
    const parent = issue.path.slice(0, -1);
    report.at(src, issue.path, `${where(raw, parent)}missing field "${issue.path.at(-1)}"`);
  } else {
    report.at(src, issue.path, `${where(raw, issue.path)}${issue.message}`);
  }
}

// Values under these keys are ids, codes, numbers or URLs, or are not shown to learners; every other string in a
// course's YAML is learner-visible text, so a field added to the format is scanned by default.
const NOT_LEARNER_TEXT = new Set([
  "reviewerNotes",
  "sourceHash",
  "id",
  "key",
  "slug",
  "type",
  "objective",
  "level",
  "start",
  "next",
  "category",
  "version",
  "defaultLanguage",
  "languages",
  "audiences",
  "url",
  "enrolment",
  "prerequisites",
  "settings",
]);

function reportVerificationNotesInYaml(report: Report, src: YamlSource) {
  const visit = (node: unknown, isMarkdown: boolean) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (typeof key === "string" && NOT_LEARNER_TEXT.has(key)) continue;
        // A scenario's case is Markdown; every other text field is shown as written.
        visit(pair.value, key === "case");
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item, false);
    } else if (isScalar(node) && typeof node.value === "string" && node.range) {
      // The scalar as written (quotes, folding, indentation and all), so a phrase's offset is its place in the file.
      const start = node.range[0];
      for (const note of findVerificationNotes(src.text.slice(start, node.range[1]), { isMarkdown })) {
        report.add(src.file, src.lines.linePos(start + note.index).line + src.lineOffset, verificationNoteMessage(note));
      }
    }
  };
  visit(src.doc.contents, false);
}

function reportVerificationNotesInMarkdown(report: Report, file: string, body: string, firstLine: number) {
  for (const note of findVerificationNotes(body, { isMarkdown: true })) {
    const line = firstLine + body.slice(0, note.index).split("\n").length - 1;
    report.add(file, line, verificationNoteMessage(note));
  }
}

/** The value of a `reviewerNotes` field with where it is, for the importer. */
function noteAt(src: YamlSource, at: Path, where: string, note: string | undefined): ReviewerNote[] {
  if (note === undefined) return [];
  const line = lineOf(src, [...at, "reviewerNotes"]);
  return [line === undefined ? { file: src.file, where, note } : { file: src.file, line, where, note }];
}

/** A copy without its `reviewerNotes`, for everything that reaches the database's learner-facing records. */
function withoutNotes<T extends { reviewerNotes?: string }>(value: T): Omit<T, "reviewerNotes"> {
  const { reviewerNotes: _notes, ...rest } = value;
  return rest;
}

const SINGULAR: Record<string, string> = {
  questions: "question",
  steps: "step",
  options: "option",
  items: "item",
  categories: "category",
  objectives: "objective",
  prerequisites: "prerequisite",
};

/** `question "q3" option "a" text: ` — names list entries by their id where they have one. */
function where(raw: unknown, at: Path): string {
  const parts: string[] = [];
  let value = raw;
  for (let i = 0; i < at.length; i++) {
    const segment = at[i];
    const next = isRecord(value) || Array.isArray(value) ? (value as Record<string | number, unknown>)[segment] : undefined;
    if (typeof segment === "number") {
      const name = isRecord(next) && typeof next.id === "string" ? `"${next.id}"` : isRecord(next) && typeof next.key === "string" ? `"${next.key}"` : `#${segment + 1}`;
      // The only file that is a list at its root is bibliography.yaml.
      const list = i > 0 ? String(at[i - 1]) : "source";
      if (parts.length > 0 && parts.at(-1) === list) parts.pop();
      parts.push(`${SINGULAR[list] ?? list} ${name}`);
    } else {
      parts.push(segment);
    }
    value = next;
  }
  return parts.length > 0 ? `${parts.join(" ")}: ` : "";
}

function entryCount(count: number): string {
  return `${count} ${count === 1 ? "entry" : "entries"}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// --- Folder layout -----------------------------------------------------------------------------------------------

const MODULE_FOLDER = /^(\d+)-[^.]+$/;
const LESSON_FILE = /^((\d+)-[^.]+?)(?:\.([a-z]{2}))?\.md$/;
const TRANSLATION_FILE = /^(course|module|quiz)\.([a-z]{2})\.yaml$/;

function languageOf(
  report: Report,
  file: string,
  code: string,
  defaultLanguage: Language | undefined,
): Language | undefined {
  if (!(LANGUAGES as readonly string[]).includes(code)) {
    report.add(file, undefined, `unknown language "${code}" (expected one of ${LANGUAGES.join(", ")})`);
    return undefined;
  }
  if (code === defaultLanguage) {
    report.add(file, undefined, `translation into the course's default language "${code}"`);
    return undefined;
  }
  return code as Language;
}

/** Sorted by numeric prefix; two entries with the same number would have no defined order. */
function ordered<T extends { prefix: number; name: string }>(report: Report, dirRel: string, entries: T[]): T[] {
  const sorted = [...entries].sort((a, b) => a.prefix - b.prefix || a.name.localeCompare(b.name));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].prefix === sorted[i - 1].prefix) {
      report.add(
        `${dirRel}/${sorted[i].name}`,
        undefined,
        `same position prefix as ${sorted[i - 1].name}; the numeric prefixes give the order and must differ`,
      );
    }
  }
  return sorted;
}

type DirEntry = { name: string; isFile: boolean };

/**
 * The direct children of a folder of the course (`""` is the course folder), sorted by name in code-unit order
 * so that errors come out in the same order everywhere. A map has no empty folders: a folder is there when a
 * file is. Readers have left out hidden files and media (which `compileCourse` reports on its own).
 */
function listDir(files: CourseFiles["files"], dir: string): DirEntry[] {
  const prefix = dir ? `${dir}/` : "";
  const entries = new Map<string, boolean>();
  for (const file of files.keys()) {
    if (!file.startsWith(prefix)) continue;
    const rest = file.slice(prefix.length);
    const slash = rest.indexOf("/");
    const name = slash === -1 ? rest : rest.slice(0, slash);
    entries.set(name, (entries.get(name) ?? true) && slash === -1);
  }
  return [...entries]
    .map(([name, isFile]) => ({ name, isFile }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// --- The course ----------------------------------------------------------------------------------------------------

type Context = {
  report: Report;
  files: CourseFiles["files"];
  tooLarge?: CourseFiles["tooLarge"];
  slug: string;
  meta?: CourseMeta;
  defaultLanguage?: Language;
  bibliography: BibliographyEntry[];
  /** False when bibliography.yaml is missing or not even YAML: citations cannot be checked against it. */
  hasBibliography: boolean;
  bibliographyHref: (key: string) => string;
  /** The course's images by path, and whether a lesson shows each. */
  images: Map<string, CourseImage>;
  translations: TranslationState[];
  reviewerNotes: ReviewerNote[];
  studyTime: StudyTime;
  /** False once a lesson or quiz could not be timed: the course total would then understate the time. */
  isFullyTimed: boolean;
};

export function compileCourse(source: CourseFiles, options: CompileOptions = {}): LoadCourseResult {
  const { folder, tooLarge } = source;
  // Files left unread for their size are listed like the others; reading one gives its size error.
  const files = new Map(source.files);
  for (const file of tooLarge?.keys() ?? []) files.set(file, "");
  const report = new Report(options.base ?? folder ?? "");
  const dirRel = report.base;
  const summary: CourseSummary = { modules: 0, lessons: 0, words: 0, questions: 0 };

  const images = checkImages(report, source);
  const entries = listDir(files, "");
  const reviewerNotes: ReviewerNote[] = [];

  let meta: CourseMeta | undefined;
  let metaSrc: YamlSource | undefined;
  if (files.has("course.yaml")) {
    const parsed = parseYamlFile({ report, files, tooLarge }, "course.yaml", CourseMeta);
    meta = parsed.value;
    metaSrc = parsed.src;
    if (meta && metaSrc) {
      if (folder !== undefined && meta.slug !== folder) {
        report.at(metaSrc, ["slug"], `slug "${meta.slug}" does not match the folder name "${folder}"`);
      }
      if (!meta.languages.includes(meta.defaultLanguage)) {
        report.at(metaSrc, ["languages"], `languages must include the default language "${meta.defaultLanguage}"`);
      }
      reviewerNotes.push(...noteAt(metaSrc, [], "course", meta.reviewerNotes));
      meta = withoutNotes(meta);
    }
  } else {
    report.add(`${dirRel}/course.yaml`, undefined, "file is missing; every course needs one");
  }
  const defaultLanguage = meta?.defaultLanguage;

  let bibliography: BibliographyEntry[] = [];
  let hasBibliography = false;
  if (files.has("bibliography.yaml")) {
    const parsed = parseYamlFile({ report, files, tooLarge }, "bibliography.yaml", Bibliography);
    hasBibliography = parsed.raw !== undefined;
    // An invalid entry still has its key checked against citations, so a typo in one `year` does not turn every
    // citation of the course into a second error.
    bibliography =
      parsed.value ??
      (Array.isArray(parsed.raw) ? parsed.raw : [])
        .filter((entry): entry is Record<string, unknown> => isRecord(entry) && typeof entry.key === "string")
        .map((entry) => ({ ...entry, key: String(entry.key), short: String(entry.short ?? entry.key) }) as BibliographyEntry);
    if (parsed.src) {
      const src = parsed.src;
      const seen = new Set<string>();
      // courses/README.md, Localised bibliography: every language the course lists has each source's official name.
      const otherLanguages = meta ? meta.languages.filter((language) => language !== meta!.defaultLanguage) : [];
      bibliography.forEach((entry, index) => {
        if (seen.has(entry.key)) report.at(src, [index, "key"], `duplicate bibliography key "${entry.key}"`);
        seen.add(entry.key);
        const missing = otherLanguages.filter((language) => !isRecord(entry.localized) || !isRecord(entry.localized[language]));
        if (missing.length > 0) {
          report.add(
            src.file,
            lineOf(src, [index]),
            `source "${entry.key}" has no localized ${missing.join(", ")} title and short name; the course is taught in ` +
              `${meta!.languages.join(", ")}, so every source needs localized: { ${missing.map((l) => `${l}: { title, short }`).join(", ")} }`,
          );
        }
        reviewerNotes.push(...noteAt(src, [index], `source "${entry.key}"`, entry.reviewerNotes));
      });
      bibliography = bibliography.map(withoutNotes);
    }
  } else {
    report.add(`${dirRel}/bibliography.yaml`, undefined, "file is missing; every course needs one");
  }

  const slug = meta?.slug ?? folder ?? "";
  const ctx: Context = {
    report,
    files,
    tooLarge,
    slug,
    meta,
    defaultLanguage,
    bibliography,
    hasBibliography,
    bibliographyHref: (key) =>
      (options.bibliographyHref ?? ((courseSlug, k) => `/courses/${courseSlug}/bibliography#${k}`))(slug, key),
    images,
    translations: [],
    reviewerNotes,
    studyTime: { lessons: [], quizzes: [] },
    isFullyTimed: true,
  };

  const title: Localized<string> = {};
  const courseSummary: Localized<string> = {};
  const objectives: Localized<string[]> = {};
  if (meta && defaultLanguage) {
    title[defaultLanguage] = meta.title;
    courseSummary[defaultLanguage] = meta.summary;
    objectives[defaultLanguage] = meta.objectives;
  }

  const moduleFolders: { prefix: number; name: string }[] = [];
  for (const entry of entries) {
    const translation = TRANSLATION_FILE.exec(entry.name);
    if (entry.isFile && (entry.name === "course.yaml" || entry.name === "bibliography.yaml")) continue;
    if (!entry.isFile && entry.name === MEDIA_FOLDER) continue; // checkImages judged it
    if (entry.isFile && translation?.[1] === "course") {
      const file = `${dirRel}/${entry.name}`;
      const language = languageOf(report, file, translation[2], defaultLanguage);
      const parsed = parseYamlFile(ctx, entry.name, CourseTranslation);
      if (!language || !parsed.value || !parsed.src) continue;
      recordTranslation(ctx, "course.yaml", entry.name, language, parsed.value.sourceHash);
      reviewerNotes.push(...noteAt(parsed.src, [], `course (${language})`, parsed.value.reviewerNotes));
      if (parsed.value.objectives && meta && parsed.value.objectives.length !== meta.objectives.length) {
        report.at(
          parsed.src,
          ["objectives"],
          `translation differs from course.yaml: objectives: ${entryCount(parsed.value.objectives.length)} here but ${meta.objectives.length} in the original`,
          { key: true },
        );
      }
      title[language] = parsed.value.title;
      courseSummary[language] = parsed.value.summary;
      if (parsed.value.objectives) objectives[language] = parsed.value.objectives;
      continue;
    }
    const moduleMatch = MODULE_FOLDER.exec(entry.name);
    if (!entry.isFile && moduleMatch) {
      moduleFolders.push({ prefix: Number(moduleMatch[1]), name: entry.name });
      continue;
    }
    report.add(
      `${dirRel}/${entry.name}`,
      undefined,
      !entry.isFile
        ? "unexpected folder; module folders are named NN-name"
        : "unexpected file; a course folder holds course.yaml, course.<lang>.yaml, bibliography.yaml and NN-module folders",
    );
  }

  const modules: (LoadedModule | undefined)[] = [];
  const lessonFiles: LessonFiles[] = [];
  const moduleIds = new Map<string, string>();
  const lessonIds = new Map<string, string>();
  const quizIds = new Map<string, string>();
  ordered(report, dirRel, moduleFolders).forEach((folderEntry, index) => {
    const loaded = loadModule(ctx, folderEntry.name, index + 1, summary);
    modules.push(loaded.module);
    lessonFiles.push(...loaded.lessonFiles);
    const checkUnique = (kind: string, seen: Map<string, string>, found?: { id: string; src: YamlSource }) => {
      if (!found) return;
      const other = seen.get(found.id);
      if (other) report.at(found.src, ["id"], `duplicate ${kind} id "${found.id}" (also in ${other})`);
      else seen.set(found.id, found.src.file);
    };
    checkUnique("module", moduleIds, loaded.moduleId);
    checkUnique("quiz", quizIds, loaded.quizId);
    for (const lesson of loaded.lessonIds) checkUnique("lesson", lessonIds, lesson);
  });
  summary.modules = moduleFolders.length;

  if (meta && metaSrc) {
    for (const language of meta.languages) {
      if (language === meta.defaultLanguage) continue;
      for (const lesson of lessonFiles) {
        if (!lesson.languages.has(language)) {
          report.at(
            metaSrc,
            ["languages"],
            `"${language}" is listed in languages but ${lesson.file} has no translation ${lesson.base}.${language}.md`,
          );
        }
      }
    }
  }

  for (const [file, image] of images) {
    if (image.isValid && !image.isUsed) {
      report.add(report.rel(file), undefined, `image is not shown by any lesson; show it with ![alt text](${MEDIA_FOLDER}/${file.split("/").at(-1)}) or remove it`);
    }
  }

  const studyTime = checkStudyTime(ctx, metaSrc);

  if (report.errors.length > 0 || !meta) return { errors: report.errors, summary, studyTime };
  return {
    errors: [],
    summary,
    studyTime,
    course: {
      slug: meta.slug,
      meta,
      title,
      summary: courseSummary,
      objectives,
      bibliography,
      modules: modules as LoadedModule[],
      reviewerNotes,
      contentHash: courseFilesHash(source),
      images: [...images].map(([path, image]) => ({ path, sha256: image.sha256, type: image.type, bytes: image.bytes })),
      translations: ctx.translations,
    },
  };
}

// --- Images ------------------------------------------------------------------------------------------------------

const MEDIA_FOLDER = "media";
/** `media/<name>` or `NN-module/media/<name>`: the only places an image may be. */
const MEDIA_PATH = /^(?:\d+-[^/.]+\/)?media\/[^/]+$/;
const IMAGE_NAME = /\.(png|jpe?g|webp)$/i;

type CourseImage = { sha256: string; type: MediaType; bytes: Uint8Array; isValid: boolean; isUsed: boolean };

/**
 * Every file under a media folder must be an image the readers recognised by content (PNG, JPEG or WebP), named for
 * what it is, within the size limits. Text files there (an HTML page renamed `map.png`) are refused here; binary
 * files that are no such image (a GIF) the readers refused already.
 */
function checkImages(report: Report, source: CourseFiles): Map<string, CourseImage> {
  const images = new Map<string, CourseImage>();
  let total = 0;
  for (const [path, bytes] of [...source.media].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // A draft's door may hand over any bytes: judged again here, by content.
    const type = mediaTypeOf(bytes);
    if (!type) {
      report.add(report.rel(path), undefined, "not a PNG, JPEG or WebP image (recognised by content, not by name)");
      continue;
    }
    const problems: string[] = [];
    if (!MEDIA_PATH.test(path)) problems.push(`images belong in the course's ${MEDIA_FOLDER}/ folder or in a module's ${MEDIA_FOLDER}/ folder`);
    const named = IMAGE_NAME.exec(path)?.[1]?.toLowerCase().replace("jpeg", "jpg");
    if (named !== IMAGE_EXTENSION[type]) {
      problems.push(`the file's content is a ${type.slice("image/".length).toUpperCase()} image; name it *.${IMAGE_EXTENSION[type]}`);
    }
    if (bytes.length > MAX_IMAGE_BYTES) problems.push(oversizedImageMessage(bytes.length));
    total += bytes.length;
    for (const message of problems) report.add(report.rel(path), undefined, message);
    images.set(path, {
      sha256: createHash("sha256").update(bytes).digest("hex"),
      type,
      bytes,
      isValid: problems.length === 0,
      isUsed: false,
    });
  }
  if (total > MAX_COURSE_IMAGE_BYTES) {
    report.add(
      report.base,
      undefined,
      `images total ${Math.ceil(total / 1024)} KB; a course's images may total at most ${MAX_COURSE_IMAGE_BYTES / 1024} KB`,
    );
  }
  for (const path of source.files.keys()) {
    if (MEDIA_PATH.test(path) || path.split("/").includes(MEDIA_FOLDER)) {
      report.add(report.rel(path), undefined, "not a PNG, JPEG or WebP image: files in media/ folders are images, recognised by their content (this one is text)");
    }
  }
  for (const [path, bytes] of source.tooLarge ?? []) {
    if (path.split("/").includes(MEDIA_FOLDER)) report.add(report.rel(path), undefined, oversizedImageMessage(bytes));
  }
  return images;
}

/**
 * An image as a lesson in `dir` writes it (`media/map.png`, `../media/logo.webp`) → its URL, resolved like a relative
 * link from the lesson's folder, so a course previews the same in any Markdown viewer.
 */
function imageResolver(ctx: Pick<Context, "images" | "files" | "tooLarge" | "slug">, dir: string) {
  return (url: string): { src: string } | { error: string } => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("/") || url.startsWith("#") || /[?#]/.test(url)) {
      return { error: `image "${url}": show an image file of the course (${MEDIA_FOLDER}/file.png), not a web address` };
    }
    let decoded: string;
    try {
      decoded = decodeURI(url);
    } catch {
      decoded = url;
    }
    const segments: string[] = dir ? dir.split("/") : [];
    for (const segment of decoded.split("/")) {
      if (segment === "" || segment === ".") continue;
      if (segment === "..") {
        if (segments.length === 0) return { error: `image "${url}" points outside the course` };
        segments.pop();
      } else segments.push(segment);
    }
    const path = segments.join("/");
    const image = ctx.images.get(path);
    // A file there that is too large or no image has its own error already; the course will not compile.
    if (!image && (ctx.tooLarge?.has(path) || ctx.files.has(path))) return { src: "" };
    if (!image) {
      return { error: `image "${url}" not found: the course has no image ${path}` };
    }
    image.isUsed = true;
    return { src: `/courses/${ctx.slug}/media/${image.sha256}.${IMAGE_EXTENSION[image.type]}` };
  };
}

// --- Modules and lessons ---------------------------------------------------------------------------------------------

type LessonFiles = { file: string; base: string; languages: Set<Language> };

type ModuleResult = {
  module?: LoadedModule;
  moduleId?: { id: string; src: YamlSource };
  quizId?: { id: string; src: YamlSource };
  lessonIds: { id: string; src: YamlSource }[];
  lessonFiles: LessonFiles[];
};

/** `dir`: the module's folder inside the course. */
function loadModule(ctx: Context, dir: string, position: number, summary: CourseSummary): ModuleResult {
  const { report, defaultLanguage } = ctx;
  const dirRel = report.rel(dir);
  const result: ModuleResult = { lessonIds: [], lessonFiles: [] };

  let meta: ModuleMeta | undefined;
  let metaSrc: YamlSource | undefined;
  if (ctx.files.has(`${dir}/module.yaml`)) {
    const parsed = parseYamlFile(ctx, `${dir}/module.yaml`, ModuleMeta);
    meta = parsed.value;
    metaSrc = parsed.src;
    if (meta && metaSrc) {
      result.moduleId = { id: meta.id, src: metaSrc };
      rejectSourceHash(report, metaSrc, meta.sourceHash);
      ctx.reviewerNotes.push(...noteAt(metaSrc, [], `module "${meta.id}"`, meta.reviewerNotes));
      const seen = new Set<string>();
      meta.objectives.forEach((objective, index) => {
        if (seen.has(objective.id)) {
          report.at(metaSrc!, ["objectives", index, "id"], `duplicate objective id "${objective.id}"`);
        }
        seen.add(objective.id);
      });
    }
  } else {
    report.add(`${dirRel}/module.yaml`, undefined, "file is missing; every module needs one");
  }

  const lessonsByBase = new Map<string, { prefix: number; name: string; base: string; translations: Map<Language, string> }>();
  const orphanTranslations: string[] = [];
  const translationFiles: { kind: "module" | "quiz"; language: Language; name: string }[] = [];
  let hasQuiz = false;
  for (const entry of listDir(ctx.files, dir)) {
    const file = `${dirRel}/${entry.name}`;
    if (entry.isFile && entry.name === "module.yaml") continue;
    if (!entry.isFile && entry.name === MEDIA_FOLDER) continue; // checkImages judged it
    if (entry.isFile && entry.name === "quiz.yaml") {
      hasQuiz = true;
      continue;
    }
    const translation = TRANSLATION_FILE.exec(entry.name);
    if (entry.isFile && translation && translation[1] !== "course") {
      const language = languageOf(report, file, translation[2], defaultLanguage);
      if (language) translationFiles.push({ kind: translation[1] as "module" | "quiz", language, name: entry.name });
      continue;
    }
    const lesson = LESSON_FILE.exec(entry.name);
    if (entry.isFile && lesson) {
      const [, base, prefix, code] = lesson;
      const record = lessonsByBase.get(base) ?? { prefix: Number(prefix), name: "", base, translations: new Map() };
      lessonsByBase.set(base, record);
      if (code === undefined) record.name = entry.name;
      else {
        const language = languageOf(report, file, code, defaultLanguage);
        if (language) record.translations.set(language, entry.name);
      }
      continue;
    }
    report.add(
      file,
      undefined,
      "unexpected file; a module folder holds module.yaml, quiz.yaml, NN-name.md lessons and their translations",
    );
  }
  for (const record of lessonsByBase.values()) {
    if (!record.name) {
      for (const name of record.translations.values()) orphanTranslations.push(name);
      lessonsByBase.delete(record.base);
    }
  }
  for (const name of orphanTranslations) {
    report.add(`${dirRel}/${name}`, undefined, "translation of a lesson that does not exist (no matching NN-name.md)");
  }

  const title: Localized<string> = {};
  const objectives: Localized<{ id: string; text: string }[]> = {};
  if (meta && defaultLanguage) {
    title[defaultLanguage] = meta.title;
    objectives[defaultLanguage] = meta.objectives;
  }
  for (const translation of translationFiles.filter((t) => t.kind === "module")) {
    const parsed = parseYamlFile(ctx, `${dir}/${translation.name}`, ModuleMeta);
    if (!parsed.value || !parsed.src) continue;
    if (meta) reportDifferences(report, parsed.src, parsed.raw, "module.yaml", meta, parsed.value);
    recordTranslation(ctx, `${dir}/module.yaml`, `${dir}/${translation.name}`, translation.language, parsed.value.sourceHash);
    ctx.reviewerNotes.push(...noteAt(parsed.src, [], `module "${parsed.value.id}" (${translation.language})`, parsed.value.reviewerNotes));
    title[translation.language] = parsed.value.title;
    objectives[translation.language] = parsed.value.objectives;
  }

  const lessons: (LoadedLesson | undefined)[] = [];
  const lessonRecords = ordered(report, dirRel, [...lessonsByBase.values()]);
  lessonRecords.forEach((record, index) => {
    const lesson = loadLesson(ctx, dir, record.name, index + 1, record.translations, result, summary);
    lessons.push(lesson);
    result.lessonFiles.push({ file: `${dirRel}/${record.name}`, base: record.base, languages: new Set(record.translations.keys()) });
  });
  summary.lessons += lessonRecords.length;
  if (lessonRecords.length === 0 && metaSrc) report.at(metaSrc, [], "module has no lessons");

  let quiz: Localized<QuizDefinition> | undefined;
  if (hasQuiz) {
    quiz = loadQuiz(ctx, dir, meta, metaSrc, translationFiles.filter((t) => t.kind === "quiz"), result, summary);
  } else {
    report.add(`${dirRel}/quiz.yaml`, undefined, "file is missing; every module needs a quiz");
  }

  if (meta && quiz && lessons.every(Boolean)) {
    result.module = { id: meta.id, position, title, objectives, lessons: lessons as LoadedLesson[], quiz };
  }
  return result;
}

const FRONT_MATTER = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

function lessonSource(report: Report, file: string, text: string) {
  const match = FRONT_MATTER.exec(text);
  if (!match) {
    report.add(file, 1, "missing front matter: a lesson starts with --- then id, title and minutes, then ---");
    return undefined;
  }
  const parsed = parseYamlText(report, file, match[1] ?? "", LessonFrontMatter, 1);
  const bodyLine = match[0].split("\n").length;
  return { ...parsed, body: text.slice(match[0].length), bodyLine };
}

function loadLesson(
  ctx: Context,
  dir: string,
  name: string,
  position: number,
  translations: Map<Language, string>,
  result: ModuleResult,
  summary: CourseSummary,
): LoadedLesson | undefined {
  const { report, defaultLanguage } = ctx;
  const file = report.rel(`${dir}/${name}`);
  const text = readCourseFile(ctx, `${dir}/${name}`);
  const source = text === undefined ? undefined : lessonSource(report, file, text);
  if (!source) return undefined;
  const front = source.value;
  if (front && source.src) {
    rejectSourceHash(report, source.src, front.sourceHash);
    result.lessonIds.push({ id: front.id, src: source.src });
    ctx.reviewerNotes.push(...noteAt(source.src, [], `lesson "${front.id}"`, front.reviewerNotes));
  }

  const title: Localized<string> = {};
  const html: Localized<string> = {};
  const wordCount: Localized<number> = {};
  const outdated: Language[] = [];
  const compile = (language: Language | undefined, fileRel: string, body: string, firstLine: number) => {
    reportVerificationNotesInMarkdown(report, fileRel, body, firstLine);
    const compiled = compileMarkdown(body, {
      bibliography: ctx.bibliography,
      labels: MARKDOWN_LABELS[language ?? "en"],
      language,
      bibliographyHref: ctx.bibliographyHref,
      reportUnknownCitations: ctx.hasBibliography,
      firstLine,
      resolveImage: imageResolver(ctx, dir),
    });
    for (const error of compiled.errors) report.add(fileRel, error.line, error.message);
    if (compiled.wordCount === 0) report.add(fileRel, firstLine, "lesson has no body text");
    return compiled;
  };

  const compiled = compile(defaultLanguage, file, source.body, source.bodyLine);
  summary.words += compiled.wordCount;
  if (front && source.src) {
    const lessonTime = { id: front.id, file, words: compiled.wordCount, declared: front.minutes, computed: lessonMinutes(compiled.wordCount) };
    ctx.studyTime.lessons.push(lessonTime);
    checkLessonMinutes(report, source.src, lessonTime);
  } else {
    ctx.isFullyTimed = false;
  }
  if (defaultLanguage && front) {
    title[defaultLanguage] = front.title;
    html[defaultLanguage] = compiled.html;
    wordCount[defaultLanguage] = compiled.wordCount;
  }

  for (const [language, translationName] of translations) {
    const translationFile = report.rel(`${dir}/${translationName}`);
    const translatedText = readCourseFile(ctx, `${dir}/${translationName}`);
    const translated = translatedText === undefined ? undefined : lessonSource(report, translationFile, translatedText);
    if (!translated) continue;
    const translatedCompiled = compile(language, translationFile, translated.body, translated.bodyLine);
    if (!translated.value || !translated.src) continue;
    if (front) reportDifferences(report, translated.src, translated.raw, name, front, translated.value);
    if (recordTranslation(ctx, `${dir}/${name}`, `${dir}/${translationName}`, language, translated.value.sourceHash) === "outdated") {
      outdated.push(language);
    }
    ctx.reviewerNotes.push(...noteAt(translated.src, [], `lesson "${translated.value.id}" (${language})`, translated.value.reviewerNotes));
    title[language] = translated.value.title;
    html[language] = translatedCompiled.html;
    wordCount[language] = translatedCompiled.wordCount;
  }

  if (!front) return undefined;
  return { id: front.id, position, file, minutes: front.minutes, required: front.required, title, html, wordCount, outdated };
}

// --- Translations ----------------------------------------------------------------------------------------------------

// Everything else (ids, correct flags, categories, next, types, answers, objectives, points) is structure that a
// translation must keep, because progress and grading are keyed to it.
// Reviewer notes are free in a translation: a note on the French wording need not exist in the English file.
// A translation's sourceHash says which version of the original it translates; the original has none.
const TEXT_FIELDS = new Set(["title", "prompt", "text", "feedback", "explanation", "case", "summary", "reviewerNotes", "sourceHash"]);

function reportDifferences(
  report: Report,
  src: YamlSource,
  raw: unknown,
  originalName: string,
  original: unknown,
  translation: unknown,
  skip: Set<string> = new Set(),
) {
  const describe = (value: unknown) => (value === undefined ? "absent" : JSON.stringify(value));
  const walk = (a: unknown, b: unknown, at: Path) => {
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) {
        report.at(src, at, `translation differs from ${originalName}: ${where(raw, at)}${entryCount(b.length)} here but ${a.length} in the original`, {
          key: true,
        });
        return;
      }
      a.forEach((item, index) => walk(item, b[index], [...at, index]));
      return;
    }
    if (isRecord(a) && isRecord(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of keys) {
        if (TEXT_FIELDS.has(key) || (at.length === 0 && skip.has(key))) continue;
        if (key === "citation" && typeof a[key] === "string" && typeof b[key] === "string") {
          // The locator is text ("art." / "para." / "§" may be translated); the key is not.
          const [ka, kb] = [parseCitation(a[key] as string).key, parseCitation(b[key] as string).key];
          if (ka !== kb) report.at(src, [...at, key], `translation differs from ${originalName}: ${where(raw, at)}citation key "${kb}" here but "${ka}" in the original`);
          continue;
        }
        walk(a[key], b[key], [...at, key]);
      }
      return;
    }
    if (a !== b) {
      const field = at.at(-1);
      const prefix = where(raw, at.slice(0, -1));
      report.at(src, at, `translation differs from ${originalName}: ${prefix}${String(field)} is ${describe(b)} here but ${describe(a)} in the original`);
    }
  };
  walk(original, translation, []);
}

/** Records whether a translation was made from its source as it is now (see TranslationState). */
function recordTranslation(
  ctx: Context,
  source: string,
  translation: string,
  language: Language,
  recorded: string | undefined,
): TranslationState["status"] {
  const sourceText = ctx.files.get(source);
  const current = sourceText === undefined ? undefined : sourceHashOf(source, sourceText);
  const status = recorded === undefined ? "unrecorded" : recorded === current ? "current" : "outdated";
  ctx.translations.push({ file: ctx.report.rel(translation), source: ctx.report.rel(source), language, status });
  return status;
}

function rejectSourceHash(report: Report, src: YamlSource, sourceHash: string | undefined) {
  if (sourceHash !== undefined) {
    report.at(src, ["sourceHash"], "sourceHash belongs in translations only: it records which version of this file they translate", { key: true });
  }
}

// --- Quizzes ---------------------------------------------------------------------------------------------------------

function loadQuiz(
  ctx: Context,
  moduleDir: string,
  moduleMeta: ModuleMeta | undefined,
  moduleSrc: YamlSource | undefined,
  translations: { language: Language; name: string }[],
  result: ModuleResult,
  summary: CourseSummary,
): Localized<QuizDefinition> | undefined {
  const { report, defaultLanguage } = ctx;
  const parsed = parseYamlFile(ctx, `${moduleDir}/quiz.yaml`, QuizFile);
  const src = parsed.src;
  if (!src) return undefined;
  if (parsed.value) {
    result.quizId = { id: parsed.value.id, src };
    rejectSourceHash(report, src, parsed.value.sourceHash);
  }

  // Checked per question so that one malformed question does not hide the rule violations of the others.
  const rawQuestions = isRecord(parsed.raw) && Array.isArray(parsed.raw.questions) ? parsed.raw.questions : [];
  summary.questions += rawQuestions.length;
  const questions = rawQuestions.map((raw) => QuestionSchema.safeParse(raw)).map((r) => (r.success ? r.data : undefined));
  const tested = new Set<string>();
  const seenIds = new Set<string>();
  questions.forEach((question, index) => {
    if (!question) return;
    tested.add(question.objective);
    checkQuestion(ctx, src, question, ["questions", index], moduleMeta, seenIds);
    ctx.reviewerNotes.push(...questionNotes(src, question, ["questions", index], ""));
  });
  if (parsed.value && questions.every(Boolean)) {
    const timed = (questions as Question[]).map((question) => questionTime(question));
    ctx.studyTime.quizzes.push({
      id: parsed.value.id,
      file: src.file,
      questions: timed.length,
      application: questions.filter((question) => question!.level === "application").length,
      scenarios: questions.filter((question) => question!.type === "scenario").length,
      minutes: quizMinutes(timed),
    });
  } else {
    ctx.isFullyTimed = false;
  }

  if (moduleMeta && moduleSrc && questions.every(Boolean)) {
    moduleMeta.objectives.forEach((objective, index) => {
      if (!tested.has(objective.id)) {
        report.at(moduleSrc, ["objectives", index, "id"], `objective "${objective.id}" is not tested by any quiz question`);
      }
    });
  }

  const quiz = parsed.value;
  const byLanguage: Localized<QuizDefinition> = {};
  const resolve = ({ sourceHash: _sourceHash, ...file }: QuizFile, fileSrc: YamlSource, language: Language | undefined): QuizDefinition => ({
    ...file,
    settings: { ...quiz!.settings, passMark: quiz!.settings.passMark ?? ctx.meta?.passMark ?? 100 },
    questions: file.questions.map((question, index) =>
      resolveQuestion(ctx, fileSrc, question, ["questions", index], language),
    ),
  });
  if (quiz) {
    const resolved = resolve(quiz, src, defaultLanguage);
    if (defaultLanguage) byLanguage[defaultLanguage] = resolved;
  } else {
    // Still compile the valid questions' cases, for their citation errors.
    questions.forEach((question, index) => question && resolveQuestion(ctx, src, question, ["questions", index], defaultLanguage));
  }

  for (const translation of translations) {
    const translated = parseYamlFile(ctx, `${moduleDir}/${translation.name}`, QuizFile);
    if (!translated.value || !translated.src) continue;
    const rawHasSettings = isRecord(translated.raw) && "settings" in translated.raw;
    translated.value.questions.forEach((question, index) =>
      ctx.reviewerNotes.push(...questionNotes(translated.src!, question, ["questions", index], ` (${translation.language})`)),
    );
    if (quiz) {
      reportDifferences(report, translated.src, translated.raw, "quiz.yaml", quiz, translated.value, rawHasSettings ? new Set() : new Set(["settings"]));
      recordTranslation(ctx, `${moduleDir}/quiz.yaml`, `${moduleDir}/${translation.name}`, translation.language, translated.value.sourceHash);
      byLanguage[translation.language] = resolve(translated.value, translated.src, translation.language);
    }
  }
  return quiz ? byLanguage : undefined;
}

function checkQuestion(
  ctx: Context,
  src: YamlSource,
  question: Question,
  at: Path,
  moduleMeta: ModuleMeta | undefined,
  seenIds: Set<string>,
) {
  const { report } = ctx;
  const label = `question "${question.id}"`;
  const unique = (id: string, idAt: Path) => {
    if (seenIds.has(id)) report.at(src, idAt, `duplicate id "${id}" (question and step ids must be unique in a quiz)`);
    seenIds.add(id);
  };
  unique(question.id, [...at, "id"]);

  if (moduleMeta && !moduleMeta.objectives.some((objective) => objective.id === question.objective)) {
    report.at(src, [...at, "objective"], `${label} objective "${question.objective}" is not an objective of module "${moduleMeta.id}"`);
  }
  const { key } = parseCitation(question.citation);
  if (ctx.hasBibliography && !ctx.bibliography.some((entry) => entry.key === key)) {
    report.at(src, [...at, "citation"], `${label} has unknown citation key "${key}"`);
  }

  const uniqueWithin = (kind: string, list: { id: string }[], listAt: Path, owner: string) => {
    const seen = new Set<string>();
    list.forEach((entry, index) => {
      if (seen.has(entry.id)) report.at(src, [...listAt, index, "id"], `${owner} has two ${kind} with id "${entry.id}"`);
      seen.add(entry.id);
    });
  };
  const checkChoice = (
    type: "single" | "multiple",
    options: { id: string; correct: boolean; next?: string }[],
    optionsAt: Path,
    owner: string,
    inScenario: boolean,
  ) => {
    uniqueWithin("options", options, optionsAt, owner);
    const correct = options.filter((option) => option.correct).length;
    if (correct === 0) report.at(src, optionsAt, `${owner} has no correct option`, { key: true });
    if (type === "single" && correct > 1) {
      report.at(src, optionsAt, `${owner} has ${correct} correct options; a single-choice question needs exactly one`, {
        key: true,
      });
    }
    if (!inScenario) {
      options.forEach((option, index) => {
        if (option.next !== undefined) {
          report.at(src, [...optionsAt, index, "next"], `${owner} option "${option.id}" has next, which only scenario steps use`);
        }
      });
    }
  };

  switch (question.type) {
    case "single":
    case "multiple":
      checkChoice(question.type, question.options, [...at, "options"], label, false);
      break;
    case "matching": {
      uniqueWithin("categories", question.categories, [...at, "categories"], label);
      uniqueWithin("items", question.items, [...at, "items"], label);
      const categories = new Set(question.categories.map((category) => category.id));
      question.items.forEach((item, index) => {
        if (!categories.has(item.category)) {
          report.at(src, [...at, "items", index, "category"], `${label} item "${item.id}" names unknown category "${item.category}"`);
        }
      });
      break;
    }
    case "ordering":
      uniqueWithin("items", question.items, [...at, "items"], label);
      if (question.items.length < 3) {
        report.at(src, [...at, "items"], `${label} has ${question.items.length} items; an ordering question needs at least three`, {
          key: true,
        });
      }
      break;
    case "scenario":
      question.steps.forEach((step, index) => {
        const stepAt = [...at, "steps", index];
        unique(step.id, [...stepAt, "id"]);
        if (step.type !== "true-false") {
          checkChoice(step.type, step.options, [...stepAt, "options"], `${label} step "${step.id}"`, true);
        }
      });
      checkScenarioGraph(report, src, question, at);
      break;
    case "true-false":
      break;
  }
}

/** Where each step can go next, with the YAML path of the `next` that says so (for error lines). */
function scenarioEdges(question: ScenarioQuestion, at: Path) {
  return question.steps.map((step, index) => {
    const stepAt = [...at, "steps", index];
    const edges: { to: string; at: Path; from: string; used: boolean }[] = [];
    if (step.type !== "true-false") {
      step.options.forEach((option, optionIndex) => {
        if (option.next !== undefined) {
          edges.push({
            to: option.next,
            at: [...stepAt, "options", optionIndex, "next"],
            from: `step "${step.id}" option "${option.id}"`,
            used: true,
          });
        }
      });
    }
    // The step-level next applies to every option without its own (and to a true-false step as a whole); when
    // every option overrides it, it leads nowhere but must still name a step.
    if (step.next !== undefined) {
      const used = step.type === "true-false" || step.options.some((option) => option.next === undefined);
      edges.push({ to: step.next, at: [...stepAt, "next"], from: `step "${step.id}"`, used });
    }
    return { id: step.id, edges };
  });
}

function checkScenarioGraph(report: Report, src: YamlSource, question: ScenarioQuestion, at: Path) {
  const label = `question "${question.id}"`;
  const nodes = scenarioEdges(question, at);
  const ids = new Set(nodes.map((node) => node.id));
  if (!ids.has(question.start)) {
    report.at(src, [...at, "start"], `${label} starts at missing step "${question.start}"`);
  }
  for (const node of nodes) {
    for (const edge of node.edges) {
      if (!ids.has(edge.to)) report.at(src, edge.at, `${label} ${edge.from} goes to missing step "${edge.to}"`);
    }
  }
  const successors = new Map(nodes.map((node) => [node.id, [...new Set(node.edges.filter((e) => e.used && ids.has(e.to)).map((e) => e.to))]]));

  if (ids.has(question.start)) {
    const reached = new Set<string>([question.start]);
    const queue = [question.start];
    while (queue.length > 0) {
      for (const next of successors.get(queue.shift()!) ?? []) {
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    question.steps.forEach((step, index) => {
      if (!reached.has(step.id)) {
        report.at(src, [...at, "steps", index, "id"], `${label} step "${step.id}" is unreachable from the start step "${question.start}"`);
      }
    });
  }

  // Depth-first with the current path on a stack: a successor already on the stack closes a cycle.
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (id: string) => {
    stack.push(id);
    for (const next of successors.get(id) ?? []) {
      const onStack = stack.indexOf(next);
      if (onStack !== -1) {
        const cycle = [...stack.slice(onStack), next];
        const stepIndex = question.steps.findIndex((step) => step.id === id);
        report.at(src, [...at, "steps", stepIndex, "id"], `${label} steps form a cycle: ${cycle.join(" → ")}`);
      } else if (!done.has(next)) visit(next);
    }
    stack.pop();
    done.add(id);
  };
  const order = ids.has(question.start) ? [question.start, ...ids] : [...ids];
  for (const id of order) if (!done.has(id)) visit(id);
}

/** Steps on the longest path from start: the README's default for a scenario's points. Graph already checked. */
function longestPath(question: ScenarioQuestion): number {
  const byId = new Map(question.steps.map((step) => [step.id, step]));
  const memo = new Map<string, number>();
  const depth = (id: string): number => {
    const step = byId.get(id);
    if (!step) return 0;
    if (memo.has(id)) return memo.get(id)!;
    memo.set(id, 1); // guards against cycles if called on an unchecked graph
    const targets = new Set<string>();
    if (step.type === "true-false") {
      if (step.next) targets.add(step.next);
    } else {
      for (const option of step.options) {
        const next = option.next ?? step.next;
        if (next) targets.add(next);
      }
    }
    const value = 1 + Math.max(0, ...[...targets].map(depth));
    memo.set(id, value);
    return value;
  };
  return depth(question.start);
}

/**
 * Explanations and feedback are Markdown (*case names* in italics, links): compiled here, at import, by the lessons'
 * sanitising pipeline, so the quiz page renders stored HTML and never parses Markdown per request.
 */
function compileQuestionTexts(ctx: Context, src: YamlSource, question: Question, language: Language | undefined): Question {
  const compile = (text: string, what: string) => {
    const compiled = compileInlineMarkdown(text, {
      bibliography: ctx.bibliography,
      labels: MARKDOWN_LABELS[language ?? "en"],
      bibliographyHref: ctx.bibliographyHref,
      reportUnknownCitations: ctx.hasBibliography,
      idPrefix: `${question.id}-${what}-`,
    });
    for (const error of compiled.errors) ctx.report.add(src.file, undefined, `question "${question.id}" ${what}: ${error.message}`);
    return compiled.html;
  };
  const options = <T extends { id: string; feedback: string }>(list: T[], where: string) =>
    list.map((option) => ({ ...option, feedback: compile(option.feedback, `${where}${option.id} feedback`) }));
  const trueFalse = (feedback: { true: string; false: string }, where: string) => ({
    true: compile(feedback.true, `${where}true feedback`),
    false: compile(feedback.false, `${where}false feedback`),
  });
  const explanation = compile(question.explanation, "explanation");
  switch (question.type) {
    case "single":
    case "multiple":
      return { ...question, explanation, options: options(question.options, "option ") };
    case "true-false":
      return { ...question, explanation, feedback: trueFalse(question.feedback, "") };
    case "matching":
    case "ordering":
      return { ...question, explanation, items: options(question.items, "item ") } as Question;
    case "scenario":
      return {
        ...question,
        explanation,
        steps: question.steps.map((step) =>
          step.type === "true-false"
            ? { ...step, feedback: trueFalse(step.feedback, `step ${step.id} `) }
            : { ...step, options: options(step.options, `step ${step.id} option `) },
        ),
      };
  }
}

function questionNotes(src: YamlSource, question: Question, at: Path, suffix: string): ReviewerNote[] {
  const notes = noteAt(src, at, `question "${question.id}"${suffix}`, question.reviewerNotes);
  if (question.type === "scenario") {
    question.steps.forEach((step, index) =>
      notes.push(...noteAt(src, [...at, "steps", index], `question "${question.id}" step "${step.id}"${suffix}`, step.reviewerNotes)),
    );
  }
  return notes;
}

function questionTime(question: Question): QuestionTimeInput {
  if (question.type !== "scenario") return { type: question.type, level: question.level };
  return { type: "scenario", level: question.level, caseWords: markdownWordCount(question.case), longestPathSteps: longestPath(question) };
}

// --- Study time ------------------------------------------------------------------------------------------------------

function checkLessonMinutes(report: Report, src: YamlSource, lesson: LessonTime) {
  // An empty lesson is already an error of its own; a second one about its minutes would say nothing new.
  if (lesson.words === 0 || isLessonMinutesHonest(lesson.declared, lesson.computed)) return;
  const tolerance = lessonToleranceMinutes(lesson.computed);
  const low = Math.max(1, Math.ceil(lesson.computed - tolerance));
  const high = Math.floor(lesson.computed + tolerance);
  report.at(
    src,
    ["minutes"],
    `minutes: ${lesson.declared} declared, but ${lesson.words} words of study reading give ${lesson.computed} ` +
      `(⌈words ÷ 120⌉); declare ${low} to ${high} (courses/README.md, Honest study time)`,
  );
}

function checkStudyTime(ctx: Context, metaSrc: YamlSource | undefined): StudyTime {
  const { studyTime, meta } = ctx;
  if (!ctx.isFullyTimed || studyTime.quizzes.length === 0) return studyTime;
  const minutes = courseMinutes(
    studyTime.lessons.map((lesson) => lesson.computed),
    studyTime.quizzes.map((quiz) => quiz.minutes),
  );
  studyTime.computedMinutes = minutes;
  studyTime.allowedCreditHours = allowedCreditHours(minutes);
  if (!meta || !metaSrc) return studyTime;
  studyTime.declaredHours = meta.estimatedHours;
  studyTime.creditHours = meta.creditHours;
  const lessonsTotal = studyTime.lessons.reduce((sum, lesson) => sum + lesson.computed, 0);
  const breakdown = `${minutes} minutes (lessons ${lessonsTotal} + quizzes ${minutes - lessonsTotal})`;
  if (!isEstimatedHoursHonest(meta.estimatedHours, minutes)) {
    const tolerance = courseToleranceMinutes(minutes);
    const low = Math.max(0.25, Math.ceil(((minutes - tolerance) / 60) * 4) / 4);
    const high = Math.floor(((minutes + tolerance) / 60) * 4) / 4;
    ctx.report.at(
      metaSrc,
      ["estimatedHours"],
      `estimatedHours: ${meta.estimatedHours} (${Math.round(meta.estimatedHours * 60)} minutes) declared, but the course ` +
        `computes to ${breakdown}; declare ${low} to ${high} (courses/README.md, Honest study time)`,
    );
  }
  if (!isCreditHoursHonest(meta.creditHours, minutes)) {
    const allowed = allowedCreditHours(minutes);
    const choices = allowed >= 0.5 ? `0, ${allowed - 0.5 > 0 ? `${allowed - 0.5} or ` : ""}${allowed}` : "0";
    ctx.report.at(
      metaSrc,
      ["creditHours"],
      `creditHours: ${meta.creditHours} declared, but ${breakdown} allow ${allowed} (one per 60 minutes, rounded ` +
        `down to the half hour); declare ${choices} (courses/README.md, Honest study time)`,
    );
  }
  return studyTime;
}

function resolveQuestion(ctx: Context, src: YamlSource, raw: Question, at: Path, language: Language | undefined): Question {
  const question = compileQuestionTexts(ctx, src, withoutQuestionNotes(raw), language);
  if (question.type !== "scenario") return { ...question, points: question.points ?? 1 };
  const caseNode = nodeAt(src.doc, [...at, "case"], false);
  const caseLine = lineOf(src, [...at, "case"]);
  // A block scalar's text starts on the line after its `|` or `>` indicator.
  const isBlock = isScalar(caseNode) && (caseNode.type === "BLOCK_LITERAL" || caseNode.type === "BLOCK_FOLDED");
  const compiled = compileMarkdown(question.case, {
    bibliography: ctx.bibliography,
    labels: MARKDOWN_LABELS[language ?? "en"],
    language,
    bibliographyHref: ctx.bibliographyHref,
    reportUnknownCitations: ctx.hasBibliography,
    firstLine: caseLine === undefined ? undefined : caseLine + (isBlock ? 1 : 0),
    idPrefix: `${question.id}-`,
  });
  for (const error of compiled.errors) ctx.report.add(src.file, error.line, `question "${question.id}" case: ${error.message}`);
  return { ...question, case: compiled.html, points: question.points ?? longestPath(question) };
}

/** The question as the quiz engine stores it: the full review policy sends questions to the browser whole. */
function withoutQuestionNotes(question: Question): Question {
  const stripped = withoutNotes(question) as Question;
  if (stripped.type !== "scenario") return stripped;
  return { ...stripped, steps: stripped.steps.map((step) => withoutNotes(step) as typeof step) };
}

// --- One lesson, for the studio's preview --------------------------------------------------------------------------

export type LessonPreview = { title?: string; minutes?: number; language?: Language; html: string; errors: CourseError[] };

/**
 * One lesson file of a course compiled as compileCourse compiles it (the same front-matter reading, the same
 * Markdown compiler, sanitiser, labels and bibliography, course.yaml's default language), without compiling the rest
 * of the course: the studio previews a lesson while other files are still being written (issue 13: the preview is
 * exactly what learners will see). `path` is inside the course (`01-x/02-y.md`, or a translation `02-y.fr.md`).
 */
export function compileLessonPreview(source: CourseFiles, path: string, options: CompileOptions = {}): LessonPreview {
  const report = new Report(options.base ?? source.folder ?? "");
  const files = source.files;
  const text = files.get(path);
  if (text === undefined) return { html: "", errors: [{ file: report.rel(path), message: "file is missing" }] };
  const meta = parseYamlFile({ report: new Report(report.base), files }, "course.yaml", CourseMeta).value;
  const bibliography = parseYamlFile({ report: new Report(report.base), files }, "bibliography.yaml", Bibliography).value?.map(withoutNotes) ?? [];
  const translated = /\.([a-z]{2})\.md$/.exec(path)?.[1] as Language | undefined;
  const language = translated && (LANGUAGES as readonly string[]).includes(translated) ? translated : meta?.defaultLanguage;
  const file = report.rel(path);
  const lesson = lessonSource(report, file, text);
  if (!lesson) return { language, html: "", errors: report.errors };
  const slug = meta?.slug ?? source.folder ?? "";
  reportVerificationNotesInMarkdown(report, file, lesson.body, lesson.bodyLine);
  const compiled = compileMarkdown(lesson.body, {
    bibliography,
    labels: MARKDOWN_LABELS[language ?? "en"],
    language,
    bibliographyHref: (key) => (options.bibliographyHref ?? ((courseSlug, k) => `/courses/${courseSlug}/bibliography#${k}`))(slug, key),
    reportUnknownCitations: bibliography.length > 0,
    firstLine: lesson.bodyLine,
    // Images resolved as the whole-course compile resolves them (same paths, same messages, same src), so the
    // preview shows what learners will see; the images' own checks are the draft page's (a report not shown here).
    resolveImage: imageResolver({ images: checkImages(new Report(report.base), source), files, tooLarge: source.tooLarge, slug }, path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ""),
  });
  for (const error of compiled.errors) report.add(file, error.line, error.message);
  return { title: lesson.value?.title, minutes: lesson.value?.minutes, language, html: compiled.html, errors: report.errors };
}
