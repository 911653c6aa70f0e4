// A course as a map of files: what every door (a folder on disk, a zip upload, later a studio draft) hands to the
// compiler (compile.server.ts). The rules of what may be in that map live here, once, so that a folder and a zip
// of it are accepted, refused and hashed alike. No filesystem access: readers do I/O, this only judges bytes.
import { createHash } from "node:crypto";

export type MediaType = "image/png" | "image/jpeg" | "image/webp";

export type CourseFiles = {
  /**
   * The course folder's name, which `slug` in course.yaml must equal. Undefined when the course came without a
   * folder (a flat zip): the slug then names itself.
   */
  folder?: string;
  /** Path inside the course folder (forward slashes, no hidden files) → UTF-8 text. */
  files: ReadonlyMap<string, string>;
  /** Path → bytes of the images the readers accepted (PNG, JPEG, WebP, recognised by their magic bytes). */
  media: ReadonlyMap<string, Uint8Array>;
  /**
   * Path → size of files over MAX_COURSE_FILE_BYTES that a reader did not read at all (the folder reader, so that a
   * runaway file never delays start-up). They are part of the course, and the compiler reports each.
   */
  tooLarge?: ReadonlyMap<string, number>;
};

/**
 * The largest course file accepted: about ten times the largest file of the curriculum. A larger file is an error
 * for its course (with the file's name and the limit), read no further, so a runaway file never delays start-up.
 */
export const MAX_COURSE_FILE_BYTES = 256 * 1024;

export function oversizedFileMessage(bytes: number): string {
  return `file is ${Math.ceil(bytes / 1024)} KB; course files may be at most ${MAX_COURSE_FILE_BYTES / 1024} KB (split the lesson or the quiz)`;
}

/**
 * The largest image of a lesson: a screenshot or a diagram saved as PNG or WebP fits easily; a camera photo must be
 * scaled down first, which learners on slow connections (border posts) need anyway.
 */
export const MAX_IMAGE_BYTES = 1024 * 1024;
/** All images of a course together: every learner's first visit of each lesson downloads them. */
export const MAX_COURSE_IMAGE_BYTES = 10 * 1024 * 1024;

export function oversizedImageMessage(bytes: number): string {
  return `image is ${Math.ceil(bytes / 1024)} KB; an image may be at most ${MAX_IMAGE_BYTES / 1024} KB (scale it down or save it as WebP)`;
}

/** The largest file a reader reads at all: anything larger is reported by its size alone. */
export const MAX_READ_BYTES = Math.max(MAX_COURSE_FILE_BYTES, MAX_IMAGE_BYTES);

/** The usual file name extension of each image type, as image URLs end. */
export const IMAGE_EXTENSION: Record<MediaType, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

export type ClassifiedFile =
  | { kind: "text"; text: string }
  | { kind: "media"; type: MediaType; bytes: Uint8Array }
  | { kind: "refused"; reason: string };

// `fatal` refuses malformed UTF-8 instead of replacing it; `ignoreBOM` keeps a byte-order mark in the text, so that
// encoding the text again gives back the same bytes and the same content hash.
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decides what a file's bytes are by their content, never by their name: a PNG renamed `lesson.md` is an image
 * and an SVG named `logo.png` is refused. SVG is refused in any form because it can carry script.
 */
export function classifyFile(path: string, bytes: Uint8Array): ClassifiedFile {
  const type = mediaTypeOf(bytes);
  if (type) return { kind: "media", type, bytes };
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return { kind: "refused", reason: NOT_TEXT };
  }
  if (text.includes("\0")) return { kind: "refused", reason: NOT_TEXT };
  if (/\.svgz?$/i.test(path) || looksLikeSvg(text)) {
    return { kind: "refused", reason: "SVG image refused: SVG can carry script; use PNG, JPEG or WebP" };
  }
  return { kind: "text", text };
}

const NOT_TEXT = "not a UTF-8 text file nor a PNG, JPEG or WebP image; a course holds only those";

/** PNG, JPEG and WebP signatures (PNG spec §5.2; JPEG SOI marker FF D8 FF; WebP: RIFF container with form type WEBP). */
export function mediaTypeOf(bytes: Uint8Array): MediaType | undefined {
  const starts = (signature: number[], at = 0) => signature.every((byte, index) => bytes[at + index] === byte);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (bytes.length >= 12 && starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return undefined;
}

// An SVG document may open with a BOM, an XML declaration, comments and a doctype before its root element.
function looksLikeSvg(text: string): boolean {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, "");
  return /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>/]/i.test(head);
}

/** Code-unit order, not locale order, so every machine lists (and hashes) the same course the same way. */
export function sortedPaths(course: Pick<CourseFiles, "files" | "media" | "tooLarge">): string[] {
  return [...course.files.keys(), ...course.media.keys(), ...(course.tooLarge?.keys() ?? [])].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
}

/**
 * The version of what the importer stores for the same files (compiled HTML, resolved quizzes). Part of the content
 * hash, so a change to compilation (2: quiz explanations and feedback compiled from Markdown) makes a new version of
 * every course at the next start-up instead of leaving old output behind an unchanged hash. Raise it with any change
 * to compile.server.ts or markdown.server.ts that changes their output for unchanged files.
 */
export const COMPILER_VERSION = 2;

/**
 * SHA-256 (hex) over the course's files: sorted paths, each with its content. The folder name is not part of it,
 * so a course hashes the same wherever it lies and whichever door it came through (folder, zip, draft).
 */
export function courseFilesHash(course: Pick<CourseFiles, "files" | "media" | "tooLarge">): string {
  const hash = createHash("sha256");
  hash.update(`lexmigra-compiler-${COMPILER_VERSION}\0`);
  for (const path of sortedPaths(course)) {
    const text = course.files.get(path);
    const media = course.media.get(path);
    // An unread file's size stands in for its bytes: such a course is never valid, so no version carries this hash.
    const content =
      text !== undefined ? Buffer.from(text, "utf8") : (media ?? Buffer.from(`too-large:${course.tooLarge?.get(path)}`));
    // Length-prefixed so that moving bytes between a path and a content cannot give the same stream.
    hash.update(`${path}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest("hex");
}

/** Hidden files and folders (`.DS_Store`, `.git`, editor swap files) are litter, not content: every reader skips them. */
export function isHidden(path: string): boolean {
  return path.split("/").some((segment) => segment.startsWith("."));
}
