// Bulk onboarding through /supervise/import against this file's own database: the whole file or nothing, every
// problem with its line, idempotent re-import, supervisors held to their units without learning who has an account
// elsewhere, and 10,000 rows timed.
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accountTokens, auditEvents, unitMembers, unitMembershipRequests, users } from "#db/tables";
import { db, transaction } from "~/db.server";
import * as importRoute from "~/routes/supervise_.import";
import { addMembers, addSupervisor, createUnit } from "~/supervision/units.server";
import { importPeople } from "~/supervision/import.server";
import { insertAccount, nextEmail, type Account } from "../support/accounts";
import { freshDatabase } from "./db";
import { call, getRequest, ORIGIN } from "./http";

let admin: Account;
let supervisor: Account;
const unit: Record<string, string> = {};

beforeAll(async () => {
  await freshDatabase();
  admin = await insertAccount({ role: "admin" });
  supervisor = await insertAccount({ role: "supervisor" });
  await transaction(async (tx) => {
    const make = (name: string, parentId: string | null) => createUnit(tx, admin.id, { name, parentId });
    unit.guard = await make("Border Guard", null);
    unit.north = await make("North", unit.guard);
    unit.c3 = await make("Crossing 3", unit.north);
    unit.south = await make("South", unit.guard);
    await addSupervisor(tx, admin.id, unit.north, supervisor.id);
  });
});

function upload(by: Account, text: string | Uint8Array<ArrayBuffer>, name = "officers.csv") {
  const body = new FormData();
  body.append("file", new File([text], name, { type: "text/csv" }));
  return call(
    importRoute.action,
    new Request(`${ORIGIN}/supervise/import`, { method: "POST", body, headers: { Origin: ORIGIN, Cookie: by.cookie } }),
  );
}

type Body = { ok: boolean; outcome?: { created: number; added: number; already: number; links: { email: string; url: string }[] | null }; problems?: { line: number; message: { key: string } }[] };
const HEADER = "name,email,profile,unit,language";
const csv = (...rows: string[]) => [HEADER, ...rows].join("\n") + "\n";
const officer = (email: string, unitPath = "Border Guard/North/Crossing 3", name = "Officer Name") => `${name},${email},border-official,${unitPath},en`;
const countUsers = async (emails: string[]) => (await db.select({ id: users.id }).from(users).where(inArray(users.email, emails))).length;

describe("importing people", () => {
  it("creates accounts, invitations and memberships, and shows the links to an admin without mail", async () => {
    const emails = [nextEmail("officer"), nextEmail("officer")];
    const result = await upload(admin, csv(officer(emails[0]), officer(emails[1].toUpperCase(), unit.north)));
    expect(result.status).toBe(200);
    const body = result.body as Body;
    expect(body.outcome).toMatchObject({ created: 2, added: 0, already: 0 });
    expect(body.outcome!.links!.map((l) => l.email)).toEqual(emails);
    expect(body.outcome!.links![0].url).toMatch(/\/welcome\/[a-z2-7]{32}\?lng=(en|fr|es)$/);
    const created = await db.select({ id: users.id, email: users.email, organisation: users.organisation }).from(users).where(inArray(users.email, emails));
    expect(created.map((u) => u.organisation)).toEqual(["Border Guard", "Border Guard"]);
    const tokens = await db.select().from(accountTokens).where(inArray(accountTokens.userId, created.map((u) => u.id)));
    expect(tokens.map((t) => t.purpose)).toEqual(["invitation", "invitation"]);
    const memberships = await db.select().from(unitMembers).where(inArray(unitMembers.userId, created.map((u) => u.id)));
    expect(memberships.map((m) => m.unitId).sort()).toEqual([unit.c3, unit.north].sort());
  });

  it("changes nothing when the same file is imported again", async () => {
    const emails = [nextEmail("again"), nextEmail("again"), nextEmail("again")];
    const text = csv(...emails.map((e) => officer(e)));
    expect(((await upload(admin, text)).body as Body).outcome).toMatchObject({ created: 3, added: 0, already: 0 });
    const before = await db.select().from(unitMembers).where(eq(unitMembers.unitId, unit.c3));
    const again = (await upload(admin, text)).body as Body;
    expect(again.outcome).toMatchObject({ created: 0, added: 0, already: 3, links: [] });
    expect(await db.select().from(unitMembers).where(eq(unitMembers.unitId, unit.c3))).toEqual(before);
  });

  it("imports nothing when one row is wrong, and lists each problem with its line", async () => {
    const emails = [nextEmail("whole"), nextEmail("whole")];
    const result = await upload(admin, csv(officer(emails[0]), officer(emails[1]), "Bad Row,not-an-address,border-official,Border Guard/North,en"));
    expect(result.status).toBe(400);
    const body = result.body as Body;
    expect(body.ok).toBe(false);
    expect(body.problems!.map((p) => [p.line, p.message.key])).toEqual([[4, "units.import.errors.email"]]);
    expect(await countUsers(emails)).toBe(0);
  });

  it("reports each kind of problem with its line through the route", async () => {
    const dup = nextEmail("dup");
    const result = await upload(
      admin,
      csv(
        officer(dup), // 2
        "Bad Email,nope,border-official,Border Guard/North,en", // 3
        `Bad Profile,${nextEmail()},astronaut,Border Guard/North,en`, // 4
        `Bad Language,${nextEmail()},other,Border Guard/North,de`, // 5
        `Bad Unit,${nextEmail()},other,Border Guard/West,en`, // 6
        officer(dup), // 7
        `,${nextEmail()},other,Border Guard/North,en`, // 8
        "Too,few", // 9
      ),
    );
    expect(result.status).toBe(400);
    expect((result.body as Body).problems!.map((p) => [p.line, p.message.key.split(".").pop()])).toEqual([
      [3, "email"],
      [4, "profile"],
      [5, "language"],
      [6, "unknownUnit"],
      [7, "duplicate"],
      [8, "missing"],
      [9, "columnCount"],
    ]);
  });

  it("refuses a missing file, a non-UTF-8 file and a supervisor's row outside their units", async () => {
    const none = await upload(admin, "", "empty.csv");
    expect(none.status).toBe(400);
    const latin1: Uint8Array<ArrayBuffer> = new Uint8Array([...new TextEncoder().encode(`${HEADER}\nJos`), 0xe9, ...new TextEncoder().encode(`,j@example.org,other,Border Guard,en\n`)]);
    expect((await upload(admin, latin1)).status).toBe(400);
    const email = nextEmail("outside");
    const outside = await upload(supervisor, csv(officer(email, "Border Guard/South")));
    expect(outside.status).toBe(400);
    expect((outside.body as Body).problems!.map((p) => [p.line, p.message.key])).toEqual([[2, "units.import.errors.outsideScope"]]);
    expect(await countUsers([email])).toBe(0);
  });

  it("lets a supervisor import into their units without telling whether an address elsewhere has an account", async () => {
    // Someone in South (outside the supervisor's units), and someone already in North.
    const elsewhere = await insertAccount({ email: nextEmail("elsewhere") });
    const inside = await insertAccount({ email: nextEmail("inside") });
    await transaction(async (tx) => {
      await addMembers(tx, admin.id, unit.south, [elsewhere.id]);
      await addMembers(tx, admin.id, unit.north, [inside.id]);
    });
    const brandNew = nextEmail("new");
    const text = csv(officer(brandNew), officer(elsewhere.email), officer(inside.email));
    const first = (await upload(supervisor, text)).body as Body;
    // The address with an account elsewhere is counted as created, exactly like the new one; no links for a supervisor.
    expect(first.outcome).toMatchObject({ created: 2, added: 1, already: 0, links: null });
    const elsewhereUnits = await db.select({ unitId: unitMembers.unitId }).from(unitMembers).where(eq(unitMembers.userId, elsewhere.id));
    expect(elsewhereUnits.map((u) => u.unitId)).toEqual([unit.south]);
    const requests = await db.select().from(unitMembershipRequests).where(eq(unitMembershipRequests.userId, elsewhere.id));
    expect(requests).toMatchObject([{ unitId: unit.c3, requestedBy: supervisor.id }]);
    // Again: every row already present, the hidden one as well as the new one.
    const second = (await upload(supervisor, text)).body as Body;
    expect(second.outcome).toMatchObject({ created: 0, added: 0, already: 3 });
    // The existing account's name and profile are kept.
    const [kept] = await db.select({ fullName: users.fullName }).from(users).where(eq(users.id, inside.id));
    expect(kept.fullName).toBe(inside.fullName);
  });

  it("is refused to a learner and shows a supervisor only their units", async () => {
    const learner = await insertAccount();
    expect((await upload(learner, csv(officer(nextEmail())))).status).toBe(403);
    const page = await call(importRoute.loader, getRequest("/supervise/import", { cookie: supervisor.cookie }));
    expect((page.body as { units: string[] }).units).toEqual(["Border Guard/North", "Border Guard/North/Crossing 3"]);
  });

  it("imports 10,000 rows in one go (timed)", async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `Officer ${i},bulk.${i}.${Date.now()}@example.org,border-official,Border Guard/North/Crossing 3,${["en", "fr", "es"][i % 3]}`);
    const text = csv(...rows);
    const started = performance.now();
    const result = await importPeople({ id: admin.id, role: "admin" }, text);
    const ms = performance.now() - started;
    expect(result.ok && result.outcome.created).toBe(10_000);
    console.info(`10,000-row import: ${Math.round(ms)} ms`);
    const startedAgain = performance.now();
    const again = await importPeople({ id: admin.id, role: "admin" }, text);
    console.info(`10,000-row re-import: ${Math.round(performance.now() - startedAgain)} ms`);
    expect(again.ok && again.outcome).toMatchObject({ created: 0, already: 10_000 });
    const [{ n }] = await db.select({ n: auditEvents.id }).from(auditEvents).where(eq(auditEvents.action, "unit.people-imported")).limit(1);
    expect(n).toBeDefined();
  }, 120_000);
});
