// The document's translations for the browser, written once by the server as JSON (never executed; it carries the
// nonce all the same, so that every script element of a page does) and kept as they are through hydration: entry.client.tsx starts i18next from them before hydrating.
import { createContext, useContext, useState } from "react";
import { useNonce } from "~/ui/nonce";
import { CLIENT_TRANSLATIONS_ID } from "./client-sections";

/** Filled by entry.server.tsx: documentTranslationsJson(locale, matched route ids). */
export const DocumentTranslationsContext = createContext<string | null>(null);

export function DocumentTranslations() {
  const onServer = useContext(DocumentTranslationsContext);
  // Read once, at hydration, so React finds the same text it would have written.
  const [json] = useState(() => onServer ?? (typeof document === "undefined" ? "" : (document.getElementById(CLIENT_TRANSLATIONS_ID)?.textContent ?? "")));
  const nonce = useNonce();
  return <script id={CLIENT_TRANSLATIONS_ID} type="application/json" nonce={nonce} dangerouslySetInnerHTML={{ __html: json }} />;
}
