// The browser's translations, a page's worth at a time (ADR 0031). The server writes the units that the document's
// routes use into the document (#i18n-units, see ClientTranslations); a route module reached by a client-side
// navigation waits, before it evaluates, for the units it lacks (the build adds `await ensureSections([...])` to each
// route module, scripts/i18n-sections.ts), so a page never renders a raw key.
import i18next from "i18next";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { isCovered, type Translations } from "./units";

export const CLIENT_TRANSLATIONS_ID = "i18n-units";

/** What the document carries: its language, the build's locale version (for caching fetches) and the units. */
export type ClientTranslations = { lng: string; version: string; units: string[]; resources: Translations };

type Store = { lng: string; version: string; loaded: Map<string, Set<string>>; resources: Map<string, Translations> };
let store: Store | null = null;

function fromDocument(): Store {
  const text = typeof document === "undefined" ? null : document.getElementById(CLIENT_TRANSLATIONS_ID)?.textContent;
  const data: ClientTranslations = text ? JSON.parse(text) : { lng: document?.documentElement.lang || "en", version: "", units: [], resources: {} };
  return { lng: data.lng, version: data.version, loaded: new Map([[data.lng, new Set(data.units)]]), resources: new Map([[data.lng, data.resources]]) };
}

function current(): Store {
  return (store ??= fromDocument());
}

/** The document's language and its translations, for i18next's start in entry.client.tsx. */
export function initialTranslations(): { lng: string; translation: Translations } {
  const { lng, resources } = current();
  return { lng, translation: resources.get(lng) ?? {} };
}

async function load(lng: string, units: string[]) {
  const s = current();
  const loaded = s.loaded.get(lng) ?? new Set<string>();
  const missing = units.filter((u) => !isCovered(u, loaded));
  if (missing.length === 0) return;
  const query = new URLSearchParams({ u: missing.join(","), v: s.version });
  const response = await fetch(`/i18n/${encodeURIComponent(lng)}?${query}`);
  if (!response.ok) throw new Error(`translations for ${lng} (${missing.join(", ")}): ${response.status}`);
  const part = (await response.json()) as Translations;
  for (const u of missing) loaded.add(u);
  s.loaded.set(lng, loaded);
  const resources = s.resources.get(lng) ?? {};
  s.resources.set(lng, resources);
  for (const [section, value] of Object.entries(part)) {
    resources[section] = typeof value === "object" && typeof resources[section] === "object" ? { ...resources[section], ...value } : value;
  }
  if (i18next.isInitialized) i18next.addResourceBundle(lng, "translation", part, true, true);
}

/** Called by every route module as it loads: the units it uses, in the language shown. */
export function ensureSections(units: string[]): Promise<void> {
  const lng = i18next.isInitialized ? i18next.language : current().lng;
  return load(lng, units);
}

/**
 * Keeps the browser's i18next on the language the server chose. A client-side navigation can change it (logging in
 * as someone whose profile says French), so every unit held in the old language is fetched in the new one before
 * switching, never after.
 */
export function useLocaleSync(locale: string) {
  const { i18n } = useTranslation();
  useEffect(() => {
    if (i18n.language === locale) return;
    const held = [...(current().loaded.get(i18n.language) ?? [])];
    void load(locale, held).then(() => {
      current().lng = locale;
      return i18n.changeLanguage(locale);
    });
  }, [locale, i18n]);
}
