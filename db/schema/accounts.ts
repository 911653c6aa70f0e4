import { blob, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

import { FALLBACK_LANGUAGE, SUPPORTED_LANGUAGES } from "../../app/i18n/languages";
import { PROFILES, ROLES } from "./account-values";

export { PROFILES, ROLES, type Profile, type Role } from "./account-values";

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull().unique(),
    // As it should appear on certificates; copied onto each certificate at issuance.
    fullName: text("full_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    preferredLanguage: text("preferred_language", { enum: SUPPORTED_LANGUAGES }).notNull().default(FALLBACK_LANGUAGE),
    profile: text("profile", { enum: PROFILES }).notNull(),
    organisation: text("organisation").notNull(),
    role: text("role", { enum: ROLES }).notNull().default("learner"),
    // The reviewer permission of the studio's four-eyes sign-off (ADR 0026): a trainer with it may approve another
    // person's draft. Admins review by their role.
    isReviewer: integer("is_reviewer", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
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

