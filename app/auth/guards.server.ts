// The one place that answers "who is asking, and may they?". Every protected loader and action starts here.
import { redirect } from "@remix-run/node";
import { readSessionToken, validateSessionToken, type SessionUser } from "./session.server";
import { hasRole, type Role } from "./roles";

export type { SessionUser };

type Session = { sessionId: string; user: SessionUser };

// Several loaders of one request ask who is asking; the session is validated once per request.
const sessionOfRequest = new WeakMap<Request, Session | null>();

export function getSession(request: Request): Session | null {
  if (sessionOfRequest.has(request)) return sessionOfRequest.get(request)!;
  const token = readSessionToken(request);
  const session = token ? validateSessionToken(token) : null;
  sessionOfRequest.set(request, session);
  return session;
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
