// Images in lessons (courses/README.md, Images): where they may be, how lessons show them, what the validator
// refuses, and that the content hash covers their bytes. Each case is a copy of the fixture course on disk, read by
// the folder reader, so the rules are tested through the door `npm run courses:check` uses.
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileCourse, compileLessonPreview } from "~/courses/compile.server";
import { classifyFile, MAX_IMAGE_BYTES } from "~/courses/course-files.server";
import { readCourseFolder } from "~/courses/course-folder.server";
import { confirmImageTypes, sniffImageType } from "~/courses/images.server";
import { formatCourseError, loadCourse } from "~/courses/load.server";
import { compileMarkdown, MARKDOWN_LABELS } from "~/courses/markdown.server";
import { FIXTURE_COURSE } from "../support/courses";
import { gifImage, jpegImage, largePngImage, pngImage, webpImage } from "../support/images";

const C = "courses/fixture-course";
const LESSON = "01-definitions/01-trafficking.md";
const LESSON_FR = "01-definitions/01-trafficking.fr.md";
const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function copy(files: Record<string, Buffer | string> = {}, edits: [file: string, from: string, to: string][] = []) {
  const root = mkdtempSync(path.join(tmpdir(), "lexmigra-images-"));
  temporary.push(root);
  const dir = path.join(root, "courses", "fixture-course");
  cpSync(FIXTURE_COURSE, dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  for (const [file, from, to] of edits) {
    const text = readFileSync(path.join(dir, file), "utf8");
    if (text.split(from).length !== 2) throw new Error(`"${from}" must occur once in ${file}`);
    writeFileSync(path.join(dir, file), text.replace(from, to));
  }
  return { root, dir };
}

const showIn = (file: string, markdown: string): [string, string, string] => [file, "## Three elements\n", `## Three elements\n\n${markdown}\n`];
const showInFr = (markdown: string): [string, string, string] => [LESSON_FR, "## Trois éléments\n", `## Trois éléments\n\n${markdown}\n`];

function errorsOf(c: { root: string; dir: string }) {
  return loadCourse(c.dir, { root: c.root }).errors.map(formatCourseError);
}

describe("images in lessons", () => {
  it("shows a module image and a course image by their content hash, in every language, and stores both", () => {
    const map = pngImage(1);
    const logo = webpImage();
    const c = copy(
      { "01-definitions/media/map.png": map, "media/logo.webp": logo },
      [showIn(LESSON, "![Map of the border post](media/map.png)"), showInFr("![Plan du poste frontière](media/map.png) ![Logo](../media/logo.webp)")],
    );
    const { course, errors } = loadCourse(c.dir, { root: c.root });
    expect(errors).toEqual([]);
    const images = new Map(course!.images.map((image) => [image.path, image]));
    expect([...images.keys()].sort()).toEqual(["01-definitions/media/map.png", "media/logo.webp"]);
    const mapHash = images.get("01-definitions/media/map.png")!.sha256;
    expect(mapHash).toMatch(/^[0-9a-f]{64}$/);
    expect(images.get("media/logo.webp")!.type).toBe("image/webp");
    const lesson = course!.modules[0].lessons[0];
    expect(lesson.html.en).toContain(`<img src="/courses/fixture-course/media/${mapHash}.png" alt="Map of the border post" loading="lazy">`);
    expect(lesson.html.fr).toContain(`alt="Plan du poste frontière"`);
    expect(lesson.html.fr).toContain(`/courses/fixture-course/media/${images.get("media/logo.webp")!.sha256}.webp`);
  });

  it("shows the image in a lesson's preview (the studio's) as the whole course shows it, and reports the same problems", () => {
    const map = pngImage(3);
    const c = copy({ "01-definitions/media/map.png": map }, [showIn(LESSON, "![Map of the border post](media/map.png)\n\n![Map](media/nowhere.png)")]);
    const files = readCourseFolder(c.dir).course!;
    const preview = compileLessonPreview(files, LESSON, { base: C });
    const sha256 = createHash("sha256").update(map).digest("hex");
    expect(preview.html).toContain(`<img src="/courses/fixture-course/media/${sha256}.png" alt="Map of the border post" loading="lazy">`);
    expect(preview.errors.map(formatCourseError)).toEqual([`${C}/${LESSON}:11: image "media/nowhere.png" not found: the course has no image 01-definitions/media/nowhere.png`]);
  });

  it("requires alt text, at the image's line", () => {
    const c = copy({ "01-definitions/media/map.png": pngImage() }, [showIn(LESSON, "![](media/map.png)")]);
    expect(errorsOf(c)).toEqual([`${C}/${LESSON}:9: image needs alt text`]);
  });

  it("reports an unknown image, a web address, a path out of the course and an image nobody shows", () => {
    const c = copy({ "01-definitions/media/unused.png": pngImage(2) }, [
      showIn(LESSON, "![Map](media/nowhere.png)\n\n![Tracker](https://evil.example/p.png)\n\n![Up](../../etc/passwd)"),
    ]);
    expect(errorsOf(c)).toEqual([
      `${C}/${LESSON}:9: image "media/nowhere.png" not found: the course has no image 01-definitions/media/nowhere.png`,
      `${C}/${LESSON}:11: image "https://evil.example/p.png": show an image file of the course (media/file.png), not a web address`,
      `${C}/${LESSON}:13: image "../../etc/passwd" points outside the course`,
      `${C}/01-definitions/media/unused.png: image is not shown by any lesson; show it with ![alt text](media/unused.png) or remove it`,
    ]);
  });

  it("judges an image by its content: a renamed HTML page, GIF or SVG is refused, a JPEG named .png must be renamed", () => {
    const c = copy(
      {
        "01-definitions/media/page.png": "<html><script>alert(1)</script></html>",
        "01-definitions/media/anim.png": gifImage(),
        "01-definitions/media/logo.png": "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        "01-definitions/media/photo.png": jpegImage(),
      },
      [showIn(LESSON, "![Photo](media/photo.png)")],
    );
    expect(errorsOf(c)).toEqual([
      `${C}/01-definitions/media/anim.png: not a UTF-8 text file nor a PNG, JPEG or WebP image; a course holds only those`,
      `${C}/01-definitions/media/logo.png: SVG image refused: SVG can carry script; use PNG, JPEG or WebP`,
      `${C}/01-definitions/media/photo.png: the file's content is a JPEG image; name it *.jpg`,
      `${C}/01-definitions/media/page.png: not a PNG, JPEG or WebP image: files in media/ folders are images, recognised by their content (this one is text)`,
    ]);
  });

  it("keeps images in media folders", () => {
    const c = copy({ "01-definitions/map.png": pngImage() }, [showIn(LESSON, "![Map](map.png)")]);
    expect(errorsOf(c)).toEqual([
      `${C}/01-definitions/map.png: images belong in the course's media/ folder or in a module's media/ folder`,
    ]);
  });

  it("limits each image and all images of a course", () => {
    const big = copy({ "media/big.png": largePngImage(MAX_IMAGE_BYTES + 10), "media/huge.png": largePngImage(3 * MAX_IMAGE_BYTES) }, [
      showIn(LESSON, "![Big](../media/big.png) ![Huge](../media/huge.png)"),
    ]);
    expect(errorsOf(big)).toEqual([
      `${C}/media/big.png: image is 1025 KB; an image may be at most 1024 KB (scale it down or save it as WebP)`,
      `${C}/media/huge.png: image is 3073 KB; an image may be at most 1024 KB (scale it down or save it as WebP)`,
    ]);
    const images = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`media/p${i}.png`, largePngImage(MAX_IMAGE_BYTES - 100, i)]));
    const many = copy(images, [showIn(LESSON, Object.keys(images).map((file, i) => `![Part ${i}](../${file})`).join(" "))]);
    expect(errorsOf(many)).toEqual([`${C}: images total 11264 KB; a course's images may total at most 10240 KB`]);
  });

  it("makes image bytes part of the content hash", () => {
    const lesson = showIn(LESSON, "![Map](media/map.png)");
    const one = loadCourse(copy({ "01-definitions/media/map.png": pngImage(1) }, [lesson]).dir).course!;
    const same = loadCourse(copy({ "01-definitions/media/map.png": pngImage(1) }, [lesson]).dir).course!;
    const other = loadCourse(copy({ "01-definitions/media/map.png": pngImage(2) }, [lesson]).dir).course!;
    expect(same.contentHash).toBe(one.contentHash);
    expect(other.contentHash).not.toBe(one.contentHash);
  });

  it("refuses images outside lessons (a scenario case) and image references", () => {
    const c = copy({ "01-definitions/media/map.png": pngImage() }, [showIn(LESSON, "![Map][m]\n\n[m]: media/map.png")]);
    expect(errorsOf(c)).toContain(`${C}/${LESSON}:9: write an image as ![alt text](media/file.png), not as a reference`);
    const compiled = compileMarkdown("![Map](media/map.png)", { bibliography: [], labels: MARKDOWN_LABELS.en, bibliographyHref: () => "#" });
    expect(compiled.errors.map((e) => e.message)).toEqual(['image "media/map.png": images can be shown in lessons only']);
    expect(compiled.html).not.toContain("<img");
  });

  it("lets the sanitiser keep an image only from the course media route", () => {
    const render = (src: string) =>
      compileMarkdown("![Alt](x.png)", {
        bibliography: [],
        labels: MARKDOWN_LABELS.en,
        bibliographyHref: () => "#",
        resolveImage: () => ({ src }),
      }).html;
    const hash = "a".repeat(64);
    expect(render(`/courses/c/media/${hash}.png`)).toBe(`<p><img src="/courses/c/media/${hash}.png" alt="Alt" loading="lazy"></p>`);
    for (const src of ["https://evil.example/x.png", "data:image/png;base64,AAAA", `/courses/c/media/${hash}.svg`, "/logout"]) {
      expect(render(src)).toBe(`<p><img alt="Alt" loading="lazy"></p>`);
    }
  });

  it("compiles a studio draft's images like a folder's", () => {
    const c = copy({ "01-definitions/media/map.png": pngImage(3) }, [showIn(LESSON, "![Map](media/map.png)")]);
    const fromFolder = loadCourse(c.dir, { root: c.root });
    const files = new Map<string, string>();
    const read = (rel: string) => readFileSync(path.join(c.dir, rel), "utf8");
    for (const file of [
      "course.yaml", "course.fr.yaml", "bibliography.yaml", "01-definitions/module.yaml", "01-definitions/module.fr.yaml",
      "01-definitions/quiz.yaml", "01-definitions/quiz.fr.yaml", LESSON, LESSON_FR, "01-definitions/02-smuggling.md",
      "02-response/module.yaml", "02-response/quiz.yaml", "02-response/01-referral.md",
    ]) files.set(file, read(file));
    const draft = compileCourse({ folder: "fixture-course", files, media: new Map([["01-definitions/media/map.png", pngImage(3)]]) }, { base: C });
    expect(draft.errors).toEqual([]);
    expect(draft.course!.contentHash).toBe(fromFolder.course!.contentHash);
    const bytesAsText = compileCourse({ folder: "fixture-course", files, media: new Map([["01-definitions/media/map.png", Buffer.from("<html>")]]) }, { base: C });
    expect(bytesAsText.errors.map(formatCourseError)).toContain(`${C}/01-definitions/media/map.png: not a PNG, JPEG or WebP image (recognised by content, not by name)`);
  });
});

describe("image sniffing", () => {
  it("recognises PNG, JPEG and WebP by content with file-type, whatever the name, and nothing else", async () => {
    expect(await sniffImageType(pngImage())).toBe("image/png");
    expect(await sniffImageType(jpegImage())).toBe("image/jpeg");
    expect(await sniffImageType(webpImage())).toBe("image/webp");
    expect(await sniffImageType(gifImage())).toBeUndefined();
    expect(await sniffImageType(Buffer.from("<html><body>hi</body></html>"))).toBeUndefined();
    expect(await sniffImageType(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeUndefined();
  });

  it("agrees with the readers' signature check, and the importer's confirmation flags a disagreement", async () => {
    for (const bytes of [pngImage(), jpegImage(), webpImage()]) {
      const classified = classifyFile("media/x.png", bytes);
      expect(classified.kind).toBe("media");
      expect(classified.kind === "media" && classified.type).toBe(await sniffImageType(bytes));
    }
    expect(classifyFile("media/x.png", gifImage()).kind).toBe("refused");
    expect(await confirmImageTypes([{ path: "media/x.png", type: "image/png", bytes: pngImage() }])).toEqual([]);
    expect(await confirmImageTypes([{ path: "media/x.png", type: "image/png", bytes: jpegImage() }])).toEqual([
      "media/x.png: not a valid PNG image (content check)",
    ]);
  });
});
