// Mirror of db/schema/mail.ts for PostgreSQL; tests/unit/schema-parity.test.ts keeps the two in step.
import { sql } from "drizzle-orm";
import { boolean, index, json, pgTable, text } from "drizzle-orm/pg-core";
import { MAIL_KINDS, MAIL_STATUSES } from "../schema/mail-values";
import { users } from "./accounts";
import { int } from "./columns";

export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: MAIL_KINDS }).notNull(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    to: text("to").notNull(),
    locale: text("locale", { enum: ["en", "fr", "es"] }).notNull(),
    data: json("data").$type<Record<string, string | number>>().notNull().default(sql`'{}'`),
    dedupeKey: text("dedupe_key").notNull().unique(),
    status: text("status", { enum: MAIL_STATUSES }).notNull().default("queued"),
    attempts: int("attempts").notNull().default(0),
    nextAttemptAt: int("next_attempt_at").notNull(),
    claimedBy: text("claimed_by"),
    claimedUntil: int("claimed_until"),
    lastError: text("last_error"),
    createdAt: int("created_at").notNull(),
    sentAt: int("sent_at"),
  },
  (t) => [index("mail_outbox_due").on(t.status, t.nextAttemptAt)],
);

export const mailPreferences = pgTable("mail_preferences", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  remindersEnabled: boolean("reminders_enabled").notNull(),
  updatedAt: int("updated_at").notNull(),
});

export const unsubscribeTokens = pgTable(
  "unsubscribe_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: int("created_at").notNull(),
  },
  (t) => [index("unsubscribe_tokens_by_user").on(t.userId)],
);
