import { FALLBACK_LANGUAGE, SUPPORTED_LANGUAGES } from "./languages";

export { FALLBACK_LANGUAGE, isLocale, Language, SUPPORTED_LANGUAGES, type Locale } from "./languages";

export const i18nConfig = {
  supportedLngs: [...SUPPORTED_LANGUAGES],
  fallbackLng: FALLBACK_LANGUAGE,
  defaultNS: "translation",
  // React escapes what it renders; escaping twice would show &amp; to readers.
  interpolation: { escapeValue: false },
};
