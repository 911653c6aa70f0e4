// Sessions after Lucia's guide (lucia-auth.com, "Basic session API" with inactivity timeout): the token is
// `<session id>.<secret>`, the database keeps only SHA-256(secret), and the secret is compared in constant time.
// A leaked database row therefore cannot be replayed as a cookie. See docs/decisions/0002-sessions-and-auth.md.
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { sha256 } from "@oslojs/crypto/sha2";
import { parse as parseCookies, serialize as serializeCookie } from "cookie";
import { and, eq, ne, sql } from "drizzle-orm";
import { db, preparedOn, transaction } from "~/db.server";
import { env } from "~/env.server";
import { randomId } from "~/ids.server";
import { sessions, users } from "#db/tables/accounts";

export const SESSION_COOKIE = env.isProduction ? "__Host-lexmigra_session" : "lexmigra_session";

const IDLE_TIMEOUT_MS = env.SESSION_IDLE_TIMEOUT_MINUTES * 60_000;
const ABSOLUTE_TIMEOUT_MS = env.SESSION_ABSOLUTE_TIMEOUT_DAYS * 24 * 60 * 60_000;
// Writing lastVerifiedAt on every request would turn every page view into a write; a coarse step is enough.
const ACTIVITY_STEP_MS = Math.min(5 * 60_000, IDLE_TIMEOUT_MS / 4);

export type SessionUser = Pick<
  typeof users.$inferSelect,
  "id" | "email" | "fullName" | "role" | "isReviewer" | "preferredLanguage" | "profile" | "organisation"
>;

// Prepared once: this lookup runs on every request, and building and preparing the statement each time cost more
// than running it.
const sessionById = preparedOn((q) =>
  q
  .select({
    secretHash: sessions.secretHash,
    createdAt: sessions.createdAt,
    lastVerifiedAt: sessions.lastVerifiedAt,
    deactivatedAt: users.deactivatedAt,
    user: {
      id: users.id,
      email: users.email,
      fullName: users.fullName,
      role: users.role,
      isReviewer: users.isReviewer,
      preferredLanguage: users.preferredLanguage,
      profile: users.profile,
      organisation: users.organisation,
    },
  })
  .from(sessions)
  .innerJoin(users, eq(users.id, sessions.userId))
  .where(eq(sessions.id, sql.placeholder("id")))
  .prepare("session_by_id"),
);

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export async function createSession(userId: string, now = Date.now()): Promise<{ token: string; sessionId: string }> {
  const id = randomId(20);
  const secret = randomId(32); // ≥ 32 random bytes, as the guide requires for the secret part
  await transaction(async (tx) => {
    await tx
      .insert(sessions)
      .values({ id, userId, secretHash: Buffer.from(hashSecret(secret)), createdAt: now, lastVerifiedAt: now });
  });
  return { token: `${id}.${secret}`, sessionId: id };
}

export async function validateSessionToken(
  token: string,
  now = Date.now(),
): Promise<{ sessionId: string; user: SessionUser } | null> {
  const parts = token.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  const [sessionId, secret] = parts;
  const [row] = await sessionById(db).execute({ id: sessionId });
  if (!row) return null;
  if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;
  // Deactivation deletes the account's sessions; this refuses one that a racing request created meanwhile.
  if (row.deactivatedAt !== null) {
    await invalidateSession(sessionId);
    return null;
  }
  if (now - row.lastVerifiedAt >= IDLE_TIMEOUT_MS || now - row.createdAt >= ABSOLUTE_TIMEOUT_MS) {
    await invalidateSession(sessionId);
    return null;
  }
  if (now - row.lastVerifiedAt >= ACTIVITY_STEP_MS) {
    await transaction(async (tx) => {
      await tx.update(sessions).set({ lastVerifiedAt: now }).where(eq(sessions.id, sessionId));
    });
  }
  return { sessionId, user: row.user };
}

export async function invalidateSession(sessionId: string) {
  await transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, sessionId));
  });
}

/** Log out everywhere; with `except`, keep the session the person is using now. */
export async function invalidateUserSessions(userId: string, except?: string) {
  await transaction(async (tx) => {
    await tx
      .delete(sessions)
      .where(except ? and(eq(sessions.userId, userId), ne(sessions.id, except)) : eq(sessions.userId, userId));
  });
}

export function readSessionToken(request: Request): string | null {
  // The `cookie` package parses the header and leaves a value it cannot decode (`%E0%A4%A`) as it is, which then names
  // no session: a malformed cookie makes an anonymous visitor, never a 500 on every page.
  const value = parseCookies(request.headers.get("Cookie") ?? "")[SESSION_COOKIE];
  return value && value.length <= 200 ? value : null;
}

function cookieOptions(maxAgeSeconds: number) {
  // __Host- requires Secure, Path=/ and no Domain: the cookie is then bound to this exact origin.
  return { path: "/", httpOnly: true, sameSite: "lax", maxAge: maxAgeSeconds, secure: env.isProduction } as const;
}

export function sessionCookie(token: string): string {
  return serializeCookie(SESSION_COOKIE, token, cookieOptions(Math.floor(ABSOLUTE_TIMEOUT_MS / 1000)));
}

export function blankSessionCookie(): string {
  return serializeCookie(SESSION_COOKIE, "", cookieOptions(0));
}
