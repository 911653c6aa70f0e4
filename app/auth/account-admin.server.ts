// Account administration (ADR 0030): invited accounts created in bulk, edits, deactivation and reactivation, and
// the one-time links' pages (accepting an invitation, resetting a password, verifying an address). Every change an
// admin or supervisor makes is audited in the transaction that makes it.
import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import { recordAudit } from "~/audit.server";
import { db, forUpdate, transaction, type Tx } from "~/db.server";
import { ConflictError, NotFoundError, ValidationError } from "~/errors";
import { randomId } from "~/ids.server";
import type { Locale } from "~/i18n/languages";
import type { Profile } from "#db/schema/account-values";
import { sessions, users } from "#db/tables/accounts";
import { issueAccountLink } from "./account-links.server";
import { normaliseEmail } from "./forms";

export type InvitedAccount = {
  email: string;
  fullName: string;
  profile: Profile;
  preferredLanguage: Locale;
  organisation: string;
};

// Rows per INSERT: 8 columns × 500 stays far below both engines' parameter limits.
const BATCH = 500;

/**
 * Creates, in the caller's transaction, an account for every address that has none: no password (it cannot log in
 * until the invitation is accepted), role learner. Addresses that already have an account are left as they are.
 * Keyed by the normalised address (trimmed, lower case): `created` says whether this call made the account. No
 * argon2 and one INSERT per BATCH rows, so 10,000 rows take a moment. The caller audits the import as a whole and
 * issues the invitations (issueAccountLinks).
 */
export async function createInvitedAccounts(
  tx: Tx,
  rows: InvitedAccount[],
  now = Date.now(),
): Promise<Map<string, { userId: string; created: boolean }>> {
  const byEmail = new Map<string, InvitedAccount & { id: string }>();
  for (const row of rows) {
    const email = normaliseEmail(row.email);
    if (!byEmail.has(email)) byEmail.set(email, { ...row, email, id: randomId() });
  }
  const result = new Map<string, { userId: string; created: boolean }>();
  const all = [...byEmail.values()];
  for (let start = 0; start < all.length; start += BATCH) {
    const batch = all.slice(start, start + BATCH);
    await tx
      .insert(users)
      .values(
        batch.map((row) => ({
          id: row.id,
          email: row.email,
          fullName: row.fullName.trim(),
          passwordHash: null,
          preferredLanguage: row.preferredLanguage,
          profile: row.profile,
          organisation: row.organisation.trim(),
          role: "learner" as const,
          createdAt: now,
        })),
      )
      // The unique index on email decides, even against a registration or another import at the same moment.
      .onConflictDoNothing({ target: users.email });
    const stored = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(users.email, batch.map((row) => row.email)));
    for (const { id, email } of stored) result.set(email, { userId: id, created: id === byEmail.get(email)?.id });
  }
  return result;
}

/**
 * Creates one invited account and sends its invitation, audited: the admin's "new user" form. An address that
 * already has an account is refused (an admin may know; the page is for admins only).
 */
export async function createAccount(
  actorId: string,
  fields: InvitedAccount,
  now = Date.now(),
): Promise<{ userId: string; url: string }> {
  return transaction(async (tx) => {
    const created = await createInvitedAccounts(tx, [fields], now);
    const outcome = created.get(normaliseEmail(fields.email))!;
    if (!outcome.created) throw new ValidationError({ email: { key: "access.errors.emailTaken" } });
    await recordAudit(tx, { actorId, action: "user.created", subject: outcome.userId, details: { email: normaliseEmail(fields.email) }, at: now });
    const { url } = await issueAccountLink(tx, outcome.userId, "invitation", now);
    await recordAudit(tx, { actorId, action: "user.link-issued", subject: outcome.userId, details: { purpose: "invitation" }, at: now });
    return { userId: outcome.userId, url };
  });
}

/** Sends a fresh invitation or reset link on an admin's or supervisor's request, audited. Returns the URL. */
export async function sendAccountLink(
  actorId: string,
  userId: string,
  purpose: "invitation" | "password-reset",
  now = Date.now(),
): Promise<{ url: string }> {
  return transaction(async (tx) => {
    const [target] = await tx.select({ deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, userId)).limit(1);
    if (!target) throw new NotFoundError();
    if (target.deactivatedAt !== null) throw new ConflictError({ key: "access.errors.deactivated" });
    const link = await issueAccountLink(tx, userId, purpose, now);
    await recordAudit(tx, { actorId, action: "user.link-issued", subject: userId, details: { purpose }, at: now });
    return link;
  });
}

export type AccountFields = Partial<InvitedAccount>;

/** Edits name, email, profile, language and organisation, audited with each changed field's old and new value. */
export async function updateAccount(actorId: string, userId: string, fields: AccountFields, now = Date.now()): Promise<void> {
  await transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.id, userId)).limit(1);
    if (!current) throw new NotFoundError();
    const next: AccountFields = {};
    if (fields.email !== undefined) next.email = normaliseEmail(fields.email);
    if (fields.fullName !== undefined) next.fullName = fields.fullName.trim();
    if (fields.organisation !== undefined) next.organisation = fields.organisation.trim();
    if (fields.profile !== undefined) next.profile = fields.profile;
    if (fields.preferredLanguage !== undefined) next.preferredLanguage = fields.preferredLanguage;
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, value] of Object.entries(next) as [keyof AccountFields, string][]) {
      if (current[key] !== value) changes[key] = { from: current[key], to: value };
    }
    if (Object.keys(changes).length === 0) return;
    if (changes.email) {
      const [taken] = await tx.select({ id: users.id }).from(users).where(and(eq(users.email, next.email!), ne(users.id, userId))).limit(1);
      if (taken) throw new ValidationError({ email: { key: "access.errors.emailTaken" } });
    }
    const set = Object.fromEntries(Object.keys(changes).map((key) => [key, next[key as keyof AccountFields]]));
    // A new address is not yet proved to belong to the person.
    await tx
      .update(users)
      .set(changes.email ? { ...set, emailVerifiedAt: null } : set)
      .where(eq(users.id, userId));
    await recordAudit(tx, { actorId, action: "user.updated", subject: userId, details: changes, at: now });
  });
}

type Args = [actorId: string, userId: string, now?: number];

/**
 * Deactivates an account: it can no longer log in, its sessions are deleted at once, and everything it did
 * (attempts, completions, certificates) stays. The last active admin cannot be deactivated. Inside the caller's
 * transaction when one is given.
 */
export async function deactivateAccount(...args: [Tx, ...Args] | Args): Promise<void> {
  const [tx, actorId, userId, now = Date.now()] = typeof args[0] === "string" ? [undefined, ...(args as Args)] : (args as [Tx, ...Args]);
  const work = async (tx: Tx) => {
    const [target] = await tx.select({ role: users.role, deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, userId)).limit(1);
    if (!target) throw new NotFoundError();
    if (target.deactivatedAt !== null) return;
    if (target.role === "admin") {
      // Locked, so two concurrent deactivations of the last two admins take turns, and the second sees one.
      const admins = await forUpdate(tx.select({ id: users.id }).from(users).where(and(eq(users.role, "admin"), isNull(users.deactivatedAt))));
      if (admins.length <= 1) throw new ConflictError({ key: "errors.role.lastAdmin" });
    }
    await tx.update(users).set({ deactivatedAt: now }).where(eq(users.id, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await recordAudit(tx, { actorId, action: "user.deactivated", subject: userId, at: now });
  };
  if (tx) await work(tx);
  else await transaction(work);
}

/** Lets a deactivated account log in again (with its old password, or a reset link). */
export async function reactivateAccount(...args: [Tx, ...Args] | Args): Promise<void> {
  const [tx, actorId, userId, now = Date.now()] = typeof args[0] === "string" ? [undefined, ...(args as Args)] : (args as [Tx, ...Args]);
  const work = async (tx: Tx) => {
    const [target] = await tx.select({ deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, userId)).limit(1);
    if (!target) throw new NotFoundError();
    if (target.deactivatedAt === null) return;
    await tx.update(users).set({ deactivatedAt: null }).where(eq(users.id, userId));
    await recordAudit(tx, { actorId, action: "user.reactivated", subject: userId, at: now });
  };
  if (tx) await work(tx);
  else await transaction(work);
}

/** One account as the admin's user page shows it. */
export async function getAccount(userId: string) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      fullName: users.fullName,
      profile: users.profile,
      preferredLanguage: users.preferredLanguage,
      organisation: users.organisation,
      role: users.role,
      createdAt: users.createdAt,
      emailVerifiedAt: users.emailVerifiedAt,
      deactivatedAt: users.deactivatedAt,
      hasPassword: users.passwordHash,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) throw new NotFoundError();
  // Whether a password is set, never the hash itself.
  return { ...row, hasPassword: row.hasPassword !== null };
}
