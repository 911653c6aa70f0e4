// Adding a lesson image to a draft from the browser (issue 13, ADR 0027): a multipart form on the draft page. The
// content decides (file-type), never the name: PNG, JPEG and WebP are kept under an extension that follows the
// content; a renamed text file, an SVG with script and an oversized image are refused with the field's message and a
// 400, and nothing is written; a name already in the folder is refused rather than replaced.
import { beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import * as mediaRoute from "~/routes/courses.$slug.media.$file";
import * as draftPage from "~/routes/studio.drafts.$draftId._index";
import { listDraftFiles, readDraftFile } from "~/studio/drafts.server";
import { imageBaseName } from "~/studio/files";
import { freshDatabase } from "./db";
import { call, getRequest, ORIGIN, refusal } from "./http";
import { insertAccount, type Account } from "../support/accounts";
import { draftOfFixtureCourse } from "../support/drafts";
import { jpegImage, largePngImage, pngImage } from "../support/images";

let draftId: string;
let trainer: Account;
let learner: Account;

function upload(file: { name: string; bytes: Uint8Array; type?: string } | null, folder: string, cookie = trainer.cookie) {
  const form = new FormData();
  form.set("intent", "upload-image");
  form.set("folder", folder);
  if (file) form.set("image", new File([Buffer.from(file.bytes)], file.name, { type: file.type ?? "image/png" }));
  const request = new Request(`${ORIGIN}/studio/drafts/${draftId}`, { method: "POST", body: form, headers: { Origin: ORIGIN, Cookie: cookie } });
  return call(draftPage.action, request, { draftId });
}

const mediaPaths = async () => (await listDraftFiles(draftId)).filter((f) => f.kind === "media").map((f) => f.path).sort();

beforeAll(async () => {
  await freshDatabase();
  trainer = await insertAccount({ role: "trainer" });
  learner = await insertAccount({ role: "learner" });
  draftId = await draftOfFixtureCourse(trainer.id);
});

describe("adding an image to a draft", () => {
  it("keeps a PNG in the module's media folder, named from the upload, and says how to show it", async () => {
    const before = await mediaPaths();
    const added = await upload({ name: "Carte frontière (2).PNG", bytes: pngImage(1, 4) }, "01-definitions");
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ ok: true, image: "01-definitions/media/carte-frontiere-2.png" });
    expect(await mediaPaths()).toEqual([...before, "01-definitions/media/carte-frontiere-2.png"].sort());
    const stored = await readDraftFile(draftId, "01-definitions/media/carte-frontiere-2.png");
    expect(Buffer.from(stored.bytes!)).toEqual(pngImage(1, 4));
  });

  it("names the file by its content: a JPEG called .png is kept as .jpg, in the course's media folder", async () => {
    const added = await upload({ name: "photo.png", bytes: jpegImage() }, "");
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ image: "media/photo.jpg" });
  });

  it("refuses a text file named .png, an SVG with script and an oversized image, writing nothing", async () => {
    const before = await mediaPaths();
    const text = await upload({ name: "notes.png", bytes: new TextEncoder().encode("not an image at all\n") }, "01-definitions");
    expect(text.status).toBe(400);
    expect(refusal(text).fieldErrors.image).toEqual({ key: "studio.errors.notImage" });
    const svg = await upload(
      { name: "map.svg", type: "image/svg+xml", bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') },
      "01-definitions",
    );
    expect(svg.status).toBe(400);
    expect(refusal(svg).fieldErrors.image).toEqual({ key: "studio.errors.notImage" });
    const big = await upload({ name: "huge.png", bytes: largePngImage(1024 * 1024 + 10_000) }, "01-definitions");
    expect(big.status).toBe(400);
    expect(refusal(big).fieldErrors.image).toMatchObject({ key: "studio.images.tooBig", values: { max: 1024 } });
    expect(await mediaPaths()).toEqual(before);
  });

  it("refuses no file, an unknown folder and a name already taken", async () => {
    const before = await mediaPaths();
    expect(refusal(await upload(null, "01-definitions")).fieldErrors.image).toEqual({ key: "studio.images.missing" });
    expect(refusal(await upload({ name: "x.png", bytes: pngImage(2) }, "../etc")).fieldErrors.folder).toEqual({ key: "studio.errors.folder" });
    const again = await upload({ name: "carte frontière (2).png", bytes: pngImage(3) }, "01-definitions");
    expect(again.status).toBe(400);
    expect(refusal(again).fieldErrors.image).toEqual({ key: "studio.images.exists", values: { path: "01-definitions/media/carte-frontiere-2.png" } });
    expect(await mediaPaths()).toEqual(before);
  });

  it("is served to authors for the draft's lesson preview, by the hash the compiler names it with, and to nobody else", async () => {
    const file = `${createHash("sha256").update(pngImage(1, 4)).digest("hex")}.png`;
    const get = (cookie: string, name = file) => call(mediaRoute.loader, getRequest(`/courses/fixture-course/media/${name}`, { cookie }), { slug: "fixture-course", file: name });
    const served = await get(trainer.cookie);
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/png");
    expect(served.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect((await get(trainer.cookie, file.replace(".png", ".jpg"))).status).toBe(404);
    expect((await get(learner.cookie)).status).toBe(404);
  });

  it("is for studio users only", async () => {
    const refused = await upload({ name: "x.png", bytes: pngImage(4) }, "01-definitions", learner.cookie);
    expect(refused.status).toBe(403);
  });

  it("derives safe file names", () => {
    expect(imageBaseName("C:\\Users\\me\\Plan Été.webp")).toBe("plan-ete");
    expect(imageBaseName("../../etc/passwd.png")).toBe("passwd");
    expect(imageBaseName("???.png")).toBe("image");
    expect(imageBaseName("")).toBe("image");
  });
});
