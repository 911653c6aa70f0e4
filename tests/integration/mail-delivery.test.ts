// The outbox and its sender against a real SMTP server on loopback (tests/support/smtp-capture.ts): what arrives
// (recipient, language, subject, text and HTML, links, unsubscribe only on reminders), retries through an outage
// and a refusal, exactly once with two sender processes, and the log line when no SMTP server is configured.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { issueAccountLink } from "~/auth/account-links.server";
import { db, transaction } from "~/db.server";
import { enqueueMail } from "~/mail/outbox.server";
import { backoffMs, MAX_ATTEMPTS, sendDueMail } from "~/mail/sender.server";
import { mailOutbox } from "#db/tables";
import { insertAccount } from "../support/accounts";
import { startSmtpCapture, type SmtpCapture } from "../support/smtp-capture";
import { freshDatabase } from "./db";

const run = promisify(execFile);
let smtp: SmtpCapture;

beforeAll(async () => {
  await freshDatabase();
  smtp = await startSmtpCapture();
});
afterAll(() => smtp.stop());

const HOUR = 3_600_000;
let clock = Date.now();
/** Each test sends at its own later moment, so rows left due by one test never count in another. */
const later = () => (clock += 10 * 24 * HOUR);

async function reminderFor(account: { id: string; email: string }, key: string, locale: "en" | "fr" | "es" = "en", now = clock) {
  return transaction((tx) =>
    enqueueMail(tx, {
      kind: "assignment-reminder",
      userId: account.id,
      to: account.email,
      locale,
      data: { learnerName: "Amara Okafor", courseTitle: "Trafficking in persons", dueDate: "2027-03-04", daysLeft: 7, link: "http://localhost:3000/courses/trafficking" },
      dedupeKey: key,
      now,
    }),
  );
}

describe("what arrives", () => {
  it("a password reset: in the recipient's language, text and accessible HTML, the link, no unsubscribe", async () => {
    const account = await insertAccount({ preferredLanguage: "fr", fullName: "Élodie <Martin>" });
    const now = later();
    const { url } = await transaction((tx) => issueAccountLink(tx, account.id, "password-reset", now));
    expect(await sendDueMail(now, { smtpUrl: smtp.url })).toMatchObject({ sent: 1, failed: 0 });
    const mail = await smtp.waitFor(account.email);
    expect(mail.to).toEqual([account.email]);
    expect(mail.subject).toBe("Réinitialisez votre mot de passe Lexmigra");
    expect(mail.text).toContain("Bonjour Élodie <Martin>,");
    expect(mail.text).toContain(url);
    expect(mail.links).toEqual([url]);
    expect(mail.html).toMatch(/<html lang="fr">/);
    expect(mail.html).toMatch(/<h1[^>]*>Réinitialiser votre mot de passe<\/h1>/);
    // The name is escaped in HTML; the link's text says where it goes.
    expect(mail.html).toContain("Bonjour Élodie &lt;Martin&gt;,");
    expect(mail.html).toContain(`<a href="${url}"><strong>Choisir un nouveau mot de passe Lexmigra</strong></a>`);
    expect(mail.headers["list-unsubscribe"]).toBeUndefined();
    expect(mail.text).not.toMatch(/unsubscribe|rappels/i);
    expect(mail.headers["content-language"]).toBe("fr");
    const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, account.email));
    expect(row).toMatchObject({ status: "sent", attempts: 1, claimedBy: null });
  });

  it("a reminder in Spanish carries an unsubscribe link and List-Unsubscribe header", async () => {
    const account = await insertAccount({ preferredLanguage: "es" });
    const now = later();
    await reminderFor(account, `r:${account.id}`, "es", now);
    await sendDueMail(now, { smtpUrl: smtp.url });
    const mail = await smtp.waitFor(account.email);
    expect(mail.subject).toBe("Recordatorio: «Trafficking in persons» vence el 4 de marzo de 2027");
    expect(mail.html).toMatch(/<html lang="es">/);
    const unsubscribe = mail.links.find((l) => l.includes("/unsubscribe/"));
    expect(unsubscribe).toMatch(/^http:\/\/localhost:3000\/unsubscribe\/[a-z2-7]{32}$/);
    expect(mail.headers["list-unsubscribe"]).toContain(unsubscribe);
    expect(mail.html).toContain(`<a href="${unsubscribe}">Dejar de recibir recordatorios de Lexmigra por correo</a>`);
  });
});

describe("delivery", () => {
  it("survives an SMTP server that is down, then delivers exactly once when it is back", async () => {
    const account = await insertAccount();
    const now = later();
    await reminderFor(account, `down:${account.id}`, "en", now);
    await smtp.stop();
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await sendDueMail(now, { smtpUrl: smtp.url })).toMatchObject({ sent: 0, retried: 1 });
    const [waiting] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, account.email));
    expect(waiting).toMatchObject({ status: "queued", attempts: 1, claimedBy: null });
    expect(waiting!.nextAttemptAt).toBeGreaterThan(now);
    expect(waiting!.lastError).toBeTruthy();
    // Not due again before its backoff.
    expect(await sendDueMail(now + 1, { smtpUrl: smtp.url })).toMatchObject({ sent: 0, retried: 0 });
    await smtp.start();
    expect(await sendDueMail(now + HOUR, { smtpUrl: smtp.url })).toMatchObject({ sent: 1 });
    expect(await sendDueMail(now + 2 * HOUR, { smtpUrl: smtp.url })).toMatchObject({ sent: 0 });
    await smtp.waitFor(account.email);
    expect(smtp.messagesTo(account.email)).toHaveLength(1);
  });

  it("retries a temporary refusal and gives up at once on a permanent one", async () => {
    const a = await insertAccount();
    const now = later();
    await reminderFor(a, `tmp:${a.id}`, "en", now);
    smtp.refuse = "temporary";
    expect(await sendDueMail(now, { smtpUrl: smtp.url })).toMatchObject({ retried: 1 });
    smtp.refuse = "permanent";
    expect(await sendDueMail(now + HOUR, { smtpUrl: smtp.url })).toMatchObject({ failed: 1 });
    smtp.refuse = "no";
    const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, a.email));
    expect(row).toMatchObject({ status: "failed", attempts: 2 });
    expect(row!.lastError).toMatch(/550|Mailbox unavailable/);
    expect(smtp.messagesTo(a.email)).toHaveLength(0);
  });

  it("backs off exponentially with jitter, and stops after the last attempt", async () => {
    expect(backoffMs(1, 0)).toBe(15_000);
    expect(backoffMs(1, 0.999)).toBeLessThan(30_000);
    expect(backoffMs(4, 0)).toBe(120_000);
    expect(backoffMs(30, 0.999)).toBeLessThanOrEqual(2 * HOUR);
    const a = await insertAccount();
    let now = later();
    await reminderFor(a, `max:${a.id}`, "en", now);
    await smtp.stop();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await sendDueMail(now, { smtpUrl: smtp.url });
      now += 3 * HOUR;
    }
    await smtp.start();
    const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, a.email));
    expect(row).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
  });

  it("without SMTP_URL writes one log line per message with its link and marks it logged", async () => {
    const account = await insertAccount();
    const now = later();
    const { url } = await transaction((tx) => issueAccountLink(tx, account.id, "invitation", now));
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    expect(await sendDueMail(now, { smtpUrl: undefined })).toMatchObject({ logged: 1, sent: 0 });
    const lines = log.mock.calls.map((c) => String(c[0])).filter((l) => l.includes(account.email));
    log.mockRestore();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(url);
    const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, account.email));
    expect(row!.status).toBe("logged");
  });
});

describe("two app processes", () => {
  it("send each message exactly once", async () => {
    const now = Date.now();
    const accounts = await Promise.all(Array.from({ length: 3 }, () => insertAccount()));
    const keys: string[] = [];
    for (let i = 0; i < 30; i++) {
      const account = accounts[i % accounts.length]!;
      keys.push(`pair:${i}:${account.id}`);
      await reminderFor(account, keys.at(-1)!, "en", now - 1000);
    }
    const tsx = path.resolve("node_modules/.bin/tsx");
    const startAt = Date.now() + 4_000;
    const outcomes = await Promise.all(
      ["node-1", "node-2"].map((holder) =>
        run(tsx, ["tests/support/mail-sender-worker.ts", JSON.stringify({ startAt, holder })], {
          env: { ...process.env, SMTP_URL: smtp.url },
          timeout: 60_000,
        }).then(({ stdout }) => JSON.parse(stdout.trim().split("\n").at(-1)!) as { sent: number }),
      ),
    );
    const sent = outcomes.map((o) => o.sent);
    expect(sent[0]! + sent[1]!).toBe(30);
    const rows = await db.select().from(mailOutbox).where(like(mailOutbox.dedupeKey, "pair:%"));
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
    const received = accounts.flatMap((a) => smtp.messagesTo(a.email));
    expect(received).toHaveLength(30);
    expect(new Set(received.map((m) => m.headers["message-id"])).size).toBe(30);
    console.log(`two senders: ${sent.join(" + ")} messages`);
  }, 90_000);
});
