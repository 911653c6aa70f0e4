// The zip door (app/courses/course-zip.server.ts): every shipped course survives export and import with the same
// content hash, and every archive an attacker or a careless tool could send is refused as a whole.
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { courseFilesHash } from "~/courses/course-files.server";
import { CourseArchiveError, exportCourseZip, readCourseZip } from "~/courses/course-zip.server";
import { compileCourse, formatCourseError, loadCourse, readFolder } from "~/courses/load.server";
import { buildZip, type RawEntry } from "../support/raw-zip";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const COURSE_DIRS = ["courses", "tests/fixtures/courses", "tests/fixtures/e2e-courses"].flatMap((dir) =>
  readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${dir}/${entry.name}`),
);

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d69cb00000000049454e44ae426082", "hex");
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const WEBP = Buffer.concat([Buffer.from("RIFF"), Buffer.from([0x1a, 0, 0, 0]), Buffer.from("WEBPVP8L"), Buffer.alloc(14, 0x80)]);

const COURSE_YAML = "slug: tiny\n";

async function refusal(archive: Buffer, limits?: Parameters<typeof readCourseZip>[1]): Promise<string> {
  const error = await readCourseZip(archive, limits).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CourseArchiveError);
  return (error as Error).message;
}

const zipOf = (...entries: RawEntry[]) => buildZip([{ name: "tiny/course.yaml", data: COURSE_YAML }, ...entries]);

describe("zip round trip", () => {
  it.each(COURSE_DIRS)("exports %s and reads it back with the same content hash and the same compiled course", async (dir) => {
    const folder = readFolder(path.join(ROOT, dir), { root: ROOT });
    expect(folder.errors).toEqual([]);
    const archive = await exportCourseZip(folder.course!);
    const back = await readCourseZip(archive);
    expect(back.folder).toBe(path.basename(dir));
    expect(courseFilesHash(back)).toBe(courseFilesHash(folder.course!));
    const fromZip = compileCourse(back, { base: dir });
    const fromFolder = loadCourse(path.join(ROOT, dir), { root: ROOT });
    expect(fromZip.errors.map(formatCourseError)).toEqual(fromFolder.errors.map(formatCourseError));
    expect(fromZip.course?.contentHash).toBe(fromFolder.course?.contentHash);
    expect(fromZip.course).toEqual(fromFolder.course);
  });

  it("writes the same archive for the same files, byte for byte", async () => {
    const { course } = readFolder(path.join(ROOT, "tests/fixtures/courses/fixture-course"));
    expect(Buffer.compare(await exportCourseZip(course!), await exportCourseZip(course!))).toBe(0);
  });

  it("reads a flat archive (files at its root) as a course without a folder name", async () => {
    const course = await readCourseZip(buildZip([{ name: "course.yaml", data: COURSE_YAML }, { name: "01-m/module.yaml", data: "id: m\n" }]));
    expect(course.folder).toBeUndefined();
    expect([...course.files.keys()]).toEqual(["course.yaml", "01-m/module.yaml"]);
  });

  it("skips hidden files and macOS resource forks, and keeps images found by their magic bytes whatever their name", async () => {
    const course = await readCourseZip(
      zipOf(
        { name: "tiny/.DS_Store", data: Buffer.from([0, 0, 0, 1, 0xff]) },
        { name: "__MACOSX/tiny/._course.yaml", data: Buffer.from([0, 5, 0x16, 7]) },
        { name: "tiny/media/", method: 0, unixMode: 0o40755 },
        { name: "tiny/media/photo.txt", data: PNG },
        { name: "tiny/media/b.jpg", data: JPEG, method: 0 },
        { name: "tiny/media/c.webp", data: WEBP },
      ),
    );
    expect([...course.files.keys()]).toEqual(["course.yaml"]);
    expect([...course.media.keys()]).toEqual(["media/photo.txt", "media/b.jpg", "media/c.webp"]);
    // The compiler, not the reader, judges them: one misnamed, two shown by no lesson.
    expect(compileCourse(course).errors.filter((e) => e.file.startsWith("tiny/media"))).toHaveLength(3);
  });
});

describe("a refused archive", () => {
  it("is over the size limit", async () => {
    const archive = zipOf({ name: "tiny/bibliography.yaml", data: "x".repeat(5000), method: 0 });
    expect(await refusal(archive, { maxArchiveBytes: 4096 })).toMatch(/^archive is .* MiB; the limit is 0 MiB$/);
  });

  it("is not a zip at all", async () => {
    expect(await refusal(Buffer.from("course.yaml\nslug: tiny\n"))).toMatch(/^not a readable zip archive/);
  });

  it("is a zip bomb by ratio: 4 MiB of spaces in a few kilobytes", async () => {
    const archive = zipOf({ name: "tiny/01-m/01-l.md", data: " ".repeat(4 * 1024 * 1024) });
    expect(archive.length).toBeLessThan(10_000);
    expect(await refusal(archive)).toBe('"tiny/01-m/01-l.md" inflates more than 100 times its compressed size (a zip bomb?)');
  });

  it("is a zip bomb whose header declares a tiny size, caught while inflating", async () => {
    const archive = zipOf({ name: "tiny/01-m/01-l.md", data: "a".repeat(3 * 1024 * 1024), declaredUncompressedSize: 12 });
    expect(await refusal(archive, { maxRatio: 1_000_000 })).toMatch(/^"tiny\/01-m\/01-l\.md" does not inflate to the size its header declares/);
  });

  it("inflates past the per-file limit even when the ratio is modest", async () => {
    const random = randomBytes(150_000).toString("hex");
    expect(await refusal(zipOf({ name: "tiny/notes.md", data: random }), { maxEntryBytes: 200_000 })).toBe(
      '"tiny/notes.md" inflates to more than 0.2 MiB',
    );
  });

  it("inflates past the total limit over many files", async () => {
    const files = Array.from({ length: 4 }, (_, i) => ({ name: `tiny/0${i}.md`, data: "word ".repeat(60_000) }));
    expect(await refusal(zipOf(...files), { maxTotalBytes: 1024 * 1024, maxRatio: 1_000_000 })).toBe(
      "the archive inflates to more than 1 MiB",
    );
  });

  it("has too many entries", async () => {
    const files = Array.from({ length: 12 }, (_, i) => ({ name: `tiny/f${i}.md`, data: "x" }));
    expect(await refusal(zipOf(...files), { maxEntries: 10 })).toBe("archive has more than 10 entries");
  });

  it.each([
    ["../evil.md", 'entry "../evil.md" leaves the course folder ("..")'],
    ["tiny/01-m/../../../etc/cron.d/x", 'entry "tiny/01-m/../../../etc/cron.d/x" leaves the course folder ("..")'],
    ["/etc/passwd", 'entry "/etc/passwd" has an absolute path'],
    ["C:/Windows/win.ini", 'entry "C:/Windows/win.ini" starts with a drive letter'],
    ["c:evil.md", 'entry "c:evil.md" starts with a drive letter'],
    ["tiny\\..\\evil.md", 'entry "tiny\\\\..\\\\evil.md" has a backslash in its path; zip paths use "/"'],
    ["tiny//course.fr.yaml", 'entry "tiny//course.fr.yaml" has an empty or "." segment in its path'],
    ["tiny/./x.md", 'entry "tiny/./x.md" has an empty or "." segment in its path'],
    ["tiny/\u0000x.md", 'entry "tiny/\\u0000x.md" has control characters in its name'],
  ])("has a path that escapes or confuses: %j", async (name, message) => {
    expect(await refusal(zipOf({ name, data: "x" }))).toBe(message);
  });

  it("holds a symbolic link, even one pointing inside the course", async () => {
    expect(await refusal(zipOf({ name: "tiny/bibliography.yaml", data: "/etc/passwd", unixMode: 0o120777 }))).toBe(
      '"tiny/bibliography.yaml" is a symbolic link; a course holds plain files only',
    );
    expect(await refusal(zipOf({ name: "tiny/01-m/", data: "../", unixMode: 0o120755, method: 0 }))).toBe(
      '"tiny/01-m" is a symbolic link; a course holds plain files only',
    );
  });

  it("holds a device or other special file", async () => {
    expect(await refusal(zipOf({ name: "tiny/fifo", data: "", unixMode: 0o10644 }))).toBe('"tiny/fifo" is not a regular file');
  });

  it("holds the same entry twice, or two names that differ only in case", async () => {
    expect(await refusal(zipOf({ name: "tiny/course.yaml", data: "slug: other\n" }))).toBe(
      '"tiny/course.yaml" appears twice in the archive',
    );
    expect(await refusal(zipOf({ name: "tiny/Course.yaml", data: "slug: other\n" }))).toBe(
      '"tiny/Course.yaml" and "tiny/course.yaml" differ only in letter case',
    );
  });

  it.each([
    ["an SVG image, by extension", "tiny/media/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ["an SVG image disguised as a PNG", "tiny/media/logo.png", '<?xml version="1.0"?>\n<!-- logo -->\n<svg onload="alert(1)">'],
    ["an executable", "tiny/tool.md", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0])],
    ["a GIF image", "tiny/media/a.gif", Buffer.concat([Buffer.from("GIF89a"), Buffer.from([1, 0, 1, 0, 0x80, 0, 0, 0xff])])],
    ["a PDF", "tiny/reading.pdf", Buffer.concat([Buffer.from("%PDF-1.7\n%"), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3])])],
    ["text in another encoding (Latin-1)", "tiny/course.fr.yaml", Buffer.from("title: Traite des \xeatres humains\n", "latin1")],
    ["text with NUL bytes", "tiny/01-m/01-l.md", "id: x\u0000\u0000"],
  ])("holds %s", async (_kind, name, data) => {
    expect(await refusal(zipOf({ name, data }))).toMatch(new RegExp(`^"${name.replace(/[.]/g, "\\.")}": (SVG image refused|not a UTF-8 text file nor a PNG, JPEG or WebP image)`));
  });

  it("is encrypted", async () => {
    const archive = zipOf({ name: "tiny/bibliography.yaml", data: "[]\n" });
    // Set general-purpose bit 0 (encrypted) in the second entry's local and central headers (APPNOTE §4.4.4).
    const central = archive.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), archive.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 4);
    archive.writeUInt16LE(archive.readUInt16LE(central + 8) | 1, central + 8);
    const local = archive.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), 4);
    archive.writeUInt16LE(archive.readUInt16LE(local + 6) | 1, local + 6);
    expect(await refusal(archive)).toBe('"tiny/bibliography.yaml" is encrypted');
  });
});
