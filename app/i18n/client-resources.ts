// Locale files for the browser: each is its own chunk, fetched only when the page needs that language.
import type { i18n as I18n } from "i18next";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

const locales = import.meta.glob<{ default: Record<string, unknown> }>("./locales/*.json");

export async function loadTranslation(lng: string) {
  return (await locales[`./locales/${lng}.json`]()).default;
}

async function switchTo(i18n: I18n, lng: string) {
  if (!i18n.hasResourceBundle(lng, "translation")) i18n.addResourceBundle(lng, "translation", await loadTranslation(lng));
  await i18n.changeLanguage(lng);
}

/**
 * Keeps the browser's i18next on the language the server chose. A client-side navigation can change it (logging in
 * as someone whose profile says French), so the strings are fetched before switching, never after.
 */
export function useLocaleSync(locale: string) {
  const { i18n } = useTranslation();
  useEffect(() => {
    if (i18n.language !== locale) void switchTo(i18n, locale);
  }, [locale, i18n]);
}
