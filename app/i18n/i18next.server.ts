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
    instance.t = rememberingTranslations(instance.t.bind(instance));
    instance.getFixedT = madeOnce(instance.getFixedT.bind(instance));
    instances.set(locale, instance);
  }
  return instance;
}

/**
 * react-i18next's useTranslation asks for a fixed `t` on every render of every component that translates, and
 * i18next's fixed `t` copies its options into a new object on every call before the instance's remembering `t` sees
 * them: 3.4 % of the catalogue's CPU samples (ADR 0054). Here each (language, namespace, key prefix) gets one fixed
 * `t`, made once, that remembers its own texts in front of the copy. Anything but plain strings (or no value) for
 * the three is passed through.
 */
function madeOnce(getFixedT: I18n["getFixedT"]): I18n["getFixedT"] {
  const made = new Map<string, ReturnType<I18n["getFixedT"]>>();
  const plain = (value: unknown) => value === undefined || value === null || typeof value === "string";
  const make = getFixedT as (...args: unknown[]) => ReturnType<I18n["getFixedT"]>;
  return ((lng: unknown, ns: unknown, keyPrefix: unknown) => {
    if (!plain(lng) || !plain(ns) || !plain(keyPrefix)) return make(lng, ns, keyPrefix);
    const key = JSON.stringify([lng ?? null, ns ?? null, keyPrefix ?? null]);
    let t = made.get(key);
    if (!t) {
      const original = make(lng, ns, keyPrefix);
      // The fixed `t`'s own fields (lng, lngs, ns, keyPrefix) go with it, as i18next sets them.
      t = Object.assign(rememberingTranslations(original), original);
      // Callers name a handful (the code's namespaces and prefixes); a limit all the same.
      if (made.size < 100) made.set(key, t);
    }
    return t;
  }) as I18n["getFixedT"];
}

const REMEMBERED_LIMIT = 5_000;

type Translate = (...args: unknown[]) => unknown;

/**
 * `t` that keeps what it returned, per instance. A page calls it some 30–80 times (labels, pluralised minutes, the
 * shell), and i18next resolves each call afresh: about a fifth of the catalog page's CPU. The server's resources and
 * options never change after start-up, so a text depends only on the key and the options' values; calls whose options
 * hold anything but strings, numbers, booleans and null (objects, arrays, returnObjects' results) are passed through. The
 * kept texts are forgotten all at once when there are too many (interpolated names and dates vary without end).
 */
export function rememberingTranslations<T>(t: T): T {
  const translate = t as unknown as Translate;
  const remembered = new Map<string, unknown>();
  const rememberingT: Translate = (key, options, ...rest) => {
    const memoKey = rest.length === 0 ? rememberKey(key, options) : null;
    if (memoKey === null) return translate(key, options, ...rest);
    if (remembered.has(memoKey)) return remembered.get(memoKey);
    const text = translate(key, options);
    if (typeof text === "string") {
      if (remembered.size >= REMEMBERED_LIMIT) remembered.clear();
      remembered.set(memoKey, text);
    }
    return text;
  };
  return rememberingT as unknown as T;
}

function rememberKey(key: unknown, options: unknown): string | null {
  if (typeof key !== "string") return null;
  let memoKey = `${key.length}:${key}`;
  if (options === undefined) return memoKey;
  if (options === null || typeof options !== "object" || Array.isArray(options)) return null;
  for (const name in options) {
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined) continue;
    // react-i18next's fixed `t` passes `lngs: null`; null is kept apart from the string "null" by its type letter.
    const type = value === null ? "null" : typeof value;
    if (type !== "string" && type !== "number" && type !== "boolean" && type !== "null") return null;
    // Each part carries its length, so no key or value (a learner's name, say) can pass for other options.
    const text = String(value);
    memoKey += `|${name.length}:${name}${type[0]}${text.length}:${text}`;
  }
  return memoKey;
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
