// The 1EdTech Open Badges 3.0 eddsa-rdfc-2022 test vector: our signing path (contexts, canonicalization, proof
// options) must reproduce its proofValue byte for byte, or other OB 3.0 verifiers would reject our certificates.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { createDocumentLoader } from "~/certificates/document-loader.server";
import { importIssuerKeyPair, publicMultikeyDocument } from "~/certificates/keys.server";
import { signCredential } from "~/certificates/signing.server";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";

const vectorDir = new URL("../fixtures/ob3-eddsa-rdfc-2022/", import.meta.url);
const readJson = (name: string) => JSON.parse(fs.readFileSync(new URL(name, vectorDir), "utf8"));

describe("OB 3.0 eddsa-rdfc-2022 test vector", () => {
  const credential = readJson("credential.json");
  const key = readJson("key.json");
  const expected = readJson("expected-proof.json");

  it("reproduces the published proofValue exactly, with no network", async () => {
    const keyPair = await importIssuerKeyPair(key);
    const signed = await signCredential(credential, keyPair, {
      documentLoader: createDocumentLoader(),
      created: "2010-01-01T19:23:24Z",
    });
    expect(signed.proof.proofValue).toBe(expected.proofValue);
    expect(signed.proof).toEqual(expected);
    // The input stays unsigned: callers may reuse it.
    expect(credential).not.toHaveProperty("proof");
  });

  it("verifies against the vector key published in a controller document, and not once altered", async () => {
    const keyPair = await importIssuerKeyPair(key);
    const publicKey = await publicMultikeyDocument(keyPair);
    const controller = {
      "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://w3id.org/security/multikey/v1",
        "https://w3id.org/security/v2",
      ],
      id: key.controller,
      verificationMethod: [publicKey],
      assertionMethod: [publicKey.id],
    };
    const documentLoader = createDocumentLoader({
      resolve: async (url) => (url === key.controller ? controller : null),
    });
    const signed = { ...credential, proof: expected };
    const suite = new DataIntegrityProof({ cryptosuite });
    const good = await vc.verifyCredential({ credential: signed, suite, documentLoader });
    expect(good.verified).toBe(true);
    const altered = { ...signed, name: "Teamwork Badgf" };
    const bad = await vc.verifyCredential({ credential: altered, suite, documentLoader });
    expect(bad.verified).toBe(false);
  });

  it("refuses to fetch anything that is neither a bundled context nor resolvable", async () => {
    const documentLoader = createDocumentLoader();
    await expect(documentLoader("https://example.org/some-context.jsonld")).rejects.toThrow(/not a bundled context/);
    const ob = await documentLoader("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
    expect(ob.document).toHaveProperty("@context");
  });
});
