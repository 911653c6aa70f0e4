// Conditional GETs (RFC 9110 §8.8.3, §13.1.2): a page that depends only on the course version, the language, the
// learner's progress stamp and who is signed in names those in a weak ETag; a browser that already holds that page
// sends If-None-Match and gets a 304 without the page being rendered again. The build's version is part of every
// tag, so a deployment (new asset names in the page) never matches an old one.
import { createHash } from "node:crypto";

/** A weak entity tag over the parts a page depends on; any change in any part changes the tag. */
export function pageTag(...parts: (string | number | boolean | null | undefined)[]): string {
  return `W/"${createHash("sha1").update(JSON.stringify(parts)).digest("base64url").slice(0, 16)}"`;
}

/** Weak comparison (§8.8.3.2), as If-None-Match uses: `W/"x"` matches `"x"` and `W/"x"`; `*` matches anything. */
export function isNotModified(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((candidate) => candidate.trim() === "*" || opaque(candidate) === opaque(etag));
}
