// What a person does with a one-time link (ADR 0030): ask for a reset link, set a password from a reset or an
// invitation link, confirm an address. Asking never tells whether an address has an account: the answer is the
// same, and it is given BEFORE the lookup, whose work (lookup, token, mail) goes on after the response, so the
// response's timing is the same too.
import { and, eq, isNull, sql } from "drizzle-orm";
import { db, transaction, type Tx } from "~/db.server";
import { ValidationError } from "~/errors";
import type { Locale } from "~/i18n/languages";
import { BUDGETS, reserve } from "~/rate-limits.server";
import { accountTokens, sessions, users } from "#db/tables/accounts";
import { consumeAccountLink, inspectAccountLink, issueAccountLink, type AccountLinkPurpose, type LinkState } from "./account-links.server";
import { checkPassword } from "./password-policy.server";
import { hashPassword } from "./password.server";

/** A link that cannot be used; the page says which and how to get a new one (410 used/expired, 404 unknown). */
export class AccountLinkError extends Error {
  constructor(readonly state: Exclude<LinkState["status"], "valid">) {
    super(`account link ${state}`);
  }
}

/**
 * "Forgot your password?": reserves the per-address and per-IP budgets (429 when spent), then returns at once;
 * `settled` is the lookup and, for an active account, a new reset link and its mail. The route does not wait for
 * it (the answer is the same either way); tests do.
 */
export async function requestPasswordReset(email: string, ip: string, now = Date.now()): Promise<{ settled: Promise<void> }> {
  await reserve([
    [BUDGETS.passwordResetEmail, email],
    [BUDGETS.passwordResetAddress, ip],
  ]);
  const settled = transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, deactivatedAt: users.deactivatedAt })
      .from(users)
      .where(eq(users.email, email))
      .limit(1);
    // A deactivated account gets nothing: a reset would not let it in.
    if (user && user.deactivatedAt === null) await issueAccountLink(tx, user.id, "password-reset", now);
  }).catch((error) => console.error("Password reset request failed:", error));
  return { settled };
}

/** The account a valid link names, for its page; throws AccountLinkError otherwise. */
export async function accountForLink(token: string, purpose: AccountLinkPurpose, now = Date.now()) {
  const state = await inspectAccountLink(db, token, purpose, now);
  if (state.status !== "valid") throw new AccountLinkError(state.status);
  const [user] = await db
    .select({ id: users.id, email: users.email, fullName: users.fullName, preferredLanguage: users.preferredLanguage, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(eq(users.id, state.userId))
    .limit(1);
  if (!user || user.deactivatedAt !== null) throw new AccountLinkError("unknown");
  return user;
}

function passwordProblem(password: string, context: { email: string; fullName: string }) {
  const problem = checkPassword(password, context);
  return problem ? new ValidationError({ password: { key: `errors.password.${problem}`, values: { min: 12 } } }) : null;
}

/**
 * Uses the link and sets the password in one transaction (the link is spent only if the password is stored), ends
 * every session of the account, and counts the address as verified: the link reached it.
 */
async function setPasswordThroughLink(
  token: string,
  purpose: "password-reset" | "invitation",
  password: string,
  ip: string,
  extra: (account: { email: string; fullName: string }) => { fullName?: string; preferredLanguage?: Locale },
  now: number,
): Promise<string> {
  await reserve([[BUDGETS.accountLinkAddress, ip]]);
  const account = await accountForLink(token, purpose, now);
  const changes = extra(account);
  const problem = passwordProblem(password, { email: account.email, fullName: changes.fullName ?? account.fullName });
  if (problem) throw problem;
  const passwordHash = await hashPassword(password);
  return transaction(async (tx) => {
    const used = await consumeAccountLink(tx, token, purpose, now);
    if (used.status !== "valid") throw new AccountLinkError(used.status);
    await tx
      .update(users)
      .set({ ...changes, passwordHash, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now})` })
      .where(eq(users.id, used.userId));
    await tx.delete(sessions).where(eq(sessions.userId, used.userId));
    // Any other link still open for this account (an older invitation, say) is spent too.
    await spendOpenLinks(tx, used.userId, now);
    return used.userId;
  });
}

async function spendOpenLinks(tx: Tx, userId: string, now: number) {
  await tx
    .update(accountTokens)
    .set({ usedAt: now })
    .where(and(eq(accountTokens.userId, userId), isNull(accountTokens.usedAt), sql`${accountTokens.purpose} <> 'email-verification'`));
}

/** /reset-password/<token>: returns the account whose password was set. */
export function resetPassword(token: string, password: string, ip: string, now = Date.now()): Promise<string> {
  return setPasswordThroughLink(token, "password-reset", password, ip, () => ({}), now);
}

/** /welcome/<token>: the invited person confirms name and language and chooses a password. */
export function acceptInvitation(
  token: string,
  form: { fullName: string; preferredLanguage: Locale; password: string },
  ip: string,
  now = Date.now(),
): Promise<string> {
  return setPasswordThroughLink(token, "invitation", form.password, ip, () => ({ fullName: form.fullName, preferredLanguage: form.preferredLanguage }), now);
}

/** /verify-email/<token> (its POST): marks the address verified. */
export async function verifyEmail(token: string, now = Date.now()): Promise<string> {
  return transaction(async (tx) => {
    const used = await consumeAccountLink(tx, token, "email-verification", now);
    if (used.status !== "valid") throw new AccountLinkError(used.status);
    await tx.update(users).set({ emailVerifiedAt: now }).where(and(eq(users.id, used.userId), isNull(users.emailVerifiedAt)));
    return used.userId;
  });
}

/** The account page's "send the link again"; nothing when the address is already verified. */
export async function resendVerification(userId: string, now = Date.now()): Promise<boolean> {
  await reserve([[BUDGETS.verificationResend, userId]]);
  return transaction(async (tx) => {
    const [user] = await tx.select({ verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId)).limit(1);
    if (!user || user.verifiedAt !== null) return false;
    await issueAccountLink(tx, userId, "email-verification", now);
    return true;
  });
}

/** Whether the account's address is verified (the account page shows it). */
export async function emailVerifiedAt(userId: string): Promise<number | null> {
  const [row] = await db.select({ at: users.emailVerifiedAt }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.at ?? null;
}
