// The folder door (app/courses/course-folder.server.ts): what it refuses on disk, and that a refused file keeps
// the course from compiling into something importable.
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { contentHash, formatCourseError, loadCourse } from "~/courses/load.server";

const FIXTURE = fileURLToPath(new URL("../fixtures/courses/fixture-course", import.meta.url));
const C = "courses/fixture-course";
const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function copy(): { root: string; dir: string } {
  const root = mkdtempSync(path.join(tmpdir(), "lexmigra-folder-"));
  temporary.push(root);
  const dir = path.join(root, "courses", "fixture-course");
  cpSync(FIXTURE, dir, { recursive: true });
  return { root, dir };
}

describe("the folder reader", () => {
  it("refuses a symbolic link, even to a file of the course, and the course is not importable", () => {
    const { root, dir } = copy();
    symlinkSync(path.join(dir, "01-definitions", "02-smuggling.md"), path.join(dir, "01-definitions", "03-again.md"));
    const result = loadCourse(dir, { root });
    expect(result.errors.map(formatCourseError)).toEqual([
      `${C}/01-definitions/03-again.md: symbolic link; a course folder holds plain files and folders only`,
    ]);
    expect(result.course).toBeUndefined();
  });

  it("refuses a binary file and an SVG, and an image outside a media folder", () => {
    const { root, dir } = copy();
    writeFileSync(path.join(dir, "01-definitions", "notes.doc"), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    writeFileSync(path.join(dir, "logo.svg"), "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>");
    writeFileSync(path.join(dir, "map.png"), Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"));
    expect(loadCourse(dir, { root }).errors.map(formatCourseError)).toEqual([
      `${C}/01-definitions/notes.doc: not a UTF-8 text file nor a PNG, JPEG or WebP image; a course holds only those`,
      `${C}/logo.svg: SVG image refused: SVG can carry script; use PNG, JPEG or WebP`,
      `${C}/map.png: images belong in the course's media/ folder or in a module's media/ folder`,
    ]);
  });

  it("skips hidden files, which change neither the errors nor the content hash", () => {
    const { root, dir } = copy();
    writeFileSync(path.join(dir, ".DS_Store"), Buffer.from([0, 0, 0, 1, 0xff]));
    writeFileSync(path.join(dir, "01-definitions", ".quiz.yaml.swp"), "x");
    expect(loadCourse(dir, { root }).errors).toEqual([]);
    expect(contentHash(dir)).toBe(contentHash(FIXTURE));
  });

  it("reports a missing folder", () => {
    const { root } = copy();
    expect(loadCourse(path.join(root, "courses", "nowhere"), { root }).errors.map(formatCourseError)).toEqual([
      "courses/nowhere: course folder not found",
    ]);
  });
});
