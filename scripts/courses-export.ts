// `npm run courses:export -- <slug> <out.zip>`: writes the course folder courses/<slug> (or COURSES_DIR/<slug>) as a
// zip of its folder, the archive `courses:check -- <out.zip>` and (later) the studio's upload read back. The course
// need not be valid (a draft moves between doors too); the check's verdict is printed alongside.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { courseFilesHash } from "../app/courses/course-files.server";
import { exportCourseZip } from "../app/courses/course-zip.server";
import { compileCourse, formatCourseError, readFolder } from "../app/courses/load.server";

const [slug, out, ...extra] = process.argv.slice(2);
if (!slug || !out || extra.length > 0 || !out.toLowerCase().endsWith(".zip")) {
  console.error("usage: npm run courses:export -- <slug> <out.zip>");
  process.exit(2);
}

const dir = path.join(path.resolve(process.env.COURSES_DIR ?? "courses"), slug);
const read = readFolder(dir);
if (!read.course || read.errors.length > 0) {
  // A refused file (a symbolic link, a binary that is not an image) would silently be missing from the archive.
  for (const error of read.errors) console.error(formatCourseError(error));
  console.error(`${slug}: not exported`);
  process.exit(1);
}
const { errors } = compileCourse(read.course, { base: read.base });
if (read.course.tooLarge && read.course.tooLarge.size > 0) {
  // The folder reader left these files unread, so they cannot go into the archive.
  for (const error of errors) console.error(formatCourseError(error));
  console.error(`${slug}: not exported`);
  process.exit(1);
}
const zip = await exportCourseZip(read.course);
writeFileSync(out, zip);
for (const error of errors) console.error(formatCourseError(error));
const files = read.course.files.size + read.course.media.size;
console.log(
  `${slug}: ${files} files, ${zip.length} bytes, content hash ${courseFilesHash(read.course)} → ${out}` +
    (errors.length === 0 ? "" : ` (exported with ${errors.length} error${errors.length === 1 ? "" : "s"})`),
);
