// react-i18next as Lexmigra's pages use it (useTranslation, I18nextProvider), over ./i18next.ts, for the client build
// only (ADR 0052). A language change re-renders every component that asked for `t`.
import { createContext, createElement, useContext, useMemo, useSyncExternalStore, type ReactNode } from "react";
import i18next, { type BrowserI18n } from "./i18next";

const I18nContext = createContext<BrowserI18n>(i18next);

export const initReactI18next = { type: "3rdParty", init() {} };

export function I18nextProvider({ i18n, children }: { i18n: BrowserI18n; children?: ReactNode }) {
  return createElement(I18nContext.Provider, { value: i18n }, children);
}

export function useTranslation() {
  const i18n = useContext(I18nContext);
  const subscribe = useMemo(
    () => (changed: () => void) => {
      i18n.on("languageChanged", changed);
      return () => i18n.off("languageChanged", changed);
    },
    [i18n],
  );
  const lng = useSyncExternalStore(subscribe, () => i18n.language, () => i18n.language);
  const t = useMemo(() => i18n.getFixedT(lng), [i18n, lng]);
  return Object.assign([t, i18n, true] as const, { t, i18n, ready: true });
}
