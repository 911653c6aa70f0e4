// Which version of its source a translation was made from (courses/README.md, Translations: sourceHash). The hash
// covers only what a translator translates: a lesson's title and body, a YAML file's learner-visible text fields.
// Changing an id, a setting, `minutes` or a reviewer note does not make translations outdated; changing a word does.
import { createHash } from "node:crypto";
import { parse } from "yaml";

/** The fields whose text a translation changes (the compiler's TEXT_FIELDS, without the reviewers' notes). */
const TRANSLATED = new Set(["title", "prompt", "text", "feedback", "explanation", "case", "summary", "objectives"]);

const FRONT_MATTER = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** 16 hex digits (64 bits): enough to tell two versions of one file apart, short enough to read in front matter. */
export const SOURCE_HASH = /^[0-9a-f]{16}$/;

function digest(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}

function translatedText(value: unknown, path: string, out: [string, string][], inText: boolean) {
  if (typeof value === "string") {
    if (inText) out.push([path, value.replace(/\r\n?/g, "\n").trim()]);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => translatedText(item, `${path}.${i}`, out, inText));
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      // A quiz's settings (`feedback: immediate`) are not text, whatever their keys are called.
      if (key === "settings" || key === "reviewerNotes") continue;
      translatedText(item, `${path}.${key}`, out, inText || TRANSLATED.has(key));
    }
  }
}

/**
 * The sourceHash a translation of this source file records; undefined when the source cannot be read (its own
 * errors say why). `path` tells a lesson (`.md`) from a YAML file.
 */
export function sourceHashOf(path: string, text: string): string | undefined {
  try {
    if (path.endsWith(".md")) {
      const match = FRONT_MATTER.exec(text);
      const front = match ? (parse(match[1] ?? "", { maxAliasCount: 50 }) as Record<string, unknown> | null) : null;
      const body = match ? text.slice(match[0].length) : text;
      return digest([typeof front?.title === "string" ? front.title.trim() : "", body.replace(/\r\n?/g, "\n").trim()]);
    }
    const value = parse(text, { maxAliasCount: 50 }) as unknown;
    const out: [string, string][] = [];
    const fields = /(^|\/)course\.yaml$/.test(path) && typeof value === "object" && value !== null
      ? Object.fromEntries(Object.entries(value).filter(([key]) => ["title", "summary", "objectives"].includes(key)))
      : value;
    translatedText(fields, "", out, false);
    return digest(out);
  } catch {
    return undefined;
  }
}

/** The source file a translation file translates: `01-x.fr.md` → `01-x.md`, `quiz.es.yaml` → `quiz.yaml`. */
export function sourcePathOf(translationPath: string): { source: string; language: string } | undefined {
  const match = /^(.*?)\.([a-z]{2})\.(md|yaml)$/.exec(translationPath);
  return match ? { source: `${match[1]}.${match[3]}`, language: match[2] } : undefined;
}
