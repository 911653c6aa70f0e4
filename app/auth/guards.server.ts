// The one place that answers "who is asking, and may they?". Every protected loader and action starts here.
import { redirect } from "@remix-run/node";
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

export async function requireSession(request: Request) {
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
  if (!hasRole(user.role, allowed)) throw new Response("errors.forbidden", { status: 403 });
  return user;
}

/** Only local paths, so a crafted link cannot send someone to another site after login. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/dashboard"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
