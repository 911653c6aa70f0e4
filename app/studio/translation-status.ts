// Which translations of a course are up to date with their source (issue 13, Translations): per source file (course,
// module, lesson, quiz) and per language other than the course's default, `up-to-date` (its sourceHash is the
// source's as it is now), `outdated` (the source changed since), `unrecorded` (no sourceHash: translated before the
// studio recorded it) or `missing`. Pure: a file map in, a list out. The compiler marks the same outdated lessons
// for learners (compile.server.ts, TranslationState).
import { parseDocument, type Scalar } from "yaml";
import { sourceHashOf } from "~/courses/source-hash";
import { LANGUAGES, type Language } from "~/courses/format";

export type TranslationStatus = "up-to-date" | "outdated" | "unrecorded" | "missing";

export type TranslationRow = {
  source: string;
  /** The translation's path (also when it is missing: where it would be). */
  translation: string;
  language: Language;
  status: TranslationStatus;
  kind: "course" | "module" | "lesson" | "quiz";
};

const SOURCE = /^(?:course\.yaml|\d+-[^/.]+\/(?:module\.yaml|quiz\.yaml|\d+-[^/.]+\.md))$/;
const FRONT_MATTER = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** `01-x/02-y.md` + fr → `01-x/02-y.fr.md`; `01-x/quiz.yaml` + es → `01-x/quiz.es.yaml`. */
export function translationPathOf(source: string, language: Language): string {
  return source.replace(/\.(md|yaml)$/, `.${language}.$1`);
}

function kindOf(source: string): TranslationRow["kind"] {
  if (source === "course.yaml") return "course";
  if (source.endsWith("module.yaml")) return "module";
  if (source.endsWith("quiz.yaml")) return "quiz";
  return "lesson";
}

/** The sourceHash a translation file records, if any (front matter for a lesson, a top-level field otherwise). */
export function recordedSourceHash(path: string, text: string): string | undefined {
  const yaml = path.endsWith(".md") ? FRONT_MATTER.exec(text)?.[1] : text;
  if (yaml === undefined) return undefined;
  const value = parseDocument(yaml).get("sourceHash");
  return typeof value === "string" ? value : undefined;
}

function defaultLanguageOf(files: ReadonlyMap<string, string>): Language {
  const value = parseDocument(files.get("course.yaml") ?? "").get("defaultLanguage");
  return (LANGUAGES as readonly string[]).includes(String(value)) ? (value as Language) : "en";
}

export function translationStatuses(files: ReadonlyMap<string, string>): TranslationRow[] {
  const defaultLanguage = defaultLanguageOf(files);
  const sources = [...files.keys()].filter((path) => SOURCE.test(path)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sources.flatMap((source) => {
    const current = sourceHashOf(source, files.get(source)!);
    return LANGUAGES.filter((language) => language !== defaultLanguage).map((language): TranslationRow => {
      const translation = translationPathOf(source, language);
      const text = files.get(translation);
      const kind = kindOf(source);
      if (text === undefined) return { source, translation, language, status: "missing", kind };
      const recorded = recordedSourceHash(translation, text);
      const status: TranslationStatus = recorded === undefined ? "unrecorded" : recorded === current ? "up-to-date" : "outdated";
      return { source, translation, language, status, kind };
    });
  });
}

/** The translation's text recording `hash` as its sourceHash (what saving a translation in the studio does). */
export function withSourceHash(path: string, text: string, hash: string): string {
  if (path.endsWith(".md")) {
    const match = FRONT_MATTER.exec(text);
    if (!match) return `---\nsourceHash: "${hash}"\n---\n\n${text}`;
    const lines = (match[1] ?? "").split(/\r?\n/).filter((line) => !/^sourceHash\s*:/.test(line));
    // Quoted: 16 hex digits can read as a number in YAML (`1234567890123456`, `12e4…`).
    return `---\n${[...lines, `sourceHash: "${hash}"`].join("\n")}\n---\n${text.slice(match[0].length)}`;
  }
  const doc = parseDocument(text);
  const value = doc.createNode(hash) as Scalar;
  value.type = "QUOTE_DOUBLE";
  doc.set("sourceHash", value);
  return doc.toString({ lineWidth: 0 });
}

/** The translation saved against the source as it is now. */
export function stampTranslation(files: ReadonlyMap<string, string>, translation: string, text: string): string {
  const match = /^(.*?)\.([a-z]{2})\.(md|yaml)$/.exec(translation);
  const source = match ? `${match[1]}.${match[3]}` : undefined;
  const sourceText = source ? files.get(source) : undefined;
  const hash = source && sourceText !== undefined ? sourceHashOf(source, sourceText) : undefined;
  return hash ? withSourceHash(translation, text, hash) : text;
}
