import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { getUser } from "~/auth/guards.server";
import { FALLBACK_LANGUAGE, SUPPORTED_LANGUAGES, i18nConfig } from "./config";
import en from "./locales/en.json";
import es from "./locales/es.json";
import fr from "./locales/fr.json";

export const resources = { en: { translation: en }, fr: { translation: fr }, es: { translation: es } };

// For visitors without an account; a signed-in user's profile language wins.
export const languageCookie = createCookie("lng", { path: "/", sameSite: "lax", maxAge: 365 * 24 * 60 * 60, httpOnly: true });

export const i18n = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LANGUAGES],
    fallbackLanguage: FALLBACK_LANGUAGE,
    cookie: languageCookie,
    order: ["custom", "cookie", "header"],
    findLocale: async (request) => getUser(request)?.preferredLanguage ?? null,
  },
  i18next: { ...i18nConfig, resources },
});
