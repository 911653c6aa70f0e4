// Large server-made HTML (a lesson body) sent once. A document request renders it into the page and leaves it out
// of the loader data that the page repeats for hydration; the browser then takes it from the element the server
// rendered. A client-side navigation (a data request) has no such element, so there the loader data carries it.
import { createContext, useContext, useState } from "react";

/** Filled by entry.server.tsx from the request's load context. */
export const DocumentHtmlContext = createContext<Map<string, string> | null>(null);

/** The HTML for the element `id`: from the loader data when it came with it, else from the document. */
export function useDocumentHtml(id: string, fromData: string | undefined): string {
  const onServer = useContext(DocumentHtmlContext);
  // Read once, at hydration, before React owns the element; later renders keep it.
  const [fromDocument] = useState(() =>
    fromData === undefined && typeof document !== "undefined" ? (document.getElementById(id)?.innerHTML ?? "") : "",
  );
  if (fromData !== undefined) return fromData;
  return onServer?.get(id) ?? fromDocument;
}
