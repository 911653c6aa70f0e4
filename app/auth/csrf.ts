// Cross-site request forgery defence by origin checking (OWASP CSRF Cheat Sheet, "Verifying Origin with standard
// headers" and Fetch Metadata). A state-changing request is accepted only when the browser says it comes from
// this origin; a request that says neither is refused, because every browser we support sends one of the two.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossSiteWrite(request: {
  method: string;
  secFetchSite: string | null | undefined;
  origin: string | null | undefined;
  ownOrigin: string;
}): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  if (request.secFetchSite) return request.secFetchSite !== "same-origin";
  return !request.origin || request.origin !== request.ownOrigin;
}
