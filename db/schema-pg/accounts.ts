// Mirror of db/schema/accounts.ts for PostgreSQL; tests/integration/schema-parity.test.ts keeps the two in step.
import { boolean, index, pgTable, text } from "drizzle-orm/pg-core";
import { ACCOUNT_LINK_PURPOSES, PROFILES, ROLES } from "../schema/account-values";
import { bytea, int } from "./columns";

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull().unique(),
    fullName: text("full_name").notNull(),
    passwordHash: text("password_hash"),
    preferredLanguage: text("preferred_language", { enum: ["en", "fr", "es"] }).notNull().default("en"),
    profile: text("profile", { enum: PROFILES }).notNull(),
    organisation: text("organisation").notNull(),
    role: text("role", { enum: ROLES }).notNull().default("learner"),
    isReviewer: boolean("is_reviewer").notNull().default(false),
    createdAt: int("created_at").notNull(),
    emailVerifiedAt: int("email_verified_at"),
    deactivatedAt: int("deactivated_at"),
  },
  (t) => [index("users_by_role").on(t.role), index("users_by_full_name").on(t.fullName)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    secretHash: bytea("secret_hash").notNull(),
    createdAt: int("created_at").notNull(),
    lastVerifiedAt: int("last_verified_at").notNull(),
  },
  (t) => [index("sessions_by_user").on(t.userId)],
);

export const accountTokens = pgTable(
  "account_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ACCOUNT_LINK_PURPOSES }).notNull(),
    createdAt: int("created_at").notNull(),
    expiresAt: int("expires_at").notNull(),
    usedAt: int("used_at"),
  },
  (t) => [index("account_tokens_by_user_purpose").on(t.userId, t.purpose)],
);
