import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";
import { getUser } from "~/auth/guards.server";
import { FALLBACK_LANGUAGE, SUPPORTED_LANGUAGES, i18nConfig, isLocale, type Locale } from "./config";
import en from "./locales/en.json";
import es from "./locales/es.json";
import fr from "./locales/fr.json";
import { pickUnits } from "./units";

export const resources = { en: { translation: en }, fr: { translation: fr }, es: { translation: es } };

// For visitors without an account; a signed-in user's profile language wins. A link sent by mail (invitation,
// password reset) carries `?lng=`, the language the mail was written in, which wins over the cookie and the browser.
export const languageCookie = createCookie("lng", { path: "/", sameSite: "lax", maxAge: 365 * 24 * 60 * 60, httpOnly: true });

const detector = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LANGUAGES],
    fallbackLanguage: FALLBACK_LANGUAGE,
    cookie: languageCookie,
    order: ["custom", "searchParams", "cookie", "header"],
    searchParamKey: "lng",
    findLocale: async (request) => (await getUser(request))?.preferredLanguage ?? null,
  },
  i18next: { ...i18nConfig, resources },
});

// The root loader, the route's loader and the document renderer all ask; detect once per request.
const localeOfRequest = new WeakMap<Request, Promise<Locale>>();

export function getLocale(request: Request): Promise<Locale> {
  let locale = localeOfRequest.get(request);
  if (!locale) {
    locale = detector.getLocale(request).then((l) => (isLocale(l) ? l : FALLBACK_LANGUAGE));
    localeOfRequest.set(request, locale);
  }
  return locale;
}

// One initialised i18next per language, shared by every request: nothing changes an instance after start-up (no
// changeLanguage on the server), and building one per request was the largest cost of a page.
const instances = new Map<Locale, I18n>();

export function i18nFor(locale: Locale): I18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = createInstance();
    void instance.use(initReactI18next).init({ ...i18nConfig, lng: locale, resources, initImmediate: false });
    instances.set(locale, instance);
  }
  return instance;
}

export async function getFixedT(request: Request) {
  return i18nFor(await getLocale(request)).t;
}

/** Changes whenever a locale file does: it keys the browser's cache of fetched units (routes/i18n.$lng.tsx). */
export const LOCALE_VERSION = crypto.createHash("sha256").update(JSON.stringify(resources)).digest("hex").slice(0, 12);

/** The units of `locale` that the routes `routeIds` use, shaped like the locale file. */
export function translationUnits(locale: Locale, units: Iterable<string>) {
  return pickUnits(resources[locale].translation, units);
}
