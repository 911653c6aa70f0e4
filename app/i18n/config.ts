import { z } from "zod";

// The one list of languages: the interface, course content, forms, the database schema and the seed all use it.
export const SUPPORTED_LANGUAGES = ["en", "fr", "es"] as const;
export type Locale = (typeof SUPPORTED_LANGUAGES)[number];
/** A supported language, from a form or a file; any other value is "errors.language.invalid". */
export const Language = z.enum(SUPPORTED_LANGUAGES, { errorMap: () => ({ message: "errors.language.invalid" }) });
export const FALLBACK_LANGUAGE: Locale = "en";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

export const i18nConfig = {
  supportedLngs: [...SUPPORTED_LANGUAGES],
  fallbackLng: FALLBACK_LANGUAGE,
  defaultNS: "translation",
  // React escapes what it renders; escaping twice would show &amp; to readers.
  interpolation: { escapeValue: false },
};
