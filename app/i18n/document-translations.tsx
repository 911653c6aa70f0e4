// The document's translations for the browser, written once by the server as JSON (not executed, so no CSP nonce)
// and kept as they are through hydration: entry.client.tsx starts i18next from them before hydrating.
import { createContext, useContext, useState } from "react";
import { CLIENT_TRANSLATIONS_ID } from "./client-sections";

/** Filled by entry.server.tsx: documentTranslationsJson(locale, matched route ids). */
export const DocumentTranslationsContext = createContext<string | null>(null);

export function DocumentTranslations() {
  const onServer = useContext(DocumentTranslationsContext);
  // Read once, at hydration, so React finds the same text it would have written.
  const [json] = useState(() => onServer ?? (typeof document === "undefined" ? "" : (document.getElementById(CLIENT_TRANSLATIONS_ID)?.textContent ?? "")));
  return <script id={CLIENT_TRANSLATIONS_ID} type="application/json" dangerouslySetInnerHTML={{ __html: json }} />;
}
