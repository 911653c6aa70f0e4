// Demo accounts for evaluation machines, created on an empty database and never duplicated.
// The passwords are public (README.md): this never runs in production unless DEMO=1 asks for it.
import type { Db } from "~/db.server";
import { hashPassword } from "~/auth/password.server";
import { randomId } from "~/ids.server";
import type { Locale } from "~/i18n/languages";
import { users, type Profile, type Role } from "./schema/accounts";

export const DEMO_ACCOUNTS: ReadonlyArray<{
  email: string;
  password: string;
  fullName: string;
  role: Role;
  profile: Profile;
  organisation: string;
  preferredLanguage: Locale;
}> = [
  { email: "admin@example.org", password: "admin-demo-passphrase", fullName: "Amara Okafor", role: "admin", profile: "other", organisation: "Lexmigra", preferredLanguage: "en" },
  { email: "trainer@example.org", password: "trainer-demo-passphrase", fullName: "Tomás Ibáñez", role: "trainer", profile: "iom-staff", organisation: "IOM Training Unit", preferredLanguage: "es" },
  { email: "supervisor@example.org", password: "supervisor-demo-passphrase", fullName: "Sofia Lindqvist", role: "supervisor", profile: "border-official", organisation: "Border Guard Training Directorate", preferredLanguage: "en" },
  { email: "border.official@example.org", password: "border-demo-passphrase", fullName: "Karim Benali", role: "learner", profile: "border-official", organisation: "Border Guard, Northern Crossing Point", preferredLanguage: "en" },
  { email: "judge@example.org", password: "judge-demo-passphrase", fullName: "Élise Dufresne-Núñez", role: "learner", profile: "judicial-officer", organisation: "Administrative Court", preferredLanguage: "fr" },
];

export async function seedDemoAccounts(db: Db, now = Date.now()): Promise<number> {
  let created = 0;
  for (const account of DEMO_ACCOUNTS) {
    const { password, ...fields } = account;
    const exists = db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, account.email), columns: { id: true } }).sync();
    if (exists) continue;
    const result = db
      .insert(users)
      .values({ ...fields, id: randomId(), passwordHash: await hashPassword(password), createdAt: now })
      .onConflictDoNothing({ target: users.email })
      .run();
    created += result.changes;
  }
  return created;
}
