// Demo accounts for evaluation machines, created on an empty database and never duplicated.
// The passwords are public (README.md): this never runs in production unless DEMO=1 asks for it.
import { db, transaction } from "~/db.server";
import { eq } from "drizzle-orm";
import { hashPassword } from "~/auth/password.server";
import { randomId } from "~/ids.server";
import type { Locale } from "~/i18n/languages";
import type { Profile, Role } from "./schema/accounts";
import { users } from "#db/tables";

export const DEMO_ACCOUNTS: ReadonlyArray<{
  email: string;
  password: string;
  fullName: string;
  role: Role;
  /** The studio's reviewer permission (ADR 0026): the demo has one reviewing trainer so four eyes can be tried. */
  isReviewer?: boolean;
  profile: Profile;
  organisation: string;
  preferredLanguage: Locale;
}> = [
  { email: "admin@example.org", password: "admin-demo-passphrase", fullName: "Amara Okafor", role: "admin", profile: "other", organisation: "Lexmigra", preferredLanguage: "en" },
  { email: "trainer@example.org", password: "trainer-demo-passphrase", fullName: "Tomás Ibáñez", role: "trainer", profile: "iom-staff", organisation: "IOM Training Unit", preferredLanguage: "es" },
  { email: "reviewer@example.org", password: "reviewer-demo-passphrase", fullName: "Nadia Haddad", role: "trainer", isReviewer: true, profile: "iom-staff", organisation: "IOM Legal Review", preferredLanguage: "en" },
  { email: "supervisor@example.org", password: "supervisor-demo-passphrase", fullName: "Sofia Lindqvist", role: "supervisor", profile: "border-official", organisation: "Border Guard Training Directorate", preferredLanguage: "en" },
  { email: "border.official@example.org", password: "border-demo-passphrase", fullName: "Karim Benali", role: "learner", profile: "border-official", organisation: "Border Guard, Northern Crossing Point", preferredLanguage: "en" },
  { email: "judge@example.org", password: "judge-demo-passphrase", fullName: "Élise Dufresne-Núñez", role: "learner", profile: "judicial-officer", organisation: "Administrative Court", preferredLanguage: "fr" },
];

export async function seedDemoAccounts(now = Date.now()): Promise<number> {
  let created = 0;
  for (const account of DEMO_ACCOUNTS) {
    const { password, ...fields } = account;
    const [exists] = await db.select({ id: users.id }).from(users).where(eq(users.email, account.email)).limit(1);
    if (exists) continue;
    const passwordHash = await hashPassword(password);
    const inserted = await transaction((tx) =>
      tx
        .insert(users)
        .values({ ...fields, id: randomId(), passwordHash, createdAt: now })
        .onConflictDoNothing({ target: users.email })
        .returning({ id: users.id }),
    );
    created += inserted.length;
  }
  return created;
}
