// The accounts and outbox API other capabilities build on (ADR 0023, ADR 0030): bulk invited accounts, one-time
// links with their mail in the same transaction, the outbox's dedupe key and reminder preference, deactivation,
// and the scheduler's lease. Against this file's own database (SQLite, or PostgreSQL under scripts/with-postgres.sh).
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { consumeAccountLink, hashToken, inspectAccountLink, issueAccountLink, LINK_VALIDITY_MS } from "~/auth/account-links.server";
import { createInvitedAccounts, deactivateAccount, reactivateAccount, updateAccount } from "~/auth/account-admin.server";
import { authenticate } from "~/auth/accounts.server";
import { validateSessionToken } from "~/auth/session.server";
import { auditTrail } from "~/audit.server";
import { db, transaction } from "~/db.server";
import { registerJob, releaseLease, runJobsOnce, takeLease } from "~/jobs/scheduler.server";
import { enqueueMail, setRemindersEnabled } from "~/mail/outbox.server";
import { accountTokens, mailOutbox, users } from "#db/tables";
import { insertAccount, nextEmail, nextIp, registerAccount, PASSPHRASE } from "../support/accounts";
import { freshDatabase } from "./db";

beforeAll(freshDatabase);

const invitee = (email = nextEmail("invitee")) => ({
  email,
  fullName: "Ibrahim Diallo",
  profile: "border-official" as const,
  preferredLanguage: "fr" as const,
  organisation: "Border Police",
});

describe("createInvitedAccounts", () => {
  it("creates accounts without a usable password and leaves existing addresses untouched", async () => {
    const existing = await registerAccount({ fullName: "Already Here" });
    const fresh = invitee(`  New.Person.${Date.now()}@Example.org `);
    const result = await transaction((tx) => createInvitedAccounts(tx, [fresh, { ...invitee(existing.email), fullName: "Someone Else" }], 1_000));
    const created = result.get(fresh.email.trim().toLowerCase())!;
    expect(created.created).toBe(true);
    expect(result.get(existing.email)).toEqual({ userId: existing.id, created: false });
    const [row] = await db.select().from(users).where(eq(users.id, created.userId));
    expect(row).toMatchObject({ passwordHash: null, fullName: "Ibrahim Diallo", preferredLanguage: "fr", role: "learner" });
    const [unchanged] = await db.select().from(users).where(eq(users.id, existing.id));
    expect(unchanged!.fullName).toBe("Already Here");
    // No password: refused like a wrong one, whatever is typed.
    await expect(authenticate({ email: row!.email, password: "" }, nextIp())).rejects.toMatchObject({ status: 401 });
  });

  it("creates 10,000 accounts in seconds", async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => invitee(`bulk.${i}.${Date.now()}@example.org`));
    const started = performance.now();
    const result = await transaction((tx) => createInvitedAccounts(tx, rows));
    const ms = performance.now() - started;
    console.log(`createInvitedAccounts: 10,000 rows in ${Math.round(ms)} ms`);
    expect([...result.values()].filter((r) => r.created)).toHaveLength(10_000);
  });
});

describe("issueAccountLink", () => {
  it("stores only the token's hash, enqueues the mail in the same transaction, and is single use", async () => {
    const account = await insertAccount({ preferredLanguage: "es" });
    const now = 5_000_000;
    const { url } = await transaction((tx) => issueAccountLink(tx, account.id, "password-reset", now));
    const token = new URL(url).pathname.split("/").pop()!;
    expect(url).toMatch(/\/reset-password\/[a-z2-7]{32}\?lng=(en|fr|es)$/);
    const [stored] = await db.select().from(accountTokens).where(eq(accountTokens.tokenHash, hashToken(token)));
    expect(stored).toMatchObject({ userId: account.id, purpose: "password-reset", expiresAt: now + LINK_VALIDITY_MS["password-reset"] });
    const mail = await db.select().from(mailOutbox).where(eq(mailOutbox.userId, account.id));
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ kind: "password-reset", to: account.email, locale: "es", status: "queued" });
    expect(mail[0]!.data.link).toBe(url);

    expect(await transaction((tx) => consumeAccountLink(tx, token, "invitation", now + 1))).toEqual({ status: "unknown" });
    expect(await transaction((tx) => consumeAccountLink(tx, token, "password-reset", now + 1))).toEqual({ status: "valid", userId: account.id });
    expect(await transaction((tx) => consumeAccountLink(tx, token, "password-reset", now + 2))).toEqual({ status: "used" });
  });

  it("expires, and a newer link replaces the older one", async () => {
    const account = await insertAccount();
    const first = await transaction((tx) => issueAccountLink(tx, account.id, "invitation", 0));
    const second = await transaction((tx) => issueAccountLink(tx, account.id, "invitation", 10));
    const token = (url: string) => new URL(url).pathname.split("/").pop()!;
    expect(await transaction((tx) => inspectAccountLink(tx, token(first.url), "invitation", 20))).toEqual({ status: "used" });
    const expiry = 10 + LINK_VALIDITY_MS.invitation;
    expect(await transaction((tx) => consumeAccountLink(tx, token(second.url), "invitation", expiry))).toEqual({ status: "expired" });
    expect(await transaction((tx) => consumeAccountLink(tx, "not-a-token", "invitation", 20))).toEqual({ status: "unknown" });
  });
});

describe("enqueueMail", () => {
  it("enqueues a dedupe key once, and no reminders for someone who turned them off", async () => {
    const account = await insertAccount();
    const mail = { kind: "assignment-reminder" as const, userId: account.id, to: account.email, locale: "en" as const, data: { courseTitle: "X" } };
    const key = `reminder:${account.id}:1`;
    expect(await transaction((tx) => enqueueMail(tx, { ...mail, dedupeKey: key }))).toBe(true);
    expect(await transaction((tx) => enqueueMail(tx, { ...mail, dedupeKey: key }))).toBe(false);
    await setRemindersEnabled(account.id, false);
    expect(await transaction((tx) => enqueueMail(tx, { ...mail, dedupeKey: `${key}:b` }))).toBe(false);
    const rows = await db.select().from(mailOutbox).where(eq(mailOutbox.userId, account.id));
    // The one queued before opting out is not sent either.
    expect(rows.map((r) => r.status)).toEqual(["cancelled"]);
    // Account mail ignores the preference.
    expect(await transaction((tx) => enqueueMail(tx, { ...mail, kind: "password-reset", dedupeKey: `${key}:c` }))).toBe(true);
  });
});

describe("deactivation", () => {
  it("ends sessions, refuses login with the generic answer, keeps the last admin, and is audited", async () => {
    const admin = await registerAccount({ role: "admin" });
    const person = await registerAccount();
    const token = decodeURIComponent(person.cookie.split("=")[1]!);
    expect(await validateSessionToken(token)).not.toBeNull();
    await deactivateAccount(admin.id, person.id);
    expect(await validateSessionToken(token)).toBeNull();
    await expect(authenticate({ email: person.email, password: PASSPHRASE }, nextIp())).rejects.toMatchObject({
      status: 401,
      messageKey: { key: "errors.login.invalid" },
    });
    await reactivateAccount(admin.id, person.id);
    await expect(authenticate({ email: person.email, password: PASSPHRASE }, nextIp())).resolves.toMatchObject({ userId: person.id });
    const actions = (await auditTrail(person.id)).map((e) => e.action);
    expect(actions).toEqual(["user.deactivated", "user.reactivated"]);
    // Only active admins count toward the last-admin rule.
    const admins = await db.select({ id: users.id }).from(users).where(eq(users.role, "admin"));
    for (const other of admins.filter((a) => a.id !== admin.id)) await deactivateAccount(admin.id, other.id);
    await expect(deactivateAccount(admin.id, admin.id)).rejects.toMatchObject({ status: 409 });
  });

  it("updateAccount changes fields, clears verification on a new address, refuses a taken one", async () => {
    const admin = await insertAccount({ role: "admin" });
    const person = await insertAccount();
    const other = await insertAccount();
    await transaction((tx) => tx.update(users).set({ emailVerifiedAt: 1 }).where(eq(users.id, person.id)));
    const email = nextEmail("renamed");
    await updateAccount(admin.id, person.id, { fullName: " Nadia Rahman ", email: email.toUpperCase() });
    const [row] = await db.select().from(users).where(eq(users.id, person.id));
    expect(row).toMatchObject({ fullName: "Nadia Rahman", email, emailVerifiedAt: null });
    await expect(updateAccount(admin.id, person.id, { email: other.email })).rejects.toMatchObject({ status: 400 });
    const [event] = await auditTrail(person.id);
    expect(event).toMatchObject({ action: "user.updated", actorId: admin.id });
    expect(event!.details).toMatchObject({ fullName: { to: "Nadia Rahman" }, email: { from: person.email, to: email } });
  });
});

describe("job leases", () => {
  it("has one holder until the lease expires, renewable by its holder", async () => {
    expect(await takeLease("test-job", "node-a", 1_000, 500)).not.toBeNull();
    expect(await takeLease("test-job", "node-b", 1_200, 500)).toBeNull();
    expect(await takeLease("test-job", "node-a", 1_400, 500)).not.toBeNull();
    expect(await takeLease("test-job", "node-b", 1_800, 500)).toBeNull();
    expect(await takeLease("test-job", "node-b", 1_901, 500)).not.toBeNull();
    expect(await takeLease("test-job", "node-a", 2_000, 500)).toBeNull();
    const all = await Promise.all(["c", "d", "e", "f"].map((n) => takeLease("race", n, 5_000, 500)));
    expect(all.filter(Boolean)).toHaveLength(1);
  });
});

describe("runJobsOnce", () => {
  it("runs each registered job once, skipping one whose lease another live node holds", async () => {
    let runs = 0;
    registerJob({ name: "counting", everyMs: 1_000, run: async () => void runs++ });
    const now = Date.now();
    await takeLease("counting", "other-node", now, 60_000);
    expect((await runJobsOnce(now, "this-node")).find((j) => j.name === "counting")).toEqual({ name: "counting", ran: false });
    expect(runs).toBe(0);
    await releaseLease("counting", "other-node");
    expect((await runJobsOnce(now + 1, "this-node")).find((j) => j.name === "counting")).toEqual({ name: "counting", ran: true });
    expect(runs).toBe(1);
  });
});
