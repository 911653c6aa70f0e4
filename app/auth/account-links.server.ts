// One-time account links (ADR 0030): invitation, password reset and email verification. The URL carries a random
// token (160 bits, oslo); the database keeps only its SHA-256, so a leaked table opens nothing. A link is single
// use (`usedAt`, set by a conditional UPDATE, so two clicks at once cannot both use it) and expires. Issuing a link
// also enqueues its mail in the same transaction (app/mail/outbox.server.ts), so a link and its message commit
// together.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import { env } from "~/env.server";
import type { Tx } from "~/db.server";
import { randomId } from "~/ids.server";
import { enqueueMails } from "~/mail/outbox.server";
import type { AccountLinkPurpose } from "#db/schema/account-values";
import { accountTokens, users } from "#db/tables/accounts";

export { ACCOUNT_LINK_PURPOSES, type AccountLinkPurpose } from "#db/schema/account-values";

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/** How long each kind of link stays valid. */
export const LINK_VALIDITY_MS: Record<AccountLinkPurpose, number> = {
  invitation: 14 * DAY,
  "password-reset": 1 * HOUR,
  "email-verification": 7 * DAY,
};

/** The page each kind of link opens. */
export const LINK_PATHS: Record<AccountLinkPurpose, string> = {
  invitation: "/welcome",
  "password-reset": "/reset-password",
  "email-verification": "/verify-email",
};

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** A token's shape, checked before any lookup: base32 of 20 bytes (randomId), nothing else. */
export function isTokenShaped(token: string): boolean {
  return /^[a-z2-7]{32}$/.test(token);
}

/**
 * A fresh link for `userId`, valid for LINK_VALIDITY_MS[purpose]; earlier unused links of the same purpose stop
 * working. Enqueues the matching mail in the caller's transaction and returns the URL (shown to the admin or
 * supervisor who caused it when mail is not configured).
 */
export async function issueAccountLink(
  tx: Tx,
  userId: string,
  purpose: AccountLinkPurpose,
  now = Date.now(),
): Promise<{ url: string }> {
  const urls = await issueAccountLinks(tx, [userId], purpose, now);
  const url = urls.get(userId);
  if (!url) throw new Error(`no account ${userId}`);
  return { url };
}

/** issueAccountLink for many accounts at once (bulk invitations), in batches; returns each account's URL. */
export async function issueAccountLinks(
  tx: Tx,
  userIds: string[],
  purpose: AccountLinkPurpose,
  now = Date.now(),
): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  for (let start = 0; start < userIds.length; start += BATCH) {
    const batch = [...new Set(userIds.slice(start, start + BATCH))];
    const people = await tx
      .select({ id: users.id, email: users.email, fullName: users.fullName, locale: users.preferredLanguage })
      .from(users)
      .where(inArray(users.id, batch));
    if (people.length === 0) continue;
    await tx
      .update(accountTokens)
      .set({ usedAt: now })
      .where(and(inArray(accountTokens.userId, people.map((p) => p.id)), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt)));
    const issued = people.map((person) => {
      const token = randomId();
      // `?lng=` opens the page in the language the mail is written in, not the browser's (app/i18n/i18next.server.ts).
      const url = `${env.publicUrl}${LINK_PATHS[purpose]}/${token}?lng=${person.locale}`;
      return { person, token, tokenHash: hashToken(token), url };
    });
    await tx.insert(accountTokens).values(
      issued.map(({ person, tokenHash }) => ({
        tokenHash,
        userId: person.id,
        purpose,
        createdAt: now,
        expiresAt: now + LINK_VALIDITY_MS[purpose],
      })),
    );
    await enqueueMails(
      tx,
      issued.map(({ person, tokenHash, url }) => ({
        kind: purpose,
        userId: person.id,
        to: person.email,
        locale: person.locale,
        data: { fullName: person.fullName, link: url, expiresAt: now + LINK_VALIDITY_MS[purpose] },
        // One message per link: the token's hash names it (never the token itself, which only the mail carries).
        dedupeKey: `${purpose}:${tokenHash}`,
        now,
      })),
    );
    for (const { person, url } of issued) urls.set(person.id, url);
  }
  return urls;
}

// Rows per statement: far below SQLite's and PostgreSQL's parameter limits at 6 columns.
const BATCH = 500;

export type LinkState = { status: "valid"; userId: string } | { status: "used" | "expired" | "unknown" };

/** What a token names, without using it: for the page that shows the form. */
export async function inspectAccountLink(tx: Tx, token: string, purpose: AccountLinkPurpose, now = Date.now()): Promise<LinkState> {
  if (!isTokenShaped(token)) return { status: "unknown" };
  const [row] = await tx
    .select({ userId: accountTokens.userId, usedAt: accountTokens.usedAt, expiresAt: accountTokens.expiresAt })
    .from(accountTokens)
    .where(and(eq(accountTokens.tokenHash, hashToken(token)), eq(accountTokens.purpose, purpose)))
    .limit(1);
  if (!row) return { status: "unknown" };
  if (row.usedAt !== null) return { status: "used" };
  if (row.expiresAt <= now) return { status: "expired" };
  return { status: "valid", userId: row.userId };
}

/**
 * Uses the link: one conditional UPDATE marks it used only if it is unused and unexpired, so of two requests with
 * the same token exactly one gets the account. The caller does the link's work in the same transaction.
 */
export async function consumeAccountLink(tx: Tx, token: string, purpose: AccountLinkPurpose, now = Date.now()): Promise<LinkState> {
  if (!isTokenShaped(token)) return { status: "unknown" };
  const tokenHash = hashToken(token);
  const [used] = await tx
    .update(accountTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(accountTokens.tokenHash, tokenHash),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
    .returning({ userId: accountTokens.userId });
  if (used) return { status: "valid", userId: used.userId };
  return inspectAccountLink(tx, token, purpose, now);
}
