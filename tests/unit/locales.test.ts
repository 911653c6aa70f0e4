// Every i18n key the code uses exists in English, French and Spanish, and the three files have exactly the same
// keys: a key missing in one language shows its raw name to that reader (as `courses.errors.*` once did).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { leaves, LOCALES, PLURAL, type Tree } from "./locale-tree";

const { en, fr, es } = LOCALES;
const keysOf = (tree: Tree) => leaves(tree).map(([key]) => key);

function lookup(tree: Tree, key: string): string | Tree | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split(".")) node = typeof node === "object" ? node[part] : undefined;
  return node;
}

/** A key resolves when it names a string, or a plural family (`key_one`, `key_other`). */
function resolves(tree: Tree, key: string): boolean {
  if (typeof lookup(tree, key) === "string") return true;
  const parent = key.split(".").slice(0, -1).join(".");
  const last = key.split(".").pop()!;
  const siblings = parent ? lookup(tree, parent) : tree;
  return typeof siblings === "object" && Object.keys(siblings).some((k) => k.startsWith(`${last}_`) && PLURAL.test(k));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "locales" ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

const ROOTS = new Set(Object.keys(en));
const FILE_NAME = /\.(ya?ml|md|json|tsx?|css|pdf|jsonld|db)$/;
const APP = path.resolve(__dirname, "../../app");

/** Every string literal in the code that looks like a key of the locale files, with where it is. */
function keysInCode() {
  const exact: Array<{ key: string; where: string }> = [];
  const prefixes: Array<{ prefix: string; where: string }> = [];
  for (const file of sourceFiles(APP)) {
    const text = fs.readFileSync(file, "utf8");
    const rel = path.relative(APP, file);
    for (const match of text.matchAll(/["']([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_-]+)+)["']/g)) {
      const key = match[1];
      if (ROOTS.has(key.split(".")[0]) && !FILE_NAME.test(key)) exact.push({ key, where: rel });
    }
    // t(`profiles.${profile}`): the fixed part must name a group of keys.
    for (const match of text.matchAll(/`([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_-]+)*)\.\$\{/g)) {
      if (ROOTS.has(match[1].split(".")[0])) prefixes.push({ prefix: match[1], where: rel });
    }
  }
  return { exact, prefixes };
}

describe("the locale files", () => {
  it("have the same keys in en, fr and es", () => {
    const english = keysOf(en).sort();
    expect(keysOf(fr).sort()).toEqual(english);
    expect(keysOf(es).sort()).toEqual(english);
  });

  it("hold every key the code names, in every language", () => {
    const { exact, prefixes } = keysInCode();
    expect(exact.length).toBeGreaterThan(300);
    const missing: string[] = [];
    for (const [language, tree] of Object.entries(LOCALES)) {
      for (const { key, where } of exact) if (!resolves(tree, key)) missing.push(`${language}: ${key} (${where})`);
      for (const { prefix, where } of prefixes) {
        if (typeof lookup(tree, prefix) !== "object") missing.push(`${language}: ${prefix}.* (${where})`);
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });
});
