// What other capabilities may read about accounts in bulk (supervision's unit pages and imports), without their
// table: look-ups by address and by id. Kept apart from accounts.server.ts, which holds the account changes.
import { inArray } from "drizzle-orm";
import { db, type Queryable } from "~/db.server";
import type { Locale } from "~/i18n/languages";
import type { Profile, Role } from "#db/schema/account-values";
import { users } from "#db/tables/accounts";

export type AccountSummary = {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  profile: Profile;
  preferredLanguage: Locale;
  organisation: string;
  createdAt: number;
};

const summaryColumns = {
  id: users.id,
  email: users.email,
  fullName: users.fullName,
  role: users.role,
  profile: users.profile,
  preferredLanguage: users.preferredLanguage,
  organisation: users.organisation,
  createdAt: users.createdAt,
};

const CHUNK = 5000;

/** The accounts of those `emails` (normalised) that have one, by email; inside the caller's transaction if given. */
export async function accountsByEmail(q: Queryable | undefined, emails: readonly string[]): Promise<Map<string, AccountSummary>> {
  const out = new Map<string, AccountSummary>();
  const unique = [...new Set(emails)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    for (const row of await (q ?? db).select(summaryColumns).from(users).where(inArray(users.email, unique.slice(i, i + CHUNK)))) {
      out.set(row.email, row);
    }
  }
  return out;
}

/** The accounts of those `ids` that exist, by id. */
export async function accountsByIds(q: Queryable | undefined, ids: readonly string[]): Promise<Map<string, AccountSummary>> {
  const out = new Map<string, AccountSummary>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    for (const row of await (q ?? db).select(summaryColumns).from(users).where(inArray(users.id, unique.slice(i, i + CHUNK)))) {
      out.set(row.id, row);
    }
  }
  return out;
}
