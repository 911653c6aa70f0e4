// The folder door: a course folder on disk → CourseFiles. The only course code that reads the filesystem; the
// compiler (compile.server.ts) and the zip door (course-zip.server.ts) take and give file maps.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { classifyFile, type CourseFiles, isHidden, MAX_COURSE_FILE_BYTES, MAX_READ_BYTES } from "./course-files.server";

/** A file the reader could not accept; `path` is inside the course folder ("" for the folder itself). */
export type ReadError = { path: string; message: string };

export type ReadCourseFolderResult = { course?: CourseFiles; errors: ReadError[] };

export function readCourseFolder(dir: string): ReadCourseFolderResult {
  const abs = path.resolve(dir);
  const stat = statSync(abs, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) return { errors: [{ path: "", message: "course folder not found" }] };

  const files = new Map<string, string>();
  const media = new Map<string, Uint8Array>();
  const tooLarge = new Map<string, number>();
  const errors: ReadError[] = [];
  const walk = (relDir: string) => {
    const entries = readdirSync(path.join(abs, relDir), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (isHidden(entry.name)) continue;
      if (entry.isSymbolicLink()) {
        // A link could pull any file of the machine into a course (and into its zip export).
        errors.push({ path: rel, message: "symbolic link; a course folder holds plain files and folders only" });
      } else if (entry.isDirectory()) {
        walk(rel);
      } else if (entry.isFile()) {
        const { size } = statSync(path.join(abs, rel));
        // Images may be larger than text files; whatever is larger than both is left unread.
        if (size > MAX_READ_BYTES) {
          tooLarge.set(rel, size);
          continue;
        }
        const classified = classifyFile(rel, readFileSync(path.join(abs, rel)));
        if (classified.kind === "text" && size > MAX_COURSE_FILE_BYTES) tooLarge.set(rel, size);
        else if (classified.kind === "text") files.set(rel, classified.text);
        else if (classified.kind === "media") media.set(rel, classified.bytes);
        else errors.push({ path: rel, message: classified.reason });
      } else {
        errors.push({ path: rel, message: "not a regular file; a course folder holds plain files and folders only" });
      }
    }
  };
  walk("");
  return { course: { folder: path.basename(abs), files, media, tooLarge }, errors };
}

/** The course folders under a courses directory (hidden ones skipped), sorted. */
export function listCourseFolders(coursesDir: string): string[] {
  return readdirSync(coursesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !isHidden(entry.name))
    .map((entry) => entry.name)
    .sort();
}
