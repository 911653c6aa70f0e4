// The translations a document carries for the browser (ADR 0031). Apart from i18next.server.ts because the route →
// units table is a virtual module the Vite build makes (scripts/i18n-sections.ts): only the server build imports this
// file (entry.server.tsx), so scripts run with tsx (jobs, seeding, mail workers) never meet the virtual module.
import routeUnits from "virtual:lexmigra/route-sections";
import type { Locale } from "./config";
import type { ClientTranslations } from "./client-sections";
import { LOCALE_VERSION, translationUnits } from "./i18next.server";

// A few dozen route combinations × three languages: each serialised once.
const documentTranslations = new Map<string, string>();

/**
 * What a document carries for the browser's i18next (ADR 0031): the units its matched routes use, as JSON safe to
 * put inside a <script> element.
 */
export function documentTranslationsJson(locale: Locale, routeIds: string[]): string {
  const key = `${locale}\n${routeIds.join("\n")}`;
  let json = documentTranslations.get(key);
  if (json === undefined) {
    const units = [...new Set(routeIds.flatMap((id) => (routeUnits as Record<string, string[]>)[id] ?? []))].sort();
    const payload: ClientTranslations = { lng: locale, version: LOCALE_VERSION, units, resources: translationUnits(locale, units) };
    json = JSON.stringify(payload).replace(/</g, "\\u003c");
    documentTranslations.set(key, json);
  }
  return json;
}
