// The validation cases of the course format (issue 13's table-driven test): each changes the valid fixture course in
// the same way on disk and in memory, so that every door (folder, file map, studio draft) can be compared on them.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const FIXTURE = path.join(ROOT, "tests/fixtures/courses/fixture-course");
const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export type Change =
  | { edit: string; from: string; to: string }
  | { remove: string }
  | { write: string; text: string };

export const QUIZ = "01-definitions/quiz.yaml";
export const QUIZ_FR = "01-definitions/quiz.fr.yaml";
export const edit = (file: string, from: string, to: string): Change => ({ edit: file, from, to });
export const remove = (file: string): Change => ({ remove: file });
export const write = (file: string, text: string): Change => ({ write: file, text });

export const CASES: [name: string, changes: Change[]][] = [
  ["the valid fixture", []],
  ["slug that is not the folder name", [edit("course.yaml", "slug: fixture-course", "slug: other-course")]],
  ["unknown fields", [edit("course.yaml", "creditHours: 0", "creditHours: 0\ncredits: 3"), edit("02-response/01-referral.md", "minutes: 3", "minutes: 3\nauthor: me")]],
  ["value of the wrong shape", [edit("course.yaml", "passMark: 70", "passMark: 170")]],
  ["YAML syntax error", [edit("bibliography.yaml", "  short: Smuggling Protocol", "  short: Smuggling Protocol\n  short: Again")]],
  ["language a lesson lacks", [edit("course.yaml", "languages: [en]", "languages: [en, fr]")]],
  ["missing course.yaml and bibliography.yaml", [remove("course.yaml"), remove("bibliography.yaml")]],
  ["module without quiz", [remove("02-response/quiz.yaml")]],
  ["module without module.yaml and lessons", [remove("02-response/module.yaml"), remove("02-response/01-referral.md")]],
  ["duplicate module ids", [edit("02-response/module.yaml", "id: response", "id: definitions")]],
  ["duplicate lesson ids", [edit("02-response/01-referral.md", "id: referral", "id: smuggling-definition")]],
  ["empty lesson", [edit("02-response/01-referral.md", "Separate the person, call an interpreter, then refer [[tip-protocol, art. 6]].", "")]],
  ["lesson without front matter", [edit("02-response/01-referral.md", "---\nid: referral\ntitle: From suspicion to referral\nminutes: 3\n---\n", "")]],
  ["unknown citation and callout", [edit("01-definitions/01-trafficking.md", "[[tip-protocol, art. 3(a)]]", "[[tip-protocl, art. 3(a)]]"), edit("01-definitions/01-trafficking.md", ":::case-study{", ":::example{")]],
  ["untested objective", [remove("01-definitions/module.fr.yaml"), edit("01-definitions/module.yaml", "  - id: distinguish", "  - id: untested\n    text: Never asked about.\n  - id: distinguish")]],
  ["single question without a correct option", [remove(QUIZ_FR), edit(QUIZ, "{ id: means, text: The means, correct: true,", "{ id: means, text: The means,")]],
  ["duplicate question and option ids", [remove(QUIZ_FR), edit(QUIZ, "  - id: smuggling-elements\n", "  - id: child-means\n"), edit(QUIZ, "{ id: purpose, text: The purpose,", "{ id: act, text: The purpose,")]],
  ["unknown matching category", [remove(QUIZ_FR), edit(QUIZ, "category: trafficking, feedback", "category: exploitation, feedback")]],
  ["ordering with two items", [remove(QUIZ_FR), edit(QUIZ, '      - { id: refer, text: Refer, feedback: "Last." }\n', "")]],
  ["scenario starting at a missing step", [remove(QUIZ_FR), edit(QUIZ, "    start: classify", "    start: begin")]],
  ["scenario cycle", [remove(QUIZ_FR), edit(QUIZ, '          false: "Right: separate her first."', '          false: "Right: separate her first."\n        next: reconsider')]],
  ["translated quiz with other correct flags", [edit(QUIZ_FR, "{ id: act, text: L'acte,", "{ id: act, text: L'acte, correct: true,")]],
  ["translated module and lesson with other ids", [edit("01-definitions/module.fr.yaml", "  - id: distinguish", "  - id: classify"), edit("01-definitions/01-trafficking.fr.md", "id: trafficking-definition", "id: la-traite")]],
  ["orphan translation and unknown language", [write("02-response/02-missing.fr.md", "---\nid: x\ntitle: X\nminutes: 1\n---\n\nTexte.\n"), write("02-response/quiz.de.yaml", "id: x\n")]],
  ["declared minutes and hours off the rule", [edit("02-response/01-referral.md", "minutes: 3", "minutes: 4"), edit("course.yaml", "estimatedHours: 0.25\ncreditHours: 0", "estimatedHours: 1\ncreditHours: 1")]],
  ["verification notes", [edit("01-definitions/01-trafficking.md", "Consent is irrelevant", "Consent (to be confirmed) is irrelevant"), edit(QUIZ_FR, '"Exact : séparez-la d\'abord."', '"Exact : séparez-la d\'abord. TODO"')]],
  ["unsafe URLs", [edit("bibliography.yaml", "url: https://treaties.un.org/", "url: javascript:alert(1)"), edit("02-response/01-referral.md", "then refer [[tip-protocol, art. 6]].", "then refer [[tip-protocol, art. 6]]. [Call](mailto:desk@example.org).")]],
  ["unexpected files and folders", [write("notes.txt", "x"), write("extra/readme.md", "x"), write("01-definitions/sub/01-deep.md", "x"), write("01-definitions/image.md.bak", "x")]],
  ["two modules with the same position", [write("01-more/module.yaml", "id: more\ntitle: More\nobjectives: []\n")]],
  ["YAML alias bomb", [write("01-definitions/module.yaml", ["id: definitions", 'a: &a ["x","x","x","x","x","x","x","x","x"]', "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]", "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]", "d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]"].join("\n"))]],
  ["file over 256 KB", [edit("01-definitions/02-smuggling.md", "Smuggling is procuring", `${"Padding sentence of a runaway lesson. ".repeat(8_000)}Smuggling is procuring`)]],
  ["hidden files are not content", [write(".DS_Store", "x"), write("01-definitions/.01-trafficking.md.swp", "x")]],
  ["CRLF line ends and a byte-order mark", [write("02-response/module.yaml", `\uFEFF${readFileSync(path.join(FIXTURE, "02-response/module.yaml"), "utf8").replace(/\n/g, "\r\n")}`)]],
];

/** The fixture as a studio draft would hold it: read here file by file, not by the folder reader under test. */
export function fixtureFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(FIXTURE, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else files.set(child, readFileSync(path.join(FIXTURE, child), "utf8"));
    }
  };
  walk("");
  return files;
}

export function applyInMemory(files: Map<string, string>, changes: Change[]): Map<string, string> {
  for (const change of changes) {
    if ("edit" in change) files.set(change.edit, once(files.get(change.edit)!, change));
    else if ("remove" in change) files.delete(change.remove);
    else if (!change.write.split("/").some((segment) => segment.startsWith("."))) files.set(change.write, change.text);
    // A draft has no hidden files: the readers leave them out, so the map never holds one.
  }
  return files;
}

export function applyOnDisk(changes: Change[]): { root: string; dir: string } {
  const root = mkdtempSync(path.join(tmpdir(), "lexmigra-compiler-"));
  temporary.push(root);
  const dir = path.join(root, "courses", "fixture-course");
  cpSync(FIXTURE, dir, { recursive: true });
  for (const change of changes) {
    if ("edit" in change) writeFileSync(path.join(dir, change.edit), once(readFileSync(path.join(dir, change.edit), "utf8"), change));
    else if ("remove" in change) rmSync(path.join(dir, change.remove));
    else {
      mkdirSync(path.dirname(path.join(dir, change.write)), { recursive: true });
      writeFileSync(path.join(dir, change.write), change.text);
    }
  }
  return { root, dir };
}

function once(text: string, change: { edit: string; from: string; to: string }): string {
  if (text.split(change.from).length !== 2) throw new Error(`"${change.from}" must occur once in ${change.edit}`);
  return text.replace(change.from, change.to);
}


/** Whether a case leaves the fixture valid (every other case must break a rule, or comparing proves nothing). */
export function isValidCase(name: string): boolean {
  return name === "the valid fixture" || name.startsWith("hidden files") || name.startsWith("CRLF");
}
