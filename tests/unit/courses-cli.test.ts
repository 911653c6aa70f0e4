// The command-line doors: `npm run courses:export -- <slug> <out.zip>` and `npm run courses:check -- <file.zip>`,
// run as a trainer or CI would run them.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { exportCourseZip } from "~/courses/course-zip.server";
import { readFolder } from "~/courses/load.server";
import { buildZip } from "../support/raw-zip";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const work = mkdtempSync(path.join(tmpdir(), "lexmigra-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(script: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [path.join(ROOT, "scripts", script), ...args], {
      cwd: ROOT,
      env: { ...process.env, COURSES_DIR: "tests/fixtures/courses", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("courses:export and courses:check on a zip", () => {
  it("exports a course that then checks clean from its zip", { timeout: 60_000 }, async () => {
    const out = path.join(work, "fixture.zip");
    const exported = await run("courses-export.ts", ["fixture-course", out]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^fixture-course: 13 files, \d+ bytes, content hash [0-9a-f]{64} → /);
    const checked = await run("courses-check.ts", [out]);
    expect(checked.stdout).toContain(`${out}: 2 modules, 3 lessons, 55 words, 7 questions — ok`);
    expect(checked.code).toBe(0);
  });

  it("reports a broken course in a zip at the file and line inside the archive", { timeout: 60_000 }, async () => {
    const course = readFolder(path.join(ROOT, "tests/fixtures/courses/fixture-course")).course!;
    const files = new Map(course.files);
    files.set("02-response/module.yaml", files.get("02-response/module.yaml")!.replace("id: response", "id: definitions"));
    const out = path.join(work, "broken.zip");
    writeFileSync(out, await exportCourseZip({ ...course, files }));
    const checked = await run("courses-check.ts", [out]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(
      `${out}/fixture-course/02-response/module.yaml:1: duplicate module id "definitions" (also in ${out}/fixture-course/01-definitions/module.yaml)`,
    );
  });

  it("refuses a malicious archive with its reason", { timeout: 60_000 }, async () => {
    const out = path.join(work, "evil.zip");
    writeFileSync(out, buildZip([{ name: "fixture-course/../../evil.md", data: "x" }]));
    const checked = await run("courses-check.ts", [out]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(`${out}: archive refused: entry "fixture-course/../../evil.md" leaves the course folder ("..")`);
  });

  it("refuses to export a course with a file it left unread for its size", { timeout: 60_000 }, async () => {
    const courses = path.join(work, "courses");
    cpSync(path.join(ROOT, "tests/fixtures/courses/fixture-course"), path.join(courses, "fixture-course"), { recursive: true });
    writeFileSync(path.join(courses, "fixture-course/02-response/01-referral.md"), "x".repeat(300 * 1024));
    const out = path.join(work, "oversized.zip");
    const result = await run("courses-export.ts", ["fixture-course", out], { COURSES_DIR: courses });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/01-referral\.md: file is 300 KB; course files may be at most 256 KB/);
    expect(result.stderr).toContain("fixture-course: not exported");
    expect(existsSync(out)).toBe(false);
  });

  it("explains its usage when the arguments are wrong", { timeout: 60_000 }, async () => {
    const result = await run("courses-export.ts", ["fixture-course"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("usage: npm run courses:export -- <slug> <out.zip>");
  });
});
