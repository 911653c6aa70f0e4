// What the HTTP server hands every loader and action besides the request.
declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    clientIp: string;
    /** A single-fetch data request (`<path>.data`, a client-side navigation), not a document. */
    isDataRequest?: boolean;
    /** Markup a loader hands to the document render only, by element id (see app/ui/document-html.tsx). */
    documentOnly?: Map<string, string>;
  }
}
export {};
