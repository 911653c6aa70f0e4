// Accounts for tests. `registerAccount` goes through the registration form's action, as a person would, and returns
// the session it opened; `insertAccount` writes the row directly (for tests about something else) and opens a
// session through the sessions capability.
import { eq } from "drizzle-orm";
import type { Role } from "#db/schema/accounts";
import { users } from "#db/tables";
import { createSession, SESSION_COOKIE } from "~/auth/session.server";
import { db, transaction } from "~/db.server";
import { randomId } from "~/ids.server";
import * as loginRoute from "~/routes/login";
import * as registerRoute from "~/routes/register";
import { call, cookieFrom, formRequest } from "../integration/http";

export const PASSPHRASE = "harbour lanterns drift north";

export type Account = { id: string; email: string; fullName: string; cookie: string };

let sequence = 0;
/** A fresh address each call, so tests in one file never collide. */
export const nextEmail = (stem = "person") => `${stem}.${++sequence}.${randomId().slice(0, 6)}@example.org`;
/** A fresh client address each call, so one test's per-address budget never touches another's. */
export const nextIp = () => `198.51.100.${(++sequence % 250) + 1}`;

type AccountOptions = {
  role?: Role;
  /** The studio's reviewer permission (ADR 0026). */
  isReviewer?: boolean;
  fullName?: string;
  email?: string;
  preferredLanguage?: "en" | "fr" | "es";
  profile?: string;
  organisation?: string;
};

/**
 * Registration never signs anyone in (it answers the same whether or not the address had an account), so a signed-in
 * newcomer registers through the form and then logs in through the login form. Returns the session cookie.
 */
export async function registerAndLogIn(fields: Record<string, string>, ip = "203.0.113.7"): Promise<string> {
  const registered = await call(registerRoute.action, formRequest("/register", fields), {}, ip);
  if (registered.status !== 302 || registered.headers.get("Location") !== "/login?registered=1") {
    throw new Error(`registration answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  }
  const loggedIn = await call(loginRoute.action, formRequest("/login", { email: fields.email, password: fields.password }), {}, ip);
  if (loggedIn.status !== 302) throw new Error(`login after registration answered ${loggedIn.status}`);
  return cookieFrom(loggedIn);
}

/** Registers through /register and logs in (see registerAndLogIn), then gives the account its role. */
export async function registerAccount(options: AccountOptions = {}): Promise<Account> {
  const fields = {
    fullName: options.fullName ?? "Amara Okafor",
    email: options.email ?? nextEmail(options.role ?? "learner"),
    password: PASSPHRASE,
    preferredLanguage: options.preferredLanguage ?? "en",
    profile: options.profile ?? "border-official",
    organisation: options.organisation ?? "Border Police",
  };
  const cookie = await registerAndLogIn(fields, nextIp());
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, fields.email));
  if (!row) throw new Error(`no account for ${fields.email} after registration`);
  const role = options.role;
  if (role && role !== "learner") await transaction((tx) => tx.update(users).set({ role }).where(eq(users.id, row.id)));
  return { id: row.id, email: fields.email, fullName: fields.fullName, cookie };
}

/** Inserts an account row (no password that works) and opens a session for it. */
export async function insertAccount(options: AccountOptions = {}): Promise<Account> {
  const id = randomId();
  const email = options.email ?? nextEmail(options.role ?? "learner");
  const fullName = options.fullName ?? "Amara Okafor";
  await transaction((tx) =>
    tx.insert(users).values({
      id,
      email,
      fullName,
      passwordHash: "not-used-by-these-tests",
      preferredLanguage: options.preferredLanguage ?? "en",
      profile: (options.profile ?? "judicial-officer") as typeof users.$inferInsert.profile,
      organisation: options.organisation ?? "Administrative Court",
      role: options.role ?? "learner",
      isReviewer: options.isReviewer ?? false,
      createdAt: Date.now(),
    }),
  );
  const { token } = await createSession(id);
  return { id, email, fullName, cookie: `${SESSION_COOKIE}=${token}` };
}
