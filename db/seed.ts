// Demo accounts for evaluation machines, created on an empty database and never duplicated.
// The passwords are public (README.md): this never runs in production unless DEMO=1 asks for it.
import { db, transaction } from "~/db.server";
import { eq } from "drizzle-orm";
import { hashPassword } from "~/auth/password.server";
import { randomId } from "~/ids.server";
import type { Locale } from "~/i18n/languages";
import type { Profile, Role } from "./schema/accounts";
import { users } from "#db/tables";
import { createInvitedAccounts } from "~/auth/account-admin.server";
import { addMembers, addSupervisor, ensureUnit } from "~/supervision/units.server";

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
  await seedDemoUnits(now);
  return created;
}

// A small organisation (ADR 0024): the demo supervisor has the Northern Region, so the Southern Region's officer is
// outside their scope, which the demo shows. Officers other than the demo learner are invited accounts (no password).
const DEMO_OFFICERS = [
  { email: "nadia.haddad@example.org", fullName: "Nadia Haddad", unit: ["Northern Region", "Crossing Point 7"], preferredLanguage: "fr" },
  { email: "pedro.alves@example.org", fullName: "Pedro Alves", unit: ["Southern Region", "Harbour Crossing"], preferredLanguage: "es" },
] as const;

/** The demo unit tree, its supervisor and members; running it again changes nothing. */
export async function seedDemoUnits(now = Date.now()): Promise<void> {
  await transaction(async (tx) => {
    const guard = await ensureUnit(tx, null, "National Border Guard", null, now);
    const north = await ensureUnit(tx, null, "Northern Region", guard, now);
    const south = await ensureUnit(tx, null, "Southern Region", guard, now);
    const units: Record<string, string> = {
      "Northern Region/Crossing Point 3": await ensureUnit(tx, null, "Crossing Point 3", north, now),
      "Northern Region/Crossing Point 7": await ensureUnit(tx, null, "Crossing Point 7", north, now),
      "Southern Region/Harbour Crossing": await ensureUnit(tx, null, "Harbour Crossing", south, now),
    };
    const idOf = async (email: string) => (await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1))[0]?.id;
    const supervisor = await idOf("supervisor@example.org");
    if (supervisor) await addSupervisor(tx, null, north, supervisor, now);
    const learner = await idOf("border.official@example.org");
    if (learner) await addMembers(tx, null, units["Northern Region/Crossing Point 3"], [learner], now);
    const officers = await createInvitedAccounts(
      tx,
      DEMO_OFFICERS.map((o) => ({ email: o.email, fullName: o.fullName, profile: "border-official", preferredLanguage: o.preferredLanguage, organisation: "National Border Guard" })),
      now,
    );
    for (const officer of DEMO_OFFICERS) {
      await addMembers(tx, null, units[officer.unit.join("/")], [officers.get(officer.email)!.userId], now);
    }
  });
}
