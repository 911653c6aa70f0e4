import { z } from "zod";

/** Bytes of randomness in every id a URL shows (160 bits): unguessable, so no one reaches another's data by counting. */
export const RANDOM_ID_BYTES = 20;

/**
 * The one shape of a random id (`randomId()`'s output: 32 lower-case base32 characters). Every route parses ids a URL
 * or a form carries with this schema, so anything else names nothing: a 404 or a 400, never a 500.
 */
export const RandomId = z.string().regex(/^[a-z2-7]{32}$/, "errors.notFound");
