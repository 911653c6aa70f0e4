// npm run issuer:key — print a new issuer key (an exported Ed25519 Multikey JSON, secret included) on one line, for
// ISSUER_KEY. Every node of a PostgreSQL deployment must start with the same one (ADR 0020); keep it as a secret.
import { generateIssuerKeyPair } from "~/certificates/keys.server";

// The controller is rewritten to the serving issuer's URL when the key is loaded; any placeholder will do here.
const keyPair = await generateIssuerKeyPair("urn:lexmigra:issuer");
console.log(JSON.stringify(await keyPair.export({ publicKey: true, secretKey: true, includeContext: true })));
