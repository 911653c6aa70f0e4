// The one place that answers "who is asking, and may they?". Every protected loader and action starts here.
import { redirect } from "@remix-run/node";
import { readSessionToken, validateSessionToken, type SessionUser } from "./session.server";
import { hasRole, type Role } from "./roles";

export type { SessionUser };

export function getSession(request: Request): { sessionId: string; user: SessionUser } | null {
  const token = readSessionToken(request);
  return token ? validateSessionToken(token) : null;
}

export function getUser(request: Request): SessionUser | null {
  return getSession(request)?.user ?? null;
}

export function requireSession(request: Request) {
  const session = getSession(request);
  if (!session) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return session;
}

export function requireUser(request: Request): SessionUser {
  return requireSession(request).user;
}

export function requireRole(request: Request, allowed: readonly Role[]): SessionUser {
  const user = requireUser(request);
  if (!hasRole(user.role, allowed)) throw new Response("errors.forbidden", { status: 403 });
  return user;
}

/** Only local paths, so a crafted link cannot send someone to another site after login. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/dashboard"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
