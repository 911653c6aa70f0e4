// The demo seed's organisation: a unit tree, the demo supervisor given the Northern Region, officers as members;
// seeding again changes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { orgUnits, unitMembers, unitSupervisors, users } from "#db/tables";
import { seedDemoAccounts, seedDemoUnits } from "#db/seed";
import { db } from "~/db.server";
import { eq } from "drizzle-orm";
import { canSuperviseUser, scopeOf, unitTree } from "~/supervision/units.server";
import { freshDatabase } from "./db";

beforeAll(async () => {
  await freshDatabase();
});

const counts = async () => ({
  units: (await db.select().from(orgUnits)).length,
  members: (await db.select().from(unitMembers)).length,
  supervisors: (await db.select().from(unitSupervisors)).length,
  users: (await db.select().from(users)).length,
});

describe("the demo organisation", () => {
  it("gives the demo supervisor the Northern Region and nothing of the South, idempotently", async () => {
    await seedDemoAccounts();
    const first = await counts();
    expect(first).toMatchObject({ units: 6, members: 3, supervisors: 1 });
    await seedDemoUnits();
    await seedDemoAccounts();
    expect(await counts()).toEqual(first);
    const tree = await unitTree(undefined, "all");
    expect(tree.map((n) => n.name)).toEqual(["National Border Guard"]);
    expect(tree[0].children.map((n) => n.name)).toEqual(["Northern Region", "Southern Region"]);
    const [supervisor] = await db.select().from(users).where(eq(users.email, "supervisor@example.org"));
    const idOf = async (email: string) => (await db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0].id;
    const actor = { id: supervisor.id, role: supervisor.role };
    expect(await canSuperviseUser(undefined, actor, await idOf("border.official@example.org"))).toBe(true);
    expect(await canSuperviseUser(undefined, actor, await idOf("nadia.haddad@example.org"))).toBe(true);
    expect(await canSuperviseUser(undefined, actor, await idOf("pedro.alves@example.org"))).toBe(false);
    const scope = await scopeOf(undefined, actor);
    expect(scope !== "all" && scope.size).toBe(3);
  });
});
