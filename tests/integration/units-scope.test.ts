// A supervisor of unit A sees and changes nothing of unit B: every loader and action this work adds, swept with a
// person and a unit of B, answers 404 (403 on the admins' pages), and changes nothing. Within A, the same routes work.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "#db/tables";
import { db, transaction } from "~/db.server";
import * as unitRoute from "~/routes/admin.units.$unitId";
import * as unitsRoute from "~/routes/admin.units._index";
import * as importRoute from "~/routes/supervise_.import";
import * as personRoute from "~/routes/supervise_.people.$userId";
import * as peopleRoute from "~/routes/supervise_.people._index";
import { addMembers, addSupervisor, createUnit } from "~/supervision/units.server";
import { insertAccount, type Account } from "../support/accounts";
import { freshDatabase } from "./db";
import { call, formRequest, getRequest, ORIGIN, type RouteResult } from "./http";

let admin: Account;
let supervisorA: Account;
let supervisorB: Account;
let inA: Account;
let inB: Account;
let colleagueInA: Account;
const unit: Record<string, string> = {};

beforeAll(async () => {
  await freshDatabase();
  admin = await insertAccount({ role: "admin" });
  supervisorA = await insertAccount({ role: "supervisor", fullName: "Supervisor Alpha" });
  supervisorB = await insertAccount({ role: "supervisor", fullName: "Supervisor Bravo" });
  inA = await insertAccount({ fullName: "Learner Alpha" });
  inB = await insertAccount({ fullName: "Learner Bravo" });
  colleagueInA = await insertAccount({ role: "supervisor", fullName: "Colleague Alpha" });
  await transaction(async (tx) => {
    unit.root = await createUnit(tx, admin.id, { name: "Border Guard", parentId: null });
    unit.a = await createUnit(tx, admin.id, { name: "Alpha", parentId: unit.root });
    unit.a1 = await createUnit(tx, admin.id, { name: "Alpha Post", parentId: unit.a });
    unit.b = await createUnit(tx, admin.id, { name: "Bravo", parentId: unit.root });
    await addSupervisor(tx, admin.id, unit.a, supervisorA.id);
    await addSupervisor(tx, admin.id, unit.b, supervisorB.id);
    await addMembers(tx, admin.id, unit.a1, [inA.id, colleagueInA.id]);
    await addMembers(tx, admin.id, unit.b, [inB.id]);
  });
});

const PERSON_ACTIONS: Record<string, string>[] = [
  { intent: "update", fullName: "Changed Name", email: "changed@example.org", profile: "other", preferredLanguage: "fr" },
  { intent: "deactivate" },
  { intent: "reactivate" },
  { intent: "send-invitation" },
  { intent: "send-reset" },
  { intent: "nonsense" },
  {},
];
const UNIT_ACTIONS: Record<string, string>[] = [
  { intent: "rename", name: "Mine now" },
  { intent: "move", parentId: "" },
  { intent: "delete" },
  { intent: "add-supervisor", email: "x@example.org" },
  { intent: "remove-supervisor", userId: "a".repeat(32) },
  { intent: "add-members", emails: "x@example.org" },
  { intent: "remove-member", userId: "a".repeat(32) },
];

const personGet = (by: Account, userId: string) => call(personRoute.loader, getRequest(`/supervise/people/${userId}`, { cookie: by.cookie }), { userId });
const personPost = (by: Account, userId: string, fields: Record<string, string>) =>
  call(personRoute.action, formRequest(`/supervise/people/${userId}`, fields, { cookie: by.cookie }), { userId });
const rowOf = async (id: string) => (await db.select().from(users).where(eq(users.id, id)))[0];

describe("a supervisor of unit A", () => {
  it("gets 404 for a person of unit B on the person page and every one of its actions, and changes nothing", async () => {
    const before = await rowOf(inB.id);
    const answers: [string, number][] = [["GET", (await personGet(supervisorA, inB.id)).status]];
    for (const fields of PERSON_ACTIONS) answers.push([fields.intent ?? "(none)", (await personPost(supervisorA, inB.id, fields)).status]);
    expect(answers.filter(([, status]) => status !== 404)).toEqual([]);
    // A person who does not exist answers the same.
    expect((await personGet(supervisorA, "a".repeat(32))).status).toBe(404);
    expect(await rowOf(inB.id)).toEqual(before);
  });

  it("does not see unit B's people in the list or its search", async () => {
    const list = (await call(peopleRoute.loader, getRequest("/supervise/people", { cookie: supervisorA.cookie }))).body as { rows: { id: string }[]; total: number };
    expect(list.rows.map((r) => r.id).sort()).toEqual([inA.id, colleagueInA.id].sort());
    const search = (await call(peopleRoute.loader, getRequest("/supervise/people?q=Bravo", { cookie: supervisorA.cookie }))).body as { total: number };
    expect(search.total).toBe(0);
  });

  it("cannot import into unit B, named by path or by id", async () => {
    for (const target of ["Border Guard/Bravo", unit.b]) {
      const body = new FormData();
      body.append("file", new File([`name,email,profile,unit,language\nNew Officer,new.officer@example.org,other,${target},en\n`], "b.csv", { type: "text/csv" }));
      const result = await call(importRoute.action, new Request(`${ORIGIN}/supervise/import`, { method: "POST", body, headers: { Origin: ORIGIN, Cookie: supervisorA.cookie } }));
      expect(result.status).toBe(400);
      expect((result.body as { problems: { message: { key: string } }[] }).problems[0].message.key).toBe("units.import.errors.outsideScope");
    }
    const page = (await call(importRoute.loader, getRequest("/supervise/import", { cookie: supervisorA.cookie }))).body as { units: string[] };
    expect(page.units).toEqual(["Border Guard/Alpha", "Border Guard/Alpha/Alpha Post"]);
  });

  it("gets 403 on the admins' unit pages and every one of their actions, for unit B and its own unit", async () => {
    const answers: RouteResult[] = [
      await call(unitsRoute.loader, getRequest("/admin/units", { cookie: supervisorA.cookie })),
      await call(unitsRoute.action, formRequest("/admin/units", { intent: "create", name: "Mine" }, { cookie: supervisorA.cookie })),
      await call(unitsRoute.action, formRequest("/admin/units", { intent: "approve-request", unitId: unit.b, userId: inB.id }, { cookie: supervisorA.cookie })),
    ];
    for (const unitId of [unit.b, unit.a]) {
      answers.push(await call(unitRoute.loader, getRequest(`/admin/units/${unitId}`, { cookie: supervisorA.cookie }), { unitId }));
      for (const fields of UNIT_ACTIONS) answers.push(await call(unitRoute.action, formRequest(`/admin/units/${unitId}`, fields, { cookie: supervisorA.cookie }), { unitId }));
    }
    expect(answers.map((a) => a.status).filter((s) => s !== 403)).toEqual([]);
  });

  it("administers a learner of unit A: edit, deactivate, reactivate, fresh invitation", async () => {
    expect((await personGet(supervisorA, inA.id)).status).toBe(200);
    const edited = await personPost(supervisorA, inA.id, { intent: "update", fullName: "Learner Alpha Renamed", email: inA.email, profile: "iom-staff", preferredLanguage: "es" });
    expect(edited.status).toBe(200);
    expect(await rowOf(inA.id)).toMatchObject({ fullName: "Learner Alpha Renamed", profile: "iom-staff", preferredLanguage: "es" });
    const taken = await personPost(supervisorA, inA.id, { intent: "update", fullName: "Learner Alpha", email: inB.email, profile: "other", preferredLanguage: "en" });
    expect(taken.status).toBe(400);
    const badEmail = await personPost(supervisorA, inA.id, { intent: "update", fullName: "Learner Alpha", email: "nope", profile: "other", preferredLanguage: "en" });
    expect(badEmail.status).toBe(400);
    expect((await personPost(supervisorA, inA.id, { intent: "deactivate" })).status).toBe(200);
    expect((await rowOf(inA.id)).deactivatedAt).not.toBeNull();
    expect((await personPost(supervisorA, inA.id, { intent: "send-reset" })).status).toBe(409);
    expect((await personPost(supervisorA, inA.id, { intent: "reactivate" })).status).toBe(200);
    const link = await personPost(supervisorA, inA.id, { intent: "send-invitation" });
    expect(link.status).toBe(200);
    // A supervisor never sees the link itself (a reset link would hand them the account).
    expect((link.body as { url: string | null }).url).toBeNull();
  });

  it("sees but cannot change a fellow supervisor in unit A", async () => {
    expect((await personGet(supervisorA, colleagueInA.id)).body).toMatchObject({ canChange: false });
    for (const fields of PERSON_ACTIONS.slice(0, 5)) expect((await personPost(supervisorA, colleagueInA.id, fields)).status).toBe(403);
  });
});

describe("an admin", () => {
  it("sees and administers anyone, and gets the link when mail is not configured", async () => {
    expect((await personGet(admin, inB.id)).status).toBe(200);
    const link = await personPost(admin, inB.id, { intent: "send-reset" });
    expect((link.body as { url: string }).url).toMatch(/\/reset-password\/[a-z2-7]{32}\?lng=(en|fr|es)$/);
  });
});
