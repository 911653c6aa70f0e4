// The studio's zip door: every shipped course exported as a zip, uploaded as a draft and exported again keeps its
// content hash; hostile uploads are refused with a 4xx and a message, and nothing is written.
import path from "node:path";
import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { courseFilesHash } from "~/courses/course-files.server";
import { listCourseFolders, readCourseFolder } from "~/courses/course-folder.server";
import { exportCourseZip, readCourseZip } from "~/courses/course-zip.server";
import { db } from "~/db.server";
import * as studioHome from "~/routes/studio._index";
import { readDraftFiles } from "~/studio/drafts.server";
import { draftFromZip, draftZip } from "~/studio/zip.server";
import { insertAccount, type Account } from "../support/accounts";
import { buildZip } from "../support/raw-zip";
import { call, ORIGIN } from "./http";
import { freshDatabase } from "./db";
import { courseDrafts, draftFiles } from "#db/tables";

const COURSES = path.resolve("courses");
let trainer: Account;

beforeAll(async () => {
  await freshDatabase();
  trainer = await insertAccount({ role: "trainer" });
});

function upload(archive: Buffer, cookie: string) {
  const form = new FormData();
  form.set("intent", "upload");
  form.set("archive", new File([new Uint8Array(archive)], "course.zip", { type: "application/zip" }));
  return new Request(`${ORIGIN}/studio`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: ORIGIN } });
}

const rowCounts = async () => [
  (await db.select({ n: count() }).from(courseDrafts))[0]!.n,
  (await db.select({ n: count() }).from(draftFiles))[0]!.n,
];

describe("zip round trip", () => {
  it.each(listCourseFolders(COURSES))("%s: folder → zip → draft → zip keeps the content hash", async (folder) => {
    const read = readCourseFolder(path.join(COURSES, folder));
    expect(read.errors).toEqual([]);
    const hash = courseFilesHash(read.course!);
    const draftId = await draftFromZip({ id: trainer.id, role: "trainer", isReviewer: false }, await exportCourseZip(read.course!));
    const draft = await readDraftFiles(draftId);
    expect(draft.folder).toBe(folder);
    expect(courseFilesHash(draft)).toBe(hash);
    const again = await readCourseZip((await draftZip(draftId)).bytes);
    expect(courseFilesHash(again)).toBe(hash);
  });
});

describe("hostile uploads", () => {
  const cases: [string, Buffer][] = [
    ["path traversal", buildZip([{ name: "x/../../etc/passwd", data: "root" }])],
    ["a symbolic link", buildZip([{ name: "c/course.yaml", data: "slug: c" }, { name: "c/link", data: "/etc/passwd", unixMode: 0o120777 }])],
    ["a binary file", buildZip([{ name: "c/course.yaml", data: "slug: c" }, { name: "c/x.bin", data: Buffer.from([0, 1, 2, 3, 0, 255]) }])],
    ["a zip bomb", buildZip([{ name: "c/course.yaml", data: "a".repeat(6 * 1024 * 1024) }])],
    ["an SVG", buildZip([{ name: "c/course.yaml", data: "slug: c" }, { name: "c/logo.png", data: "<svg onload=alert(1)></svg>" }])],
    ["not a zip at all", Buffer.from("just text")],
  ];
  it.each(cases)("refuses %s with a 400 and a message, writing nothing", async (_name, archive) => {
    const before = await rowCounts();
    const answer = await call(studioHome.action as never, upload(archive, trainer.cookie));
    expect(answer.status).toBe(400);
    const body = answer.body as { error: Record<string, string[]> };
    expect(body.error.archive?.[0]).toMatch(/studio\.zip\.(refused|unreadable)/);
    expect(await rowCounts()).toEqual(before);
  });

  it("accepts a well-formed upload and opens its draft", async () => {
    const read = readCourseFolder(path.join(COURSES, listCourseFolders(COURSES)[0]!));
    const renamed = { ...read.course!, folder: "uploaded-copy", files: new Map(read.course!.files).set("course.yaml", read.course!.files.get("course.yaml")!.replace(/^slug:.*$/m, "slug: uploaded-copy")) };
    const answer = await call(studioHome.action as never, upload(await exportCourseZip(renamed), trainer.cookie));
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toMatch(/^\/studio\/drafts\/[a-z2-7]+$/);
  });
});
