// Registration, login, logout, sessions and role changes, through the route modules the way Remix calls them,
// against this file's own temporary SQLite database.
import { encodeBase32LowerCaseNoPadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { and, count, eq, ne } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "#db/schema/accounts";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { SESSION_COOKIE } from "~/auth/session.server";
import { db, transaction } from "~/db.server";
import { env } from "~/env.server";
import * as accountRoute from "~/routes/account";
import * as adminUsersRoute from "~/routes/admin.users";
import * as dashboardRoute from "~/routes/dashboard";
import * as loginRoute from "~/routes/login";
import * as logoutRoute from "~/routes/logout";
import * as registerRoute from "~/routes/register";
import { registerAndLogIn } from "../support/accounts";
import { freshDatabase } from "./db";
import { call, cookieFrom, formRequest, getRequest, refusal, type RouteResult } from "./http";
import { auditEvents, sessions, users } from "#db/tables";

// The real hashing, watched, so a test can tell whether a login attempt reached the password check at all.
vi.mock("~/auth/password.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/auth/password.server")>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword), hashPassword: vi.fn(real.hashPassword) };
});

const PASSPHRASE = "harbour lanterns drift north";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let sequence = 0;
const nextEmail = (stem = "learner") => `${stem}.${++sequence}@example.org`;
// Each test logs in from its own address, so the per-address throttle of one test never touches another.
const nextIp = () => `198.51.100.${++sequence % 250}`;

function registrationFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    fullName: "Margaretta Holm",
    email: nextEmail(),
    password: PASSPHRASE,
    preferredLanguage: "fr",
    profile: "judicial-officer",
    organisation: "Administrative Court",
    ...overrides,
  };
}

const register = (fields: Record<string, string>, ip = nextIp()) => call(registerRoute.action, formRequest("/register", fields), {}, ip);
const login = (email: string, password: string, ip = nextIp()) =>
  call(loginRoute.action, formRequest("/login", { email, password, redirectTo: "/dashboard" }), {}, ip);
const dashboard = (cookie: string) => call(dashboardRoute.loader, getRequest("/dashboard", { cookie }));
const userCount = async () => (await db.select({ n: count() }).from(users))[0]!.n;
const userByEmail = async (email: string) => (await db.select().from(users).where(eq(users.email, email)))[0];

async function expectSignedIn(cookie: string) {
  const result = await dashboard(cookie);
  expect(result.status).toBe(200);
}

async function expectSignedOut(cookie: string) {
  const result = await dashboard(cookie);
  expect(result.status).toBe(302);
  expect(result.headers.get("Location")).toBe("/login?redirectTo=%2Fdashboard");
}

/** A registered account with the given role, signed in once. */
async function account(role: Role = "learner") {
  const fields = registrationFields({ email: nextEmail(role) });
  const cookie = await registerAndLogIn(fields, nextIp());
  const user = await userByEmail(fields.email)!;
  if (role !== "learner") await transaction((tx) => tx.update(users).set({ role }).where(eq(users.id, user.id)));
  return { id: user.id, email: fields.email, cookie };
}

/** Another session for the same person, as from a second device. */
async function secondSession(email: string) {
  const result = await login(email, PASSPHRASE);
  expect(result.status).toBe(302);
  return cookieFrom(result);
}

const failure = refusal;

beforeAll(async () => {
  await freshDatabase();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("registration", () => {
  it("creates one learner and sends them to log in, with no session yet", async () => {
    const before = await userCount();
    const fields = registrationFields({ email: "  Nadia.Rahman@Example.ORG " });
    const result = await register(fields);

    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/login?registered=1");
    expect(result.headers.get("Set-Cookie")).toBeNull();
    expect(await userCount()).toBe(before + 1);

    const row = await userByEmail("nadia.rahman@example.org");
    expect(row).toMatchObject({ fullName: "Margaretta Holm", role: "learner", preferredLanguage: "fr", profile: "judicial-officer" });
    expect(row!.passwordHash!.startsWith("$argon2id$")).toBe(true);

    const signedIn = await login("nadia.rahman@example.org", PASSPHRASE);
    const setCookie = signedIn.headers.get("Set-Cookie") ?? "";
    expect(setCookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const home = await dashboard(cookieFrom(signedIn));
    expect(home.status).toBe(200);
    expect(home.body).toMatchObject({ fullName: "Margaretta Holm" });
  });

  it.each([
    ["the same address", (email: string) => email],
    ["another letter case", (email: string) => email.toUpperCase()],
    ["surrounding spaces", (email: string) => `   ${email}\t`],
  ])("answers an address already registered (written with %s) exactly as a new one, after the same hashing, and changes nothing", async (_how, variant) => {
    const email = nextEmail("taken");
    expect((await register(registrationFields({ email }))).status).toBe(302);
    const owner = await userByEmail(email)!;
    const before = await userCount();
    const hashes = vi.mocked(hashPassword).mock.calls.length;

    const known = await register(registrationFields({ email: variant(email), fullName: "Someone Else", password: "another long passphrase here" }));
    const fresh = await register(registrationFields({ fullName: "Someone Else", password: "another long passphrase here" }));

    for (const result of [known, fresh]) {
      expect(result.status).toBe(302);
      expect(result.headers.get("Location")).toBe("/login?registered=1");
      expect(result.headers.get("Set-Cookie")).toBeNull();
    }
    // Both hashed a password, so neither answers faster.
    expect(vi.mocked(hashPassword).mock.calls.length).toBe(hashes + 2);
    expect(await userCount()).toBe(before + 1);
    expect(await userByEmail(email)).toEqual(owner);
  });

  it("is rate limited per address: the 31st registration within the hour gets 429 with Retry-After", async () => {
    const ip = nextIp();
    for (let i = 0; i < 30; i++) expect((await register(registrationFields(), ip)).status).toBe(302);
    const before = await userCount();
    const refused = await register(registrationFields(), ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(3500);
    expect(failure(refused).formError.key).toBe("errors.rateLimited");
    expect(await userCount()).toBe(before);
    // Another address is not affected.
    expect((await register(registrationFields())).status).toBe(302);
  });

  const invalid: Array<[string, string, Record<string, string | undefined>, string]> = [
    ["fullName", "an empty full name", { fullName: "" }, "errors.fullName.required"],
    ["fullName", "a one-letter full name", { fullName: "  A  " }, "errors.fullName.required"],
    ["fullName", "no full name at all", { fullName: undefined }, "errors.fullName.required"],
    ["fullName", "a full name of 121 characters", { fullName: "x".repeat(121) }, "errors.fullName.tooLong"],
    ["email", "an email without @", { email: "margaretta.example.org" }, "errors.email.invalid"],
    ["email", "an empty email", { email: "  " }, "errors.email.required"],
    ["password", "an 11-character password", { password: "harbourlant" }, "errors.password.too-short"],
    ["password", "a common password", { password: "password2024!" }, "errors.password.common"],
    ["password", "the full name as password", { password: "Margaretta Holm 1970" }, "errors.password.common"],
    ["preferredLanguage", "an unsupported language", { preferredLanguage: "de" }, "errors.language.invalid"],
    ["profile", "an unknown profile", { profile: "astronaut" }, "errors.profile.invalid"],
    ["organisation", "an empty organisation", { organisation: "" }, "errors.organisation.required"],
    ["organisation", "an organisation of 161 characters", { organisation: "x".repeat(161) }, "errors.organisation.tooLong"],
  ];

  it.each(invalid)("refuses %s (%s) with that field's message and writes nothing", async (field, _what, change, key) => {
    const fields = registrationFields();
    for (const [name, value] of Object.entries(change)) {
      if (value === undefined) delete fields[name];
      else fields[name] = value;
    }
    const before = await userCount();

    const result = await register(fields);

    expect(result.status).toBe(400);
    expect(Object.keys(failure(result).fieldErrors)).toEqual([field]);
    expect(failure(result).fieldErrors[field].key).toBe(key);
    expect(result.headers.get("Set-Cookie")).toBeNull();
    expect(await userCount()).toBe(before);
    // The refused form comes back filled in, except for the password.
    expect(failure(result).values.password).toBeUndefined();
  });

  it.each(["margaretta.holm", "karim.benali84"])("refuses the email's local part as password (%s@…)", async (local) => {
    const email = `${local}@court${++sequence}.example.org`;
    const result = await register(registrationFields({ email, password: local }));
    expect(result.status).toBe(400);
    expect(failure(result).fieldErrors).toEqual({ password: { key: "errors.password.common", values: { min: 12 } } });
    expect(await userByEmail(email)).toBeUndefined();
  });
});

describe("login", () => {
  it("signs in with the right password and sends the person to the dashboard", async () => {
    const { email } = await account();
    const result = await login(email.toUpperCase(), PASSPHRASE);
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/dashboard");
    await expectSignedIn(cookieFrom(result));
  });

  it("refuses a wrong password with 401 and errors.login.invalid, and no session", async () => {
    const { email } = await account();
    const result = await login(email, "harbour lanterns drift south");
    expect(result.status).toBe(401);
    expect(failure(result).formError).toEqual({ key: "errors.login.invalid" });
    expect(result.headers.get("Set-Cookie")).toBeNull();
  });

  it("answers an unknown email exactly as a wrong password, after the same password check", async () => {
    const { email } = await account();
    const unknown = nextEmail("nobody");
    const checks = vi.mocked(verifyPassword).mock.calls.length;

    const wrong = await login(email, "harbour lanterns drift south");
    const missing = await login(unknown, "harbour lanterns drift south");

    // Both ran one argon2 verification (the unknown email against a decoy), so neither answers faster.
    expect(vi.mocked(verifyPassword).mock.calls.length).toBe(checks + 2);
    expect(missing.status).toBe(wrong.status);
    const withoutEcho = (r: RouteResult) => ({ ...failure(r), values: { ...failure(r).values, email: "" } });
    expect(withoutEcho(missing)).toEqual(withoutEcho(wrong));
    expect(missing.headers.get("Set-Cookie")).toBeNull();
  });

  it("after 5 failures from one address refuses even the right password there with 429, before any hashing, but never locks the owner out elsewhere", async () => {
    const { email } = await account();
    const ip = nextIp();
    const start = Date.UTC(2030, 4, 1, 9, 0, 0);
    vi.useFakeTimers({ toFake: ["Date"] });

    for (let i = 0; i < 5; i++) {
      vi.setSystemTime(start + i * 1000);
      const result = await login(email, `wrong guess number ${i}`, ip);
      expect(result.status).toBe(401);
    }

    vi.setSystemTime(start + 5000);
    const checks = vi.mocked(verifyPassword).mock.calls.length;
    const throttled = await login(email, PASSPHRASE, ip);
    expect(throttled.status).toBe(429);
    // The window opened with the first failure: it closes 14 min 55 s from now.
    expect(throttled.headers.get("Retry-After")).toBe("895");
    expect(failure(throttled).formError).toEqual({ key: "errors.login.throttled", values: { count: 15 } });
    expect(throttled.headers.get("Set-Cookie")).toBeNull();
    expect(vi.mocked(verifyPassword).mock.calls.length).toBe(checks);

    // The owner, from their own address, is not locked out by someone failing on purpose elsewhere.
    const owner = await login(email, PASSPHRASE, nextIp());
    expect(owner.status).toBe(302);

    vi.setSystemTime(start + 15 * MINUTE + 1);
    const later = await login(email, PASSPHRASE, ip);
    expect(later.status).toBe(302);
    await expectSignedIn(cookieFrom(later));
  });

  it("reserves the attempt before the password check: 20 parallel wrong passwords get exactly 5 checks", async () => {
    const { email } = await account();
    const ip = nextIp();
    const checks = vi.mocked(verifyPassword).mock.calls.length;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => login(email, `parallel guess ${i}`, ip)));
    expect(vi.mocked(verifyPassword).mock.calls.length - checks).toBe(5);
    expect(results.filter((r) => r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(15);
    for (const r of results.filter((r) => r.status === 429)) expect(Number(r.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("makes the wait grow: after four spent windows from one address, the next try there waits for the rest of the day", async () => {
    const { email } = await account();
    const ip = nextIp();
    const start = Date.UTC(2030, 4, 2, 9, 0, 0);
    vi.useFakeTimers({ toFake: ["Date"] });
    for (let window = 0; window < 4; window++) {
      for (let i = 0; i < 5; i++) {
        vi.setSystemTime(start + window * 16 * MINUTE + i * 1000);
        expect((await login(email, `guess ${window}.${i}`, ip)).status).toBe(401);
      }
    }
    vi.setSystemTime(start + 4 * 16 * MINUTE);
    const refused = await login(email, PASSPHRASE, ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBe(DAY / 1000 - 4 * 16 * 60);
  });

  it("counts every account tried from one address against a looser budget of 50, not counting successful logins", async () => {
    const { email } = await account();
    const ip = nextIp();
    for (let i = 0; i < 3; i++) expect((await login(email, PASSPHRASE, ip)).status).toBe(302);
    for (let i = 0; i < 50; i++) expect((await login(nextEmail("sprayed"), "spray guess", ip)).status).toBe(401);
    const refused = await login(email, PASSPHRASE, ip);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).not.toBeNull();
  });

  it.each([
    ["a tab before a second slash", "/\t/evil.example/"],
    ["a newline before a second slash", "/\n/evil.example/"],
    ["a protocol-relative URL", "//evil.example/"],
    ["a backslash", "/\\evil.example"],
    ["a dot segment", "/.//evil.example/"],
    ["an absolute URL", "https://evil.example/"],
    ["a javascript: URL", "javascript:alert(1)"],
  ])("never sends anyone to another site after login (%s)", async (_how, redirectTo) => {
    const { email } = await account();
    const result = await call(loginRoute.action, formRequest("/login", { email, password: PASSPHRASE, redirectTo }), {}, nextIp());
    expect(result.status).toBe(302);
    const location = result.headers.get("Location")!;
    expect(new URL(location, env.publicUrl).origin).toBe(new URL(env.publicUrl).origin);
    expect(location).toMatch(/^\/(?![\/\\])/);
  });

  it("keeps a same-site redirect target with its query", async () => {
    const { email } = await account();
    const redirectTo = "/courses/border-basics?tab=sources#intro";
    const result = await call(loginRoute.action, formRequest("/login", { email, password: PASSPHRASE, redirectTo }), {}, nextIp());
    expect(result.headers.get("Location")).toBe(redirectTo);
  });
});

describe("logout", () => {
  it("ends the session, so the old cookie no longer reaches the dashboard", async () => {
    const { email, cookie } = await account();
    const other = await secondSession(email);
    await expectSignedIn(cookie);

    const result = await call(logoutRoute.action, formRequest("/logout", {}, { cookie }));

    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/");
    expect(result.headers.get("Set-Cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));
    await expectSignedOut(cookie);
    // Only this device is logged out.
    await expectSignedIn(other);
  });
});

describe("sessions", () => {
  it("cannot be taken over with a session row copied from the database", async () => {
    const { id, cookie } = await account();
    await expectSignedIn(cookie);
    const row = (await db.select().from(sessions).where(eq(sessions.userId, id)))[0]!;
    const hash = Buffer.from(row.secretHash);

    const forged = [
      row.id,
      `${row.id}.`,
      `${row.id}.${hash.toString("utf8")}`,
      `${row.id}.${hash.toString("latin1")}`,
      `${row.id}.${hash.toString("hex")}`,
      `${row.id}.${hash.toString("hex").toUpperCase()}`,
      `${row.id}.${hash.toString("base64")}`,
      `${row.id}.${hash.toString("base64url")}`,
      `${row.id}.${encodeBase32LowerCaseNoPadding(hash)}`,
      `${row.id}.${encodeBase32UpperCaseNoPadding(hash)}`,
    ];
    for (const token of forged) {
      await expectSignedOut(`${SESSION_COOKIE}=${encodeURIComponent(token)}`);
    }
    // The genuine cookie still works: the forged ones failed for being forged.
    await expectSignedIn(cookie);
  });

  it("dies after the idle timeout and lives until just before it", async () => {
    const idle = env.SESSION_IDLE_TIMEOUT_MINUTES * MINUTE;
    const { email } = await account();
    const start = Date.UTC(2030, 5, 1, 8, 0, 0);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(start);
    const early = await secondSession(email);
    const late = await secondSession(email);

    vi.setSystemTime(start + idle - 1);
    await expectSignedIn(early);
    vi.setSystemTime(start + idle);
    await expectSignedOut(late);
  });

  it("is kept alive by use, but dies at its absolute lifetime however active", async () => {
    const idle = env.SESSION_IDLE_TIMEOUT_MINUTES * MINUTE;
    const lifetime = env.SESSION_ABSOLUTE_TIMEOUT_DAYS * DAY;
    const step = idle / 2;
    const { email } = await account();
    const start = Date.UTC(2030, 6, 1, 8, 0, 0);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(start);
    const cookie = await secondSession(email);

    let now = start + step;
    for (; now < start + lifetime; now += step) {
      vi.setSystemTime(now);
      await expectSignedIn(cookie);
    }
    expect(now - step).toBeGreaterThan(start + lifetime - idle); // the last visit was recent: only the lifetime ends it
    vi.setSystemTime(start + lifetime);
    await expectSignedOut(cookie);
  });

  it("after a password change, every other session dies and the current one survives", async () => {
    const { email, cookie } = await account();
    const other = await secondSession(email);
    const newPassphrase = "quiet rivers under copper bridges";

    const result = await call(
      accountRoute.action,
      formRequest("/account", { intent: "change-password", currentPassword: PASSPHRASE, newPassword: newPassphrase }, { cookie }),
    );

    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/account?passwordChanged=1");
    await expectSignedIn(cookie);
    await expectSignedOut(other);
    expect((await login(email, PASSPHRASE)).status).toBe(401);
    expect((await login(email, newPassphrase)).status).toBe(302);
  });

  it("keeps every session when the current password given is wrong", async () => {
    const { email, cookie } = await account();
    const other = await secondSession(email);

    const result = await call(
      accountRoute.action,
      formRequest("/account", { intent: "change-password", currentPassword: "not my password at all", newPassword: "quiet rivers under copper bridges" }, { cookie }),
    );

    expect(result.status).toBe(400);
    expect(failure(result).fieldErrors).toEqual({ currentPassword: { key: "errors.password.wrongCurrent" } });
    await expectSignedIn(other);
    expect((await login(email, PASSPHRASE)).status).toBe(302);
  });

  it("'log out of all sessions' ends every session of that person, including the current one", async () => {
    const { email, cookie } = await account();
    const other = await secondSession(email);
    const someoneElse = await account();

    const result = await call(accountRoute.action, formRequest("/account", { intent: "logout-all" }, { cookie }));

    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/login");
    expect(result.headers.get("Set-Cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));
    await expectSignedOut(cookie);
    await expectSignedOut(other);
    await expectSignedIn(someoneElse.cookie);
  });
});

describe("role changes by an admin", () => {
  const changeRole = (cookie: string, userId: string, role: string) =>
    call(adminUsersRoute.action, formRequest("/admin/users", { userId, role }, { cookie }));
  const roleOf = async (id: string) => (await db.select({ role: users.role }).from(users).where(eq(users.id, id)))[0]!.role;
  const auditFor = async (subject: string) => (await db.select().from(auditEvents).where(eq(auditEvents.subject, subject)));

  it("changes the role and records who did it in audit_events", async () => {
    const admin = await account("admin");
    const learner = await account("learner");

    const result = await changeRole(admin.cookie, learner.id, "trainer");

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ ok: true, userId: learner.id, role: "trainer" });
    expect(await roleOf(learner.id)).toBe("trainer");
    const events = await auditFor(learner.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: admin.id, action: "user.role-changed", details: { from: "learner", to: "trainer" } });
  });

  it("refuses a learner with 403 and changes nothing", async () => {
    const learner = await account("learner");
    const target = await account("learner");

    const result = await changeRole(learner.cookie, target.id, "admin");

    expect(result.status).toBe(403);
    expect(await roleOf(target.id)).toBe("learner");
    expect(await roleOf(learner.id)).toBe("learner");
    expect(await auditFor(target.id)).toHaveLength(0);
  });

  it("refuses someone signed out, sending them to log in", async () => {
    const target = await account("learner");
    const result = await call(adminUsersRoute.action, formRequest("/admin/users", { userId: target.id, role: "admin" }));
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    expect(await roleOf(target.id)).toBe("learner");
  });

  it("refuses to demote the last admin with 409 errors.role.lastAdmin", async () => {
    const admin = await account("admin");
    // Setup: make this the only admin on the platform.
    await transaction((tx) => tx.update(users).set({ role: "learner" }).where(and(eq(users.role, "admin"), ne(users.id, admin.id))));

    const result = await changeRole(admin.cookie, admin.id, "learner");

    expect(result.status).toBe(409);
    expect(failure(result).formError).toEqual({ key: "errors.role.lastAdmin" });
    expect(await roleOf(admin.id)).toBe("admin");
    expect(await auditFor(admin.id)).toHaveLength(0);
  });

  it("lets an admin demote another admin when one remains", async () => {
    const admin = await account("admin");
    const other = await account("admin");

    const result = await changeRole(admin.cookie, other.id, "supervisor");

    expect(result.status).toBe(200);
    expect(await roleOf(other.id)).toBe("supervisor");
    expect((await auditFor(other.id))[0]).toMatchObject({ actorId: admin.id, details: { from: "admin", to: "supervisor" } });
  });
});
