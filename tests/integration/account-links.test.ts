// The pages behind the mail: "Forgot your password?", the reset and invitation links, email verification and
// unsubscribe, followed from messages a real SMTP server received (tests/support/smtp-capture.ts), through the
// route modules as Remix calls them.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/auth/account-admin.server";
import { db, transaction } from "~/db.server";
import { remindersEnabled, enqueueMail } from "~/mail/outbox.server";
import { sendDueMail } from "~/mail/sender.server";
import * as accountRoute from "~/routes/account";
import * as dashboardRoute from "~/routes/dashboard";
import * as forgotRoute from "~/routes/forgot-password";
import * as loginRoute from "~/routes/login";
import * as resetRoute from "~/routes/reset-password.$token";
import * as unsubscribeRoute from "~/routes/unsubscribe.$token";
import * as verifyRoute from "~/routes/verify-email.$token";
import * as welcomeRoute from "~/routes/welcome.$token";
import { accountTokens, mailOutbox, users } from "#db/tables";
import { hashToken } from "~/auth/account-links.server";
import en from "~/i18n/locales/en.json";
import es from "~/i18n/locales/es.json";
import { insertAccount, nextEmail, nextIp, PASSPHRASE, registerAccount } from "../support/accounts";
import { startSmtpCapture, type SmtpCapture } from "../support/smtp-capture";
import { freshDatabase } from "./db";
import { call, cookieFrom, formRequest, getRequest, refusal } from "./http";

let smtp: SmtpCapture;
beforeAll(async () => {
  await freshDatabase();
  smtp = await startSmtpCapture();
});
afterAll(() => smtp.stop());

const NEW_PASSWORD = "lighthouse keepers count gulls";

/** Sends what the outbox holds and returns the next message to `address`. */
async function deliveredTo(address: string, after = 0) {
  await sendDueMail(Date.now(), { smtpUrl: smtp.url });
  return smtp.waitFor(address, { after });
}

/** Path and token of the message's link to `prefix`. */
function linkIn(mail: { links: string[] }, prefix: string) {
  const link = mail.links.find((l) => new URL(l).pathname.startsWith(prefix));
  if (!link) throw new Error(`no ${prefix} link in ${mail.links.join(", ")}`);
  const path = new URL(link).pathname;
  return { path, token: path.split("/").pop()! };
}

async function waitForOutbox(email: string, count: number) {
  for (let i = 0; i < 100; i++) {
    const rows = await db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
    if (rows.length >= count) return rows;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no outbox row for ${email}`);
}

const forgot = (email: string, ip = nextIp()) => call(forgotRoute.action, formRequest("/forgot-password", { email }), {}, ip);
const login = (email: string, password: string) => call(loginRoute.action, formRequest("/login", { email, password }), {}, nextIp());

describe("forgot password → reset link → new password", () => {
  it("answers the same for a known and an unknown address, and mails only the known one", async () => {
    const account = await registerAccount({ preferredLanguage: "fr" });
    const unknown = nextEmail("nobody");
    const [known, stranger] = [await forgot(account.email), await forgot(unknown)];
    expect(known.status).toBe(200);
    expect(stranger.status).toBe(200);
    const shape = (r: typeof known, email: string) => JSON.stringify(r.body).replaceAll(email, "<email>");
    expect(shape(known, account.email)).toBe(shape(stranger, unknown));
    expect(known.headers.get("Set-Cookie")).toBeNull();

    const rows = await waitForOutbox(account.email, 2); // the registration's verification and the reset
    expect(rows.map((r) => r.kind).sort()).toEqual(["email-verification", "password-reset"]);
    await new Promise((r) => setTimeout(r, 200));
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.to, unknown))).toHaveLength(0);

    await sendDueMail(Date.now(), { smtpUrl: smtp.url });
    const mail = smtp.messagesTo(account.email).find((m) => m.subject === "Réinitialisez votre mot de passe Lexmigra")!;
    expect(mail).toBeDefined();
    const { path, token } = linkIn(mail, "/reset-password/");

    const page = await call(resetRoute.loader, getRequest(path), { token });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ email: account.email });

    // The password policy applies.
    const weak = await call(resetRoute.action, formRequest(path, { password: "password" }), { token });
    expect(weak.status).toBe(400);
    expect(refusal(weak).fieldErrors.password?.key).toMatch(/^errors\.password\./);

    const done = await call(resetRoute.action, formRequest(path, { password: NEW_PASSWORD }), { token });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/login?passwordReset=1");
    // Every session ended, the old password is gone, the new one works.
    expect((await call(dashboardRoute.loader, getRequest("/dashboard", { cookie: account.cookie }))).status).toBe(302);
    expect((await login(account.email, PASSPHRASE)).status).toBe(401);
    expect((await login(account.email, NEW_PASSWORD)).status).toBe(302);

    // Single use.
    const again = await call(resetRoute.loader, getRequest(path), { token });
    expect(again.status).toBe(410);
    expect(again.body).toEqual({ linkProblem: "used" });
    const reused = await call(resetRoute.action, formRequest(path, { password: "another long passphrase here" }), { token });
    expect(reused.status).toBe(410);
  });

  it("refuses an expired or unknown link with a 4xx page that leads to a new one", async () => {
    const account = await registerAccount();
    await forgot(account.email);
    await waitForOutbox(account.email, 2);
    const mail = (await deliveredTo(account.email, 0), smtp.messagesTo(account.email).find((m) => m.links.some((l) => l.includes("/reset-password/")))!);
    const { path, token } = linkIn(mail, "/reset-password/");
    await transaction((tx) => tx.update(accountTokens).set({ expiresAt: Date.now() - 1 }).where(eq(accountTokens.tokenHash, hashToken(token))));
    const expired = await call(resetRoute.loader, getRequest(path), { token });
    expect(expired).toMatchObject({ status: 410, body: { linkProblem: "expired" } });
    expect((await call(resetRoute.action, formRequest(path, { password: NEW_PASSWORD }), { token })).status).toBe(410);
    expect((await login(account.email, PASSPHRASE)).status).toBe(302);
    const bogus = "a".repeat(32);
    expect(await call(resetRoute.loader, getRequest(`/reset-password/${bogus}`), { token: bogus })).toMatchObject({ status: 404, body: { linkProblem: "unknown" } });
    expect((await call(resetRoute.loader, getRequest("/reset-password/%00"), { token: "\u0000" })).status).toBe(404);
  });

  it("limits requests per address", async () => {
    const email = nextEmail("flood");
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await forgot(email)).status);
    expect(answers).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe("invitation", () => {
  it("an admin creates an account; the invited person follows the mailed link, sets a password and is in", async () => {
    const admin = await insertAccount({ role: "admin" });
    const email = nextEmail("officer");
    const { url } = await createAccount(admin.id, { email, fullName: "Officer Kofi", profile: "border-official", preferredLanguage: "es", organisation: "Border Police" });
    expect((await login(email, "anything at all here")).status).toBe(401);
    const mail = await deliveredTo(email);
    expect(mail.subject).toBe("Su cuenta de Lexmigra está lista: elija su contraseña");
    expect(mail.links).toContain(url);
    const { path, token } = linkIn(mail, "/welcome/");
    // The link opens the page in the mail's language; without it, the browser's (here none: English).
    expect(new URL(url).search).toBe("?lng=es");
    const page = await call(welcomeRoute.loader, getRequest(`${path}?lng=es`), { token });
    expect(page.body).toMatchObject({ email, fullName: "Officer Kofi", preferredLanguage: "es", title: expect.stringContaining(es.access.welcome.title) });
    const withoutLanguage = await call(welcomeRoute.loader, getRequest(path), { token });
    expect(withoutLanguage.body).toMatchObject({ title: expect.stringContaining(en.access.welcome.title) });
    const accepted = await call(welcomeRoute.action, formRequest(path, { fullName: "Kofi Mensah", preferredLanguage: "fr", password: NEW_PASSWORD }), { token });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("Location")).toBe("/dashboard");
    expect((await call(dashboardRoute.loader, getRequest("/dashboard", { cookie: cookieFrom(accepted) }))).status).toBe(200);
    const [row] = await db.select().from(users).where(eq(users.email, email));
    expect(row).toMatchObject({ fullName: "Kofi Mensah", preferredLanguage: "fr" });
    expect(row!.emailVerifiedAt).not.toBeNull();
    expect((await call(welcomeRoute.loader, getRequest(path), { token })).status).toBe(410);
  });
});

describe("email verification", () => {
  it("registration mails a link; opening it asks, confirming marks the address, the account page shows it", async () => {
    const account = await registerAccount({ preferredLanguage: "en" });
    const mail = await deliveredTo(account.email);
    expect(mail.subject).toBe("Confirm your email address for Lexmigra");
    expect(mail.headers["list-unsubscribe"]).toBeUndefined();
    const { path, token } = linkIn(mail, "/verify-email/");
    const before = await call(accountRoute.loader, getRequest("/account", { cookie: account.cookie }));
    expect(before.body).toMatchObject({ emailVerifiedAt: null });
    expect((await call(verifyRoute.loader, getRequest(path), { token })).status).toBe(200);
    expect((await call(accountRoute.loader, getRequest("/account", { cookie: account.cookie }))).body).toMatchObject({ emailVerifiedAt: null });
    expect((await call(verifyRoute.action, formRequest(path, {}), { token })).body).toEqual({ verified: true });
    const after = await call(accountRoute.loader, getRequest("/account", { cookie: account.cookie }));
    expect((after.body as { emailVerifiedAt: number | null }).emailVerifiedAt).toEqual(expect.any(Number));
    expect((await call(verifyRoute.action, formRequest(path, {}), { token })).status).toBe(410);
  });
});

describe("unsubscribe", () => {
  it("works without login; a GET changes nothing, the POST turns reminders off; the account page turns them on", async () => {
    const account = await registerAccount();
    await transaction((tx) =>
      enqueueMail(tx, {
        kind: "certificate-expiring",
        userId: account.id,
        to: account.email,
        locale: "en",
        data: { learnerName: account.fullName, courseTitle: "Refugee law", expiryDate: "2027-01-10", daysLeft: 60, link: "http://localhost:3000/certificates" },
        dedupeKey: `exp:${account.id}`,
      }),
    );
    await sendDueMail(Date.now(), { smtpUrl: smtp.url });
    const mail = smtp.messagesTo(account.email).find((m) => m.subject.startsWith("Your certificate"))!;
    const { path, token } = linkIn(mail, "/unsubscribe/");
    expect((await call(unsubscribeRoute.loader, getRequest(path), { token })).status).toBe(200);
    expect(await remindersEnabled(account.id)).toBe(true);
    expect((await call(unsubscribeRoute.action, formRequest(path, {}), { token })).body).toEqual({ done: true });
    expect(await remindersEnabled(account.id)).toBe(false);
    expect((await call(unsubscribeRoute.loader, getRequest("/unsubscribe/x"), { token: "x" })).status).toBe(404);
    const on = await call(accountRoute.action, formRequest("/account", { intent: "reminders-on" }, { cookie: account.cookie }));
    expect(on.status).toBe(302);
    expect(await remindersEnabled(account.id)).toBe(true);
  });
});
