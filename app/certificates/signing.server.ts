// Signing with an embedded Data Integrity proof, cryptosuite eddsa-rdfc-2022 (W3C VC Data Integrity EdDSA
// Cryptosuites v1.0; one of the proof formats OB 3.0 "Proofs (Signatures)" admits), proof purpose assertionMethod;
// and the documents a verifier needs to check such a proof: the issuer profile (also the key's controller
// document) and the signed status list.
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import type { Ed25519MultikeyPair } from "@digitalbazaar/ed25519-multikey";
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from "./credential";
import type { CertificateUrls, IssuerInfo } from "./credential";
import { MULTIKEY_CONTEXT_URL, SECURITY_V2_CONTEXT } from "./document-loader.server";
import type { JsonLdDocumentLoader } from "./document-loader.server";
import type { PublicMultikey } from "./keys.server";
import { buildStatusListCredential } from "./status-list.server";
import type { StatusBits, StatusListCredential } from "./status-list.server";

export type SigningOptions = {
  documentLoader: JsonLdDocumentLoader;
  /** The proof's `created`; defaults to now. */
  created?: Date | string;
};

/** Returns a signed copy; the input is left untouched. */
export async function signCredential<T extends object>(
  unsigned: T,
  keyPair: Ed25519MultikeyPair,
  options: SigningOptions,
): Promise<T & { proof: Record<string, unknown> }> {
  if (!keyPair.id || !keyPair.secretKey) throw new Error("Signing needs a key pair with an id and its secret key.");
  const suite = new DataIntegrityProof({
    signer: keyPair.signer(),
    date: options.created ?? new Date(),
    cryptosuite: eddsaRdfc2022,
  });
  return vc.issue({ credential: structuredClone(unsigned), suite, documentLoader: options.documentLoader });
}

export type IssuerProfileDocument = {
  "@context": string[];
  id: string;
  type: ["Profile"];
  name: string;
  url: string;
  image?: { id: string; type: "Image" };
  verificationMethod: PublicMultikey[];
  assertionMethod: string[];
};

/**
 * The JSON published at `${base}/issuer`: the OB 3.0 issuer Profile and, at the same URL, the controller document
 * of the signing keys (VC Data Integrity v1.0, "Proof Purposes": the verification method must be listed under the
 * proof purpose's relationship, here assertionMethod). List every key whose credentials should still verify: the
 * current one and any retired, uncompromised ones (dropping a key invalidates everything it signed).
 */
export function issuerProfileDocument(options: {
  issuer: IssuerInfo;
  urls: CertificateUrls;
  publicKeys: PublicMultikey[];
}): IssuerProfileDocument {
  const { issuer, urls, publicKeys } = options;
  if (publicKeys.length === 0) throw new Error("The issuer profile needs at least one public key.");
  for (const key of publicKeys) {
    if (key.controller !== urls.issuer) {
      throw new Error(`Key ${key.id} is controlled by ${key.controller}, not by the issuer ${urls.issuer}.`);
    }
  }
  const profile: IssuerProfileDocument = {
    // JSON-LD safe mode (used when verifying) rejects undefined terms: the multikey context defines the key, and
    // security v2 defines `assertionMethod`/`verificationMethod` at the top level, where a controller document
    // needs them.
    "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT, MULTIKEY_CONTEXT_URL, SECURITY_V2_CONTEXT],
    id: urls.issuer,
    type: ["Profile"],
    name: issuer.name,
    url: issuer.url,
    verificationMethod: publicKeys.map((key) => ({ ...key })),
    assertionMethod: publicKeys.map((key) => key.id),
  };
  if (issuer.logoUrl) profile.image = { id: issuer.logoUrl, type: "Image" };
  return profile;
}

/** Builds and signs the status list credential published at `${base}/status/revocation`. */
export async function signStatusList(
  bits: StatusBits,
  keyPair: Ed25519MultikeyPair,
  options: SigningOptions & { urls: CertificateUrls; validFrom?: Date },
): Promise<StatusListCredential & { proof: Record<string, unknown> }> {
  const signedAt = options.created ? new Date(options.created) : new Date();
  const unsigned = await buildStatusListCredential(bits, {
    urls: options.urls,
    validFrom: options.validFrom ?? signedAt,
  });
  return signCredential(unsigned, keyPair, { documentLoader: options.documentLoader, created: signedAt });
}
