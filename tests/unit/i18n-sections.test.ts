// Each page ships only the locale units its routes use, computed from the source at build time
// (scripts/i18n-sections.ts, ADR 0031). A unit the scanner misses is a raw key on screen; these pin what it must see:
// keys in imported components, template keys (their prefix counts), keys made in server modules, and the grouping.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createScanner, readLocale, routeSections, unitOf } from "../../scripts/i18n-sections";
import { isCovered, pickUnits } from "~/i18n/units";

const locale = readLocale();

describe("unitOf", () => {
  it("names a group of a section when the key is inside one, else the whole section", () => {
    expect(unitOf(locale, "studio.nav.link")).toBe("studio.nav");
    expect(unitOf(locale, "errors.title")).toBe("errors");
    // A template head: the group it names, or the whole section for a bare prefix.
    expect(unitOf(locale, "quiz.status.")).toBe("quiz.status");
    expect(unitOf(locale, "errors.")).toBe("errors");
    expect(unitOf(locale, "quiz.status")).toBe("quiz");
    expect(unitOf(locale, "nosuchsection.key")).toBeNull();
    expect(unitOf(locale, "plain text")).toBeNull();
  });
});

describe("the route scanner", () => {
  const table = routeSections();

  it("finds the root's shell, navigation and error strings, and only the studio's link", () => {
    for (const unit of ["app", "shell", "nav", "languages", "errors", "studio.nav"]) expect(table.root).toContain(unit);
    expect(table.root).not.toContain("studio");
  });

  it("follows imports: the lesson route gets course.minutes from the lesson article it imports", () => {
    expect(table["routes/courses.$slug.lessons.$lessonId"]).toEqual(expect.arrayContaining(["lesson", "course"]));
    expect(table["routes/courses.$slug.lessons.$lessonId"]).not.toContain("dashboard");
  });

  it("counts the prefix of a template key (`catalog.status.${s}`, `languages.${l}`)", () => {
    expect(table["routes/courses._index"]).toEqual(expect.arrayContaining(["catalog", "languages", "audiences"]));
  });

  it("covers every route module in app/routes", () => {
    const files = fs.readdirSync(path.resolve("app/routes")).filter((f) => !/\.test\./.test(f));
    expect(Object.keys(table).length).toBe(files.length + 1);
  });

  it("sees keys made in a server module, through `import`, `export … from` and `import()`, never `import type`", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "i18n-scan-"));
    const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
    write("route.tsx", `import { x } from "./action.server";\nexport * from "./again";\nimport type { T } from "./types";\nconst later = () => import("./lazy");\nexport default () => t(\`quiz.status.\${x}\`);`);
    write("action.server.ts", `export const x = { key: "register.title" };`);
    write("again.ts", `export const y = "dashboard.title";`);
    write("types.ts", `export type T = "verify.title";`);
    write("lazy.ts", `export const z = 'catalog.title';`);
    expect(createScanner(locale).sectionsOf(path.join(dir, "route.tsx"))).toEqual(["catalog", "dashboard", "quiz.status", "register"]);
  });
});

describe("pickUnits", () => {
  it("takes whole sections and single groups, shaped like the locale file", () => {
    const resources = { a: { x: "1", g: { y: "2" }, h: { z: "3" } }, b: { w: "4" } };
    expect(pickUnits(resources, ["a.g", "b"])).toEqual({ a: { g: { y: "2" } }, b: { w: "4" } });
    expect(pickUnits(resources, ["a.g", "a"])).toEqual({ a: resources.a });
    expect(pickUnits(resources, ["a", "a.g"])).toEqual({ a: resources.a });
    expect(isCovered("a.g", new Set(["a"]))).toBe(true);
    expect(isCovered("a", new Set(["a.g"]))).toBe(false);
  });
});
