// Accounts: registration, login (with throttling), password changes and the admin's user list.
import { and, asc, count, eq, gt, inArray, lt, or } from "drizzle-orm";
import { z } from "zod";
import { containsText, db, forUpdate, transaction, type Queryable } from "~/db.server";
import { ConflictError, DomainError, TooManyRequestsError, ValidationError } from "~/errors";
import { randomId } from "~/ids.server";
import { PROFILES, type Role } from "#db/schema/accounts";
import { checkPassword } from "./password-policy.server";
import { decoyPasswordHash, hashPassword, verifyPassword } from "./password.server";
import { roleChangeProblem } from "./roles";
import { invalidateUserSessions } from "./session.server";
import { PER_ACCOUNT, PER_ADDRESS, retryAfterMinutes, strictest, throttleDecision } from "./throttle";
import { auditEvents, loginFailures, users } from "#db/tables";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const email = z
  .string({ required_error: "errors.email.required" })
  .transform(normaliseEmail)
  .pipe(z.string().min(1, "errors.email.required").max(254, "errors.email.invalid").email("errors.email.invalid"));

export const RegistrationForm = z.object({
  fullName: z
    .string({ required_error: "errors.fullName.required" })
    .trim()
    .min(2, "errors.fullName.required")
    .max(120, "errors.fullName.tooLong"),
  email,
  password: z.string({ required_error: "errors.password.required" }).min(1, "errors.password.required"),
  preferredLanguage: z.enum(["en", "fr", "es"], { errorMap: () => ({ message: "errors.language.invalid" }) }),
  profile: z.enum(PROFILES, { errorMap: () => ({ message: "errors.profile.invalid" }) }),
  organisation: z
    .string({ required_error: "errors.organisation.required" })
    .trim()
    .min(2, "errors.organisation.required")
    .max(160, "errors.organisation.tooLong"),
});
export type RegistrationForm = z.infer<typeof RegistrationForm>;

export const LoginForm = z.object({
  email,
  password: z.string({ required_error: "errors.password.required" }).min(1, "errors.password.required"),
});

export const PasswordChangeForm = z.object({
  currentPassword: z.string({ required_error: "errors.password.required" }).min(1, "errors.password.required"),
  newPassword: z.string({ required_error: "errors.password.required" }).min(1, "errors.password.required"),
});

function passwordError(password: string, context: { email?: string; fullName?: string }) {
  const problem = checkPassword(password, context);
  return problem ? { key: `errors.password.${problem}`, values: { min: 12 } } : null;
}

export async function registerUser(form: RegistrationForm, now = Date.now()) {
  const problem = passwordError(form.password, form);
  if (problem) throw new ValidationError({ password: problem });
  const passwordHash = await hashPassword(form.password);
  const id = randomId();
  return transaction(async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, form.email)).limit(1);
    if (taken) throw new ValidationError({ email: { key: "errors.email.taken" } });
    const inserted = await tx
      .insert(users)
      .values({
        id,
        email: form.email,
        fullName: form.fullName,
        passwordHash,
        preferredLanguage: form.preferredLanguage,
        profile: form.profile,
        organisation: form.organisation,
        role: "learner",
        createdAt: now,
      })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    // Another node committed a registration with this email between the check and the insert.
    if (inserted.length === 0) throw new ValidationError({ email: { key: "errors.email.taken" } });
    return { id };
  });
}

/**
 * Checks the throttles BEFORE the password hash runs, so a flood of guesses costs the attacker, not the server.
 * An unknown email and a wrong password get the same answer and take the same time.
 */
export async function authenticate(credentials: { email: string; password: string }, ip: string, now = Date.now()) {
  const since = now - Math.max(PER_ACCOUNT.windowMs, PER_ADDRESS.windowMs);
  const byAccount = (
    await db
      .select({ at: loginFailures.at })
      .from(loginFailures)
      .where(and(eq(loginFailures.email, credentials.email), gt(loginFailures.at, since)))
  ).map((r) => r.at);
  const byAddress = (
    await db
      .select({ at: loginFailures.at })
      .from(loginFailures)
      .where(and(eq(loginFailures.ip, ip), gt(loginFailures.at, since)))
  ).map((r) => r.at);
  const decision = strictest(throttleDecision(byAccount, now, PER_ACCOUNT), throttleDecision(byAddress, now, PER_ADDRESS));
  if (!decision.allowed) {
    const minutes = retryAfterMinutes(decision.retryAfterMs);
    throw new TooManyRequestsError({ key: "errors.login.throttled", values: { count: minutes } }, minutes * 60);
  }

  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, credentials.email))
    .limit(1);
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), credentials.password);
  if (!user || !valid) {
    await transaction(async (tx) => {
      await tx.insert(loginFailures).values({ email: credentials.email, ip, at: now });
      // Failures older than every window no longer count; pruning them keeps the table as small as the windows.
      await tx.delete(loginFailures).where(lt(loginFailures.at, since));
    });
    throw new DomainError(401, { key: "errors.login.invalid" });
  }
  await transaction(async (tx) => {
    await tx.delete(loginFailures).where(eq(loginFailures.email, credentials.email));
  });
  return { userId: user.id };
}

/** Changing the password logs every other session out (a stolen cookie dies with the old password). */
export async function changePassword(
  userId: string,
  form: z.infer<typeof PasswordChangeForm>,
  keepSessionId: string,
) {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user || !(await verifyPassword(user.passwordHash, form.currentPassword))) {
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

export async function setPreferredLanguage(userId: string, language: "en" | "fr" | "es") {
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
    const admins = await forUpdate(tx.select({ id: users.id }).from(users).where(eq(users.role, "admin")));
    const adminCount = admins.length;
    if (roleChangeProblem({ currentRole: target.role, newRole, adminCount }) === "last-admin") {
      throw new ConflictError({ key: "errors.role.lastAdmin" });
    }
    if (target.role === newRole) return;
    await tx.update(users).set({ role: newRole }).where(eq(users.id, userId));
    await tx
      .insert(auditEvents)
      .values({ actorId, action: "user.role-changed", subject: userId, details: { from: target.role, to: newRole }, at: now });
  });
}

/** Account ids by normalised email, for those of `emails` that have an account; inside the caller's transaction. */
export async function accountIdsByEmail(q: Queryable, emails: string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const rows = await q.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails));
  return new Map(rows.map((u) => [u.email, u.id]));
}
