// The one list of languages: the interface (i18n), course content (format), forms, the database schema and the seed
// all use it. Adding a language starts here (and with its locale file).
import { z } from "zod";

export const SUPPORTED_LANGUAGES = ["en", "fr", "es"] as const;
export type Locale = (typeof SUPPORTED_LANGUAGES)[number];
export const FALLBACK_LANGUAGE: Locale = "en";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/** A supported language, from a form or a file; any other value is "errors.language.invalid". */
export const Language = z.enum(SUPPORTED_LANGUAGES, { errorMap: () => ({ message: "errors.language.invalid" }) });
