// The locale files as the locale tests read them: each language's tree, and its leaves as (dotted key, text) pairs.
import en from "~/i18n/locales/en.json";
import es from "~/i18n/locales/es.json";
import fr from "~/i18n/locales/fr.json";

export type Tree = { [key: string]: string | Tree };
export const LOCALES: Record<string, Tree> = { en, fr, es };
/** i18next's plural suffixes: `key_one`, `key_other`… belong to the family `key`. */
export const PLURAL = /_(zero|one|two|few|many|other)$/;

export function leaves(tree: Tree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`)));
}
