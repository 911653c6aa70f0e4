// The mail capability's tables (app/mail, ADR 0023): the outbox, written in the same transaction as the event that
// causes a message and emptied by the sender job; each person's mail preference; and the unsubscribe tokens put in
// reminder messages.
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { MAIL_KINDS, MAIL_STATUSES } from "./mail-values";

export { MAIL_KINDS, MAIL_STATUSES, REMINDER_KINDS, type MailKind, type MailStatus } from "./mail-values";

export const mailOutbox = sqliteTable(
  "mail_outbox",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: MAIL_KINDS }).notNull(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    to: text("to").notNull(),
    locale: text("locale", { enum: ["en", "fr", "es"] }).notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, string | number>>().notNull().default(sql`'{}'`),
    // Unique: the same reminder is enqueued at most once, across restarts and app nodes (INSERT … ON CONFLICT).
    dedupeKey: text("dedupe_key").notNull().unique(),
    status: text("status", { enum: MAIL_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    // When the sender may next try it (now for a new row; later after a failure, with backoff).
    nextAttemptAt: integer("next_attempt_at").notNull(),
    // A sender's claim: the row is its own until claimedUntil; a crashed sender's claim expires and is retried.
    claimedBy: text("claimed_by"),
    claimedUntil: integer("claimed_until"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
  },
  (t) => [index("mail_outbox_due").on(t.status, t.nextAttemptAt)],
);

// Absent row: reminders on. Password, invitation and verification mail ignore it.
export const mailPreferences = sqliteTable("mail_preferences", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  remindersEnabled: integer("reminders_enabled", { mode: "boolean" }).notNull(),
  updatedAt: integer("updated_at").notNull(),
});

// The token of an unsubscribe link, made when a reminder is sent; only SHA-256(token) (hex) is kept.
export const unsubscribeTokens = sqliteTable(
  "unsubscribe_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("unsubscribe_tokens_by_user").on(t.userId)],
);
