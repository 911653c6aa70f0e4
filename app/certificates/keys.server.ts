// The issuer's Ed25519 signing key (a W3C Multikey). It never leaves the server: only `publicMultikeyDocument`
// output is published, inside the issuer profile at `${base}/issuer`.
import fs from "node:fs/promises";
import path from "node:path";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import type { Ed25519MultikeyPair, MultikeyJson } from "@digitalbazaar/ed25519-multikey";

export type IssuerKeyPair = Ed25519MultikeyPair & { id: string; controller: string };

/** The public half of the key as published in the controller document (no secret, no @context). */
export type PublicMultikey = {
  id: string;
  type: "Multikey";
  controller: string;
  publicKeyMultibase: string;
};

export const ISSUER_KEY_FILE = "issuer-key.json";

/**
 * Key id form: `${issuerId}#${publicKeyMultibase}` (the multikey fingerprint as fragment, as in the OB 3.0 test
 * vector). A fingerprint id changes with the key, so a rotated key can never be mistaken for the old one, and the
 * fragment alone tells a verifier which public key to expect.
 */
export function keyIdFor(issuerId: string, publicKeyMultibase: string): string {
  return `${issuerId}#${publicKeyMultibase}`;
}

/**
 * Imports an exported Multikey (with `secretKeyMultibase`). With `issuerId`, the key is re-bound to that controller
 * and to the fingerprint key id, so a key file survives a change of PUBLIC_URL; without it, the id and controller
 * in the JSON are kept (as the OB 3.0 test vector needs).
 */
export async function importIssuerKeyPair(json: unknown, options: { issuerId?: string } = {}): Promise<IssuerKeyPair> {
  if (!json || typeof json !== "object") throw new Error("The issuer key must be a Multikey JSON object.");
  const key = json as Partial<MultikeyJson>;
  if (typeof key.publicKeyMultibase !== "string" || typeof key.secretKeyMultibase !== "string") {
    throw new Error("The issuer key must contain publicKeyMultibase and secretKeyMultibase.");
  }
  const controller = options.issuerId ?? key.controller;
  if (!controller) throw new Error("The issuer key has no controller; pass issuerId.");
  const id = options.issuerId
    ? keyIdFor(options.issuerId, key.publicKeyMultibase)
    : key.id ?? keyIdFor(controller, key.publicKeyMultibase);
  const keyPair = await Ed25519Multikey.from({
    "@context": "https://w3id.org/security/multikey/v1",
    type: "Multikey",
    id,
    controller,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
  if (!keyPair.secretKey) throw new Error("The issuer key could not be decoded.");
  return keyPair as IssuerKeyPair;
}

export async function generateIssuerKeyPair(issuerId: string): Promise<IssuerKeyPair> {
  const generated = await Ed25519Multikey.generate({ controller: issuerId });
  return await importIssuerKeyPair(await generated.export({ publicKey: true, secretKey: true }), { issuerId });
}

/**
 * Loads the issuer key: from `issuerKey` (the ISSUER_KEY environment variable, an exported Multikey JSON with its
 * secret) when set, else from `<dataDir>/issuer-key.json`, which is created on first use readable by the owner only.
 * Omitting the `issuerKey` property reads process.env.ISSUER_KEY; passing it (even undefined) does not.
 */
export async function loadIssuerKeyPair(options: {
  dataDir: string;
  issuerId: string;
  issuerKey?: string | undefined;
}): Promise<IssuerKeyPair> {
  const { dataDir, issuerId } = options;
  const issuerKey = "issuerKey" in options ? options.issuerKey : process.env.ISSUER_KEY;
  if (issuerKey && issuerKey.trim() !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(issuerKey);
    } catch {
      throw new Error("ISSUER_KEY is not valid JSON (expected an exported Multikey with secretKeyMultibase).");
    }
    return importIssuerKeyPair(parsed, { issuerId });
  }

  const file = path.join(dataDir, ISSUER_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing) return importIssuerKeyPair(existing, { issuerId });

  await fs.mkdir(dataDir, { recursive: true });
  const keyPair = await generateIssuerKeyPair(issuerId);
  const exported = await keyPair.export({ publicKey: true, secretKey: true, includeContext: true });
  // Written to a private temporary file, then hard-linked into place: link() refuses to overwrite, so if two
  // processes start together the loser reads the winner's complete key instead of replacing it (a replaced key
  // would orphan every credential the winner already signed).
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(temporary, JSON.stringify(exported, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  try {
    await fs.link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const raced = await readKeyFile(file);
    if (!raced) throw error;
    return importIssuerKeyPair(raced, { issuerId });
  } finally {
    await fs.rm(temporary, { force: true });
  }
  return keyPair;
}

async function readKeyFile(file: string): Promise<unknown | null> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON; restore it from a backup rather than deleting it.`);
  }
}

/** The public Multikey verification method, as listed in the issuer's controller document. */
export async function publicMultikeyDocument(keyPair: Ed25519MultikeyPair): Promise<PublicMultikey> {
  const exported = await keyPair.export({ publicKey: true, secretKey: false, includeContext: false });
  if (!exported.id || !exported.controller) throw new Error("The key pair has no id or controller.");
  return {
    id: exported.id,
    type: "Multikey",
    controller: exported.controller,
    publicKeyMultibase: exported.publicKeyMultibase,
  };
}
