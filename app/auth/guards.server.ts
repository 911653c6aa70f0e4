// The one place that answers "who is asking, and may they?". Every protected loader and action starts here.
import { redirect } from "@remix-run/node";
import { env } from "~/env.server";
import { ForbiddenError } from "~/errors";
import { readSessionToken, validateSessionToken, type SessionUser } from "./session.server";
import { hasRole, type Role } from "./roles";

export type { SessionUser };

type Session = { sessionId: string; user: SessionUser };

// Several loaders of one request ask who is asking; the session is validated once per request.
const sessionOfRequest = new WeakMap<Request, Promise<Session | null>>();

export function getSession(request: Request): Promise<Session | null> {
  let session = sessionOfRequest.get(request);
  if (!session) {
    const token = readSessionToken(request);
    session = token ? validateSessionToken(token) : Promise.resolve(null);
    sessionOfRequest.set(request, session);
  }
  return session;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getSession(request))?.user ?? null;
}

export async function requireSession(request: Request): Promise<Session> {
  const session = await getSession(request);
  if (!session) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return session;
}

export async function requireUser(request: Request): Promise<SessionUser> {
  return (await requireSession(request)).user;
}

export async function requireRole(request: Request, allowed: readonly Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!hasRole(user.role, allowed)) throw new ForbiddenError();
  return user;
}

/**
 * Where to go after login or a language change, from input anyone can craft. The target is parsed as a URL against
 * this application's own origin, as a browser would parse it, and only a same-origin path is kept: `//evil.example`,
 * `/\evil.example`, `/<TAB>/evil.example` (URL parsers drop tabs and newlines) and `https://evil.example` all resolve
 * to another origin and fall back. A newline never reaches the Location header.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/dashboard"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.length > 2048) return fallback;
  const own = new URL(env.publicUrl);
  let target: URL;
  try {
    target = new URL(to, own);
  } catch {
    return fallback;
  }
  if (target.origin !== own.origin) return fallback;
  // `/.//evil.example` parses to the path `//evil.example`, which a browser would read as another host.
  const path = target.pathname.replace(/^\/{2,}/, "/");
  return `${path}${target.search}${target.hash}`;
}
