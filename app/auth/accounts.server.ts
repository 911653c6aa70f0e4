// Accounts: registration, login (with rate limits), password changes and the admin's user list.
import { and, asc, count, eq, inArray, isNull, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "~/audit.server";
import { containsText, db, forUpdate, transaction, type Queryable } from "~/db.server";
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from "~/errors";
import { randomId } from "~/ids.server";
import type { Role } from "#db/schema/accounts";
import { users } from "#db/tables/accounts";
import type { Locale } from "~/i18n/languages";
import type { PasswordChangeForm, RegistrationForm } from "./forms";
import { BUDGETS, forget, refund, reserve } from "~/rate-limits.server";
import { checkPassword } from "./password-policy.server";
import { decoyPasswordHash, hashPassword, verifyPassword } from "./password.server";
import { roleChangeProblem } from "./roles";
import { invalidateUserSessions } from "./session.server";

export { LoginForm, normaliseEmail, PasswordChangeForm, RegistrationForm } from "./forms";

function passwordError(password: string, context: { email?: string; fullName?: string }) {
  const problem = checkPassword(password, context);
  return problem ? { key: `errors.password.${problem}`, values: { min: 12 } } : null;
}

/**
 * Create the account, or do nothing when the address already has one: the caller answers both the same way, so
 * registration never tells anyone whether an address has an account (the owner will be told by email once mail
 * exists). The password is hashed in both cases, so the two take the same time.
 */
export async function registerUser(form: RegistrationForm, ip: string, now = Date.now()): Promise<void> {
  await reserve([[BUDGETS.registration, ip]]);
  const problem = passwordError(form.password, form);
  if (problem) throw new ValidationError({ password: problem });
  const passwordHash = await hashPassword(form.password);
  await transaction(async (tx) => {
    await tx
      .insert(users)
      .values({
        id: randomId(),
        email: form.email,
        fullName: form.fullName,
        passwordHash,
        preferredLanguage: form.preferredLanguage,
        profile: form.profile,
        organisation: form.organisation,
        role: "learner",
        createdAt: now,
      })
      // The unique index on email decides, even between two app nodes registering the same address at once.
      .onConflictDoNothing({ target: users.email });
  });
}

const loginRefusal = { key: "errors.login.throttled" };

/**
 * Reserves the attempt in every budget BEFORE the password hash runs, atomically in the database, so parallel
 * guesses cannot overrun a budget and a flood of guesses costs the attacker, not the server. The budgets belong to
 * the account AND the address (plus a looser one per address): a stranger cannot lock the owner out by failing on
 * purpose from elsewhere (docs/decisions/0006-login-throttling-without-lockout.md). An unknown email and a wrong
 * password get the same answer and take the same time.
 */
export async function authenticate(credentials: { email: string; password: string }, ip: string) {
  const pair = `${credentials.email}|${ip}`;
  await reserve(
    [
      [BUDGETS.loginPair, pair],
      [BUDGETS.loginPairDaily, pair],
      [BUDGETS.loginAddress, ip],
    ],
    loginRefusal,
  );
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(eq(users.email, credentials.email))
    .limit(1);
  // An invited account with no password yet, and a deactivated one, are refused like an unknown address: the hash
  // is still checked (against the decoy when there is none), so the answer and its timing tell nothing (ADR 0030).
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), credentials.password);
  if (!user || !user.passwordHash || user.deactivatedAt !== null || !valid) {
    throw new UnauthorizedError({ key: "errors.login.invalid" });
  }
  // The owner, once in, starts afresh from this address; and a successful login does not use up a shared office's
  // budget.
  await forget(BUDGETS.loginPair, pair);
  await forget(BUDGETS.loginPairDaily, pair);
  await refund(BUDGETS.loginAddress, ip);
  return { userId: user.id };
}

/** Changing the password logs every other session out (a stolen cookie dies with the old password). */
export async function changePassword(
  userId: string,
  form: z.infer<typeof PasswordChangeForm>,
  keepSessionId: string,
) {
  // Each try verifies the current password: a stolen session must not become a password-guessing oracle.
  await reserve([[BUDGETS.passwordChange, userId]]);
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user || !user.passwordHash || !(await verifyPassword(user.passwordHash, form.currentPassword))) {
    throw new ValidationError({ currentPassword: { key: "errors.password.wrongCurrent" } });
  }
  const problem = passwordError(form.newPassword, user);
  if (problem) throw new ValidationError({ newPassword: problem });
  const passwordHash = await hashPassword(form.newPassword);
  await transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
  });
  await invalidateUserSessions(userId, keepSessionId);
}

export async function setPreferredLanguage(userId: string, language: Locale) {
  await transaction(async (tx) => {
    await tx.update(users).set({ preferredLanguage: language }).where(eq(users.id, userId));
  });
}

export const USERS_PAGE_SIZE = 20;

export async function listUsers({ query, page }: { query: string; page: number }) {
  const text = query.trim();
  const where = text
    ? or(containsText(users.email, text.toLowerCase()), containsText(users.fullName, text), containsText(users.organisation, text))
    : undefined;
  const [{ n: total }] = await db.select({ n: count() }).from(users).where(where);
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      fullName: users.fullName,
      organisation: users.organisation,
      profile: users.profile,
      role: users.role,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(where)
    .orderBy(asc(users.fullName), asc(users.id))
    .limit(USERS_PAGE_SIZE)
    .offset((Math.max(1, page) - 1) * USERS_PAGE_SIZE);
  return { rows, total, page: Math.max(1, page), pageCount: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)) };
}

export async function changeRole(actorId: string, userId: string, newRole: Role, now = Date.now()) {
  await transaction(async (tx) => {
    const [target] = await tx.select({ role: users.role }).from(users).where(eq(users.id, userId)).limit(1);
    if (!target) throw new ValidationError({ userId: { key: "errors.notFound" } });
    // Locking the admin rows: two concurrent demotions of the last two admins take turns, and the second sees one.
    // A deactivated admin cannot log in, so only active admins count.
    const admins = await forUpdate(
      tx.select({ id: users.id }).from(users).where(and(eq(users.role, "admin"), isNull(users.deactivatedAt))),
    );
    const adminCount = admins.length;
    if (roleChangeProblem({ currentRole: target.role, newRole, adminCount }) === "last-admin") {
      throw new ConflictError({ key: "errors.role.lastAdmin" });
    }
    if (target.role === newRole) return;
    await tx.update(users).set({ role: newRole }).where(eq(users.id, userId));
    await recordAudit(tx, { actorId, action: "user.role-changed", subject: userId, details: { from: target.role, to: newRole }, at: now });
  });
}

/** The name the person wants on certificates, as on their profile now; inside the caller's transaction. */
export async function fullNameOf(q: Queryable, userId: string): Promise<string> {
  const [row] = await q.select({ fullName: users.fullName }).from(users).where(eq(users.id, userId));
  if (!row) throw new NotFoundError();
  return row.fullName;
}

/**
 * "The account in `userId` has `text` in its name or email", for other capabilities' list searches: a condition
 * they can put in their own query without reading this capability's table.
 */
export function accountMatches(userId: AnyColumn, text: string): SQL {
  return inArray(
    userId,
    db.select({ id: users.id }).from(users).where(or(containsText(users.fullName, text), containsText(users.email, text.toLowerCase()))),
  );
}

/** The account's full name as an SQL expression, for other capabilities' lists ordered by name. */
export function accountNameOf(userId: AnyColumn): SQL {
  return sql`(select ${users.fullName} from ${users} where ${users.id} = ${userId})`;
}

/** Name, email and organisation of each account, by id: what another capability may show about a person. */
export async function profilesByIds(ids: string[]): Promise<Map<string, { fullName: string; email: string; organisation: string }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, fullName: users.fullName, email: users.email, organisation: users.organisation })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map(rows.map(({ id, ...profile }) => [id, profile]));
}

/** Account ids by normalised email, for those of `emails` that have an account; inside the caller's transaction. */
export async function accountIdsByEmail(q: Queryable, emails: string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const rows = await q.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails));
  return new Map(rows.map((u) => [u.email, u.id]));
}
