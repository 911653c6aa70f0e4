import { blob, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

import { FALLBACK_LANGUAGE, SUPPORTED_LANGUAGES } from "../../app/i18n/languages";
import { ACCOUNT_LINK_PURPOSES, PROFILES, ROLES } from "./account-values";

export { ACCOUNT_LINK_PURPOSES, PROFILES, ROLES, type AccountLinkPurpose, type Profile, type Role } from "./account-values";

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull().unique(),
    // As it should appear on certificates; copied onto each certificate at issuance.
    fullName: text("full_name").notNull(),
    // Null until an invited person accepts the invitation and chooses one: such an account cannot log in.
    passwordHash: text("password_hash"),
    preferredLanguage: text("preferred_language", { enum: SUPPORTED_LANGUAGES }).notNull().default(FALLBACK_LANGUAGE),
    profile: text("profile", { enum: PROFILES }).notNull(),
    organisation: text("organisation").notNull(),
    role: text("role", { enum: ROLES }).notNull().default("learner"),
    // The reviewer permission of the studio's four-eyes sign-off (ADR 0026): a trainer with it may approve another
    // person's draft. Admins review by their role.
    isReviewer: integer("is_reviewer", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    // When the owner followed a verification link (or accepted an invitation sent to it); null: not verified.
    emailVerifiedAt: integer("email_verified_at"),
    // A deactivated account cannot log in and has no sessions; its records and certificates stay (ADR 0030).
    deactivatedAt: integer("deactivated_at"),
  },
  (t) => [index("users_by_role").on(t.role), index("users_by_full_name").on(t.fullName)],
);

// Lucia's design: the cookie carries `<id>.<secret>`; only SHA-256(secret) is stored, so a copied row is no token.
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    secretHash: blob("secret_hash", { mode: "buffer" }).notNull(),
    createdAt: integer("created_at").notNull(),
    lastVerifiedAt: integer("last_verified_at").notNull(),
  },
  (t) => [index("sessions_by_user").on(t.userId)],
);


// One-time links of ADR 0030 (invitation, password reset, email verification): the URL carries a random token, the
// database keeps only SHA-256(token) (hex), so a copied row opens nothing. `usedAt` makes a link single use; a newer
// link of the same purpose marks the older ones used.
export const accountTokens = sqliteTable(
  "account_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ACCOUNT_LINK_PURPOSES }).notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("account_tokens_by_user_purpose").on(t.userId, t.purpose)],
);
