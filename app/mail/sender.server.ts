// The sender (ADR 0023): a scheduled job that empties the outbox. Each run CLAIMS due rows by one conditional
// UPDATE (claimedBy/claimedUntil), so two nodes never send the same row; a claim whose node crashed expires and
// the row is tried again. A failure is retried with exponential backoff and jitter up to MAX_ATTEMPTS, then marked
// failed (listed on /admin/mail, where an admin can queue it again), so an SMTP outage delays mail but loses none.
// Without SMTP_URL nothing is sent: one line per message, with its link, goes to the server log and the row is
// marked "logged" (the screens that issue links also show them to the admin or supervisor who caused them).
import { and, asc, count, desc, eq, inArray, isNull, lt, lte, or } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { db, transaction } from "~/db.server";
import { env } from "~/env.server";
import { randomId } from "~/ids.server";
import { registerJob, HOLDER } from "~/jobs/scheduler.server";
import { hashToken } from "./tokens.server";
import { mailOutbox, unsubscribeTokens } from "#db/tables/mail";
import type { MailStatus } from "#db/schema/mail-values";
import { isReminderKind } from "./outbox.server";
import { renderMail } from "./templates.server";

/** After this many failed tries a message is marked failed (an admin may queue it again). */
export const MAX_ATTEMPTS = 12;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 2 * 60 * 60_000;
/** A claim outlives the slowest send (the transport's timeouts below add up to well under it). */
export const CLAIM_MS = 5 * 60_000;
const BATCH = 20;

/**
 * The wait before try number `attempts + 1`: 30 s, 1 min, 2 min… capped at 2 h, each scaled by a random factor in
 * [0.5, 1) ("equal jitter") so that messages that failed together do not all come back together.
 */
export function backoffMs(attempts: number, random = Math.random()): number {
  const exponential = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.5 + random / 2));
}

const transports = new Map<string, Transporter>();
function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl, {
      connectionTimeout: 20_000,
      greetingTimeout: 20_000,
      socketTimeout: 60_000,
    } as never);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

export type SenderOptions = {
  /** Defaults to SMTP_URL; undefined: log instead of sending. */
  smtpUrl?: string | undefined;
  from?: string;
  holder?: string;
  /** Stop claiming after this many messages (tests). */
  limit?: number;
};

/** Claims up to `limit` due rows for `holder`; returns the rows won. */
async function claimDue(holder: string, now: number, limit: number) {
  return transaction(async (tx) => {
    const due = and(
      eq(mailOutbox.status, "queued"),
      lte(mailOutbox.nextAttemptAt, now),
      or(isNull(mailOutbox.claimedUntil), lt(mailOutbox.claimedUntil, now)),
    );
    const candidates = await tx
      .select({ id: mailOutbox.id })
      .from(mailOutbox)
      .where(due)
      .orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.createdAt))
      .limit(limit);
    if (candidates.length === 0) return [];
    // The WHERE is checked again by the UPDATE itself: on PostgreSQL a row another node claimed meanwhile no longer
    // matches (READ COMMITTED re-reads it after the other commits), so each row is won by exactly one claimer.
    return tx
      .update(mailOutbox)
      .set({ claimedBy: holder, claimedUntil: now + CLAIM_MS })
      .where(and(inArray(mailOutbox.id, candidates.map((c) => c.id)), due))
      .returning();
  });
}

async function unsubscribeUrlFor(userId: string, now: number): Promise<string> {
  const token = randomId();
  await transaction((tx) => tx.insert(unsubscribeTokens).values({ tokenHash: hashToken(token), userId, createdAt: now }));
  return `${env.publicUrl}/unsubscribe/${token}`;
}

async function finish(id: string, holder: string, set: Partial<typeof mailOutbox.$inferInsert>) {
  await transaction((tx) =>
    tx
      .update(mailOutbox)
      .set({ ...set, claimedBy: null, claimedUntil: null })
      .where(and(eq(mailOutbox.id, id), eq(mailOutbox.claimedBy, holder))),
  );
}

/**
 * Sends what is due, one claimed batch after another. Returns what happened, for tests and the CLI.
 */
export async function sendDueMail(now = Date.now(), options: SenderOptions = {}) {
  const smtpUrl = "smtpUrl" in options ? options.smtpUrl : env.SMTP_URL;
  const from = options.from ?? env.mailFrom;
  const holder = options.holder ?? HOLDER;
  const limit = options.limit ?? Infinity;
  const outcome = { sent: 0, logged: 0, retried: 0, failed: 0 };
  let handled = 0;
  while (handled < limit) {
    const batch = await claimDue(holder, now, Math.min(BATCH, limit - handled));
    if (batch.length === 0) break;
    for (const row of batch) {
      handled++;
      const unsubscribeUrl = row.userId && isReminderKind(row.kind) ? await unsubscribeUrlFor(row.userId, now) : undefined;
      if (!smtpUrl) {
        // One line per message, the link included: with no SMTP server, the log is how an operator passes it on.
        console.log(`[mail not sent: SMTP_URL unset] ${row.kind} to ${row.to}: ${row.data.link ?? "(no link)"}`);
        await finish(row.id, holder, { status: "logged", sentAt: now, attempts: row.attempts + 1 });
        outcome.logged++;
        continue;
      }
      const message = renderMail(row.kind, row.locale, row.data, { unsubscribeUrl });
      try {
        await transportFor(smtpUrl).sendMail({
          from,
          to: row.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          // The outbox id, so a message resent after a crash can be recognised by the receiving side.
          messageId: `<${row.id}@${new URL(env.publicUrl).hostname}>`,
          headers: { "Content-Language": row.locale },
          ...(unsubscribeUrl ? { list: { unsubscribe: { url: unsubscribeUrl, comment: "Unsubscribe" } } } : {}),
        });
        await finish(row.id, holder, { status: "sent", sentAt: Date.now(), attempts: row.attempts + 1, lastError: null });
        outcome.sent++;
      } catch (error) {
        const attempts = row.attempts + 1;
        const responseCode = (error as { responseCode?: number }).responseCode ?? 0;
        // A 5xx answer about this message (unknown mailbox, refused content) will not change by retrying.
        const permanent = responseCode >= 500 && responseCode < 600;
        const reason = error instanceof Error ? error.message.slice(0, 500) : String(error);
        if (permanent || attempts >= MAX_ATTEMPTS) {
          await finish(row.id, holder, { status: "failed", attempts, lastError: reason });
          outcome.failed++;
        } else {
          await finish(row.id, holder, { attempts, lastError: reason, nextAttemptAt: now + backoffMs(attempts) });
          outcome.retried++;
        }
        console.error(`Mail ${row.id} (${row.kind}) to ${row.to} not sent (try ${attempts}): ${reason}`);
      }
    }
  }
  return outcome;
}

registerJob({ name: "mail-sender", everyMs: 3_000, run: async (now) => void (await sendDueMail(now)) });

export type OutboxRow = {
  id: string;
  kind: string;
  to: string;
  status: MailStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
};

/** Mail not delivered yet, or given up on, for the admins' page: newest first. */
export async function listUndelivered(limit = 100): Promise<{ rows: OutboxRow[]; queued: number; failed: number }> {
  const rows = await db
    .select({
      id: mailOutbox.id,
      kind: mailOutbox.kind,
      to: mailOutbox.to,
      status: mailOutbox.status,
      attempts: mailOutbox.attempts,
      nextAttemptAt: mailOutbox.nextAttemptAt,
      lastError: mailOutbox.lastError,
      createdAt: mailOutbox.createdAt,
    })
    .from(mailOutbox)
    .where(inArray(mailOutbox.status, ["queued", "failed"]))
    .orderBy(desc(mailOutbox.createdAt), asc(mailOutbox.id))
    .limit(limit);
  const counts = await db
    .select({ status: mailOutbox.status, n: count() })
    .from(mailOutbox)
    .where(inArray(mailOutbox.status, ["queued", "failed"]))
    .groupBy(mailOutbox.status);
  const of = (status: MailStatus) => counts.find((c) => c.status === status)?.n ?? 0;
  return { rows, queued: of("queued"), failed: of("failed") };
}

/** Queues a failed message again, from its first try. Returns whether it was failed. */
export async function retryFailedMail(id: string, now = Date.now()): Promise<boolean> {
  const updated = await transaction((tx) =>
    tx
      .update(mailOutbox)
      .set({ status: "queued", attempts: 0, nextAttemptAt: now, lastError: null })
      .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, "failed")))
      .returning({ id: mailOutbox.id }),
  );
  return updated.length > 0;
}
