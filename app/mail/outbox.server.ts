// The outbox (ADR 0023): a message is a row written in the SAME transaction as the event that causes it, so an
// event and its mail commit or roll back together; the sender job (./sender.server.ts) delivers rows later, with
// retries, so an SMTP outage delays mail but loses none. `dedupeKey` is unique in the database: the same reminder
// is enqueued at most once, whichever node or restart tries again.
import { and, eq, inArray, sql } from "drizzle-orm";
import { db, transaction, type Queryable, type Tx } from "~/db.server";
import { randomId } from "~/ids.server";
import { hashToken } from "./tokens.server";
import type { Locale } from "~/i18n/languages";
import { REMINDER_KINDS, type MailKind } from "#db/schema/mail-values";
import { mailOutbox, mailPreferences, unsubscribeTokens } from "#db/tables/mail";

export { MAIL_KINDS, REMINDER_KINDS, type MailKind } from "#db/schema/mail-values";

export type MailData = Record<string, string | number>;

export type OutgoingMail = {
  kind: MailKind;
  /** The recipient's account, when there is one: reminder kinds honour its preference and get an unsubscribe link. */
  userId: string | null;
  to: string;
  locale: Locale;
  /** What the template needs (see ADR 0023 for each kind's fields); rendered at send time. */
  data: MailData;
  /** Unique across the whole outbox: a second enqueue with the same key does nothing. */
  dedupeKey: string;
  now?: number;
};

export function isReminderKind(kind: MailKind): boolean {
  return REMINDER_KINDS.includes(kind);
}

/**
 * Puts one message in the outbox inside the caller's transaction. Returns false when nothing was enqueued: a row
 * with this dedupeKey already exists, or it is a reminder and the recipient turned reminders off.
 */
export async function enqueueMail(tx: Tx, mail: OutgoingMail): Promise<boolean> {
  const now = mail.now ?? Date.now();
  if (mail.userId && isReminderKind(mail.kind) && !(await remindersEnabledOn(tx, mail.userId))) return false;
  const inserted = await tx
    .insert(mailOutbox)
    .values({
      id: randomId(),
      kind: mail.kind,
      userId: mail.userId,
      to: mail.to,
      locale: mail.locale,
      data: mail.data,
      dedupeKey: mail.dedupeKey,
      status: "queued",
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: mailOutbox.dedupeKey })
    .returning({ id: mailOutbox.id });
  return inserted.length > 0;
}

/**
 * enqueueMail for many messages at once (bulk invitations): one INSERT per OUTBOX_BATCH rows instead of one per
 * message, so a 10,000-row import does not wait on 10,000 round trips. Same rules: a taken dedupeKey or a reminder
 * to someone who turned reminders off enqueues nothing. Returns how many were enqueued.
 */
export async function enqueueMails(tx: Tx, mails: OutgoingMail[]): Promise<number> {
  const reminderUsers = [...new Set(mails.filter((m) => m.userId && isReminderKind(m.kind)).map((m) => m.userId!))];
  const optedOut = new Set<string>();
  for (let start = 0; start < reminderUsers.length; start += OUTBOX_BATCH) {
    const rows = await tx
      .select({ userId: mailPreferences.userId })
      .from(mailPreferences)
      .where(and(inArray(mailPreferences.userId, reminderUsers.slice(start, start + OUTBOX_BATCH)), eq(mailPreferences.remindersEnabled, false)));
    for (const row of rows) optedOut.add(row.userId);
  }
  const wanted = mails.filter((m) => !(m.userId && isReminderKind(m.kind) && optedOut.has(m.userId)));
  let enqueued = 0;
  for (let start = 0; start < wanted.length; start += OUTBOX_BATCH) {
    const inserted = await tx
      .insert(mailOutbox)
      .values(
        wanted.slice(start, start + OUTBOX_BATCH).map((mail) => {
          const now = mail.now ?? Date.now();
          return {
            id: randomId(),
            kind: mail.kind,
            userId: mail.userId,
            to: mail.to,
            locale: mail.locale,
            data: mail.data,
            dedupeKey: mail.dedupeKey,
            status: "queued" as const,
            attempts: 0,
            nextAttemptAt: now,
            createdAt: now,
          };
        }),
      )
      .onConflictDoNothing({ target: mailOutbox.dedupeKey })
      .returning({ id: mailOutbox.id });
    enqueued += inserted.length;
  }
  return enqueued;
}

/**
 * Which of these dedupe keys the outbox already holds (sent or not): a job that works out the same messages at every
 * run asks first, so only new ones are inserted.
 */
export async function takenDedupeKeys(q: Queryable, keys: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let start = 0; start < keys.length; start += 5_000) {
    for (const row of await q.select({ key: mailOutbox.dedupeKey }).from(mailOutbox).where(inArray(mailOutbox.dedupeKey, keys.slice(start, start + 5_000)))) {
      taken.add(row.key);
    }
  }
  return taken;
}

// Rows per INSERT: 11 columns × 200 stays far below both engines' parameter limits.
const OUTBOX_BATCH = 200;

async function remindersEnabledOn(q: Queryable, userId: string): Promise<boolean> {
  const [row] = await q
    .select({ enabled: mailPreferences.remindersEnabled })
    .from(mailPreferences)
    .where(eq(mailPreferences.userId, userId))
    .limit(1);
  return row?.enabled ?? true;
}

/** Whether the person receives reminders (the default) or turned them off. */
export function remindersEnabled(userId: string): Promise<boolean> {
  return remindersEnabledOn(db, userId);
}

/** Turns reminders on or off for one person; queued reminders not yet sent to them are dropped when turned off. */
export async function setRemindersEnabled(userId: string, enabled: boolean, now = Date.now()): Promise<void> {
  await transaction(async (tx) => {
    await tx
      .insert(mailPreferences)
      .values({ userId, remindersEnabled: enabled, updatedAt: now })
      .onConflictDoUpdate({ target: mailPreferences.userId, set: { remindersEnabled: enabled, updatedAt: now } });
    if (!enabled) {
      await tx
        .update(mailOutbox)
        .set({ status: "cancelled", lastError: "recipient turned reminders off" })
        .where(
          and(
            eq(mailOutbox.userId, userId),
            eq(mailOutbox.status, "queued"),
            sql`${mailOutbox.kind} in (${sql.join(REMINDER_KINDS.map((k) => sql`${k}`), sql`, `)})`,
          ),
        );
    }
  });
}

/** The account an unsubscribe link names, or null for a link that names none (unknown, malformed). */
export async function unsubscribeLinkOwner(token: string): Promise<string | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const [row] = await db
    .select({ userId: unsubscribeTokens.userId })
    .from(unsubscribeTokens)
    .where(eq(unsubscribeTokens.tokenHash, hashToken(token)))
    .limit(1);
  return row?.userId ?? null;
}

/**
 * Turns reminders off for the link's owner (the POST of /unsubscribe/<token>; a GET only asks, so a link scanner
 * that opens every link unsubscribes nobody). The link keeps working: using it twice is harmless.
 */
export async function unsubscribeByLink(token: string, now = Date.now()): Promise<boolean> {
  const userId = await unsubscribeLinkOwner(token);
  if (!userId) return false;
  await setRemindersEnabled(userId, false, now);
  return true;
}
