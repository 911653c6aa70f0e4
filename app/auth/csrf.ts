// Cross-site request forgery defence by origin checking (OWASP CSRF Cheat Sheet, "Verifying Origin with standard
// headers" and Fetch Metadata). A state-changing request is accepted only when the browser says it comes from
// this origin; a request that says neither is refused, because every browser we support sends one of the two.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossSiteWrite(request: {
  method: string;
  secFetchSite: string | null | undefined;
  origin: string | null | undefined;
  ownOrigin: string;
  /** The host Remix will compare the Origin with (X-Forwarded-Host, else Host). */
  requestHost?: string | null;
}): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  // Remix aborts a write whose Origin names another host than the request's (with a 500, not a refusal), and cannot
  // read a malformed Origin at all: refuse both here, as what they are.
  if (request.origin && request.origin !== "null" && request.requestHost !== undefined) {
    const originHost = hostOf(request.origin);
    if (originHost === null || originHost !== request.requestHost) return true;
  }
  if (request.secFetchSite) return request.secFetchSite !== "same-origin";
  return !request.origin || request.origin !== request.ownOrigin;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
