export const SUPPORTED_LANGUAGES = ["en", "fr", "es"] as const;
export type Locale = (typeof SUPPORTED_LANGUAGES)[number];
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
