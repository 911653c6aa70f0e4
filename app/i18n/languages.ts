// The one list of languages: the interface (i18n), course content (format), forms, the database schema and the seed
// all use it. Adding a language starts here (and with its locale file).
// No zod here: the root route imports this list, so whatever it imports is in every page's first load. The form
// field lives in ./language-field.ts.
export const SUPPORTED_LANGUAGES = ["en", "fr", "es"] as const;
export type Locale = (typeof SUPPORTED_LANGUAGES)[number];
export const FALLBACK_LANGUAGE: Locale = "en";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}
