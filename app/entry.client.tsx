import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { loadTranslation } from "./i18n/client-resources";
import { FALLBACK_LANGUAGE, i18nConfig, isLocale } from "./i18n/config";

async function hydrate() {
  const lang = document.documentElement.lang;
  const lng = isLocale(lang) ? lang : FALLBACK_LANGUAGE;
  const translation = await loadTranslation(lng);
  await i18next.use(initReactI18next).init({ ...i18nConfig, lng, resources: { [lng]: { translation } } });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

hydrate();
