// The admins' unit screens through their loaders and actions: every change validated with a field message and a 4xx,
// and audited; nobody but an admin reaches them.
import { beforeAll, describe, expect, it } from "vitest";
import { auditTrail } from "~/audit.server";
import * as indexRoute from "~/routes/admin.units._index";
import * as unitRoute from "~/routes/admin.units.$unitId";
import { insertAccount, type Account } from "../support/accounts";
import { freshDatabase } from "./db";
import { call, formRequest, getRequest, refusal } from "./http";

let admin: Account;
beforeAll(async () => {
  await freshDatabase();
  admin = await insertAccount({ role: "admin" });
});

type Tree = Awaited<ReturnType<typeof indexRoute.loader>>["tree"];
const treeOf = async () => ((await call(indexRoute.loader, getRequest("/admin/units", { cookie: admin.cookie }))).body as { tree: Tree }).tree;
const create = (name: string, parentId = "") => call(indexRoute.action, formRequest("/admin/units", { intent: "create", name, parentId }, { cookie: admin.cookie }));
const onUnit = (unitId: string, fields: Record<string, string>, cookie = admin.cookie) =>
  call(unitRoute.action, formRequest(`/admin/units/${unitId}`, fields, { cookie }), { unitId });
const idOf = (tree: Tree, name: string): string => {
  for (const node of tree) {
    if (node.name === name) return node.id;
    const below = idOf(node.children as Tree, name);
    if (below) return below;
  }
  return "";
};

describe("/admin/units", () => {
  it("creates a tree, refusing a duplicate sibling and an empty name with field messages", async () => {
    expect((await create("Border Guard")).status).toBe(200);
    const guard = idOf(await treeOf(), "Border Guard");
    expect((await create("North", guard)).status).toBe(200);
    expect((await create("South", guard)).status).toBe(200);
    const duplicate = await create("North", guard);
    expect(duplicate.status).toBe(400);
    expect(refusal(duplicate).fieldErrors.name.key).toBe("units.errors.name.taken");
    const empty = await create("  ");
    expect(empty.status).toBe(400);
    expect(refusal(empty).fieldErrors.name.key).toBe("units.errors.name.required");
    const badParent = await create("X", "not-an-id");
    expect(badParent.status).toBe(400);
    const tree = await treeOf();
    expect(tree.map((n) => n.name)).toEqual(["Border Guard"]);
    expect(tree[0].children.map((n) => n.name)).toEqual(["North", "South"]);
  });

  it("renames, moves (refusing a cycle) and deletes only an empty unit, auditing each change", async () => {
    const tree = await treeOf();
    const [guard, north, south] = ["Border Guard", "North", "South"].map((n) => idOf(tree, n));
    await create("Crossing 3", north);
    const crossing = idOf(await treeOf(), "Crossing 3");
    expect((await onUnit(crossing, { intent: "rename", name: "Crossing Three" })).status).toBe(200);
    expect((await onUnit(crossing, { intent: "move", parentId: south })).status).toBe(200);
    const cycle = await onUnit(guard, { intent: "move", parentId: crossing });
    expect(cycle.status).toBe(400);
    expect(refusal(cycle).fieldErrors.parentId.key).toBe("units.errors.cycle");
    const notEmpty = await onUnit(south, { intent: "delete" });
    expect(notEmpty.status).toBe(400);
    expect(refusal(notEmpty).formError.key).toBe("units.errors.notEmpty");
    const deleted = await onUnit(crossing, { intent: "delete" });
    expect(deleted.status).toBe(302);
    expect((await auditTrail(crossing)).map((e) => e.action)).toEqual(["unit.created", "unit.renamed", "unit.moved", "unit.deleted"]);
    const unknownIntent = await onUnit(south, { intent: "explode" });
    expect(unknownIntent.status).toBe(400);
  });

  it("gives a unit only to a supervisor account and adds members only with accounts", async () => {
    const north = idOf(await treeOf(), "North");
    const supervisor = await insertAccount({ role: "supervisor" });
    const learner = await insertAccount();
    const notSupervisor = await onUnit(north, { intent: "add-supervisor", email: learner.email });
    expect(refusal(notSupervisor).fieldErrors.email.key).toBe("units.errors.notSupervisor");
    expect(refusal(await onUnit(north, { intent: "add-supervisor", email: "nobody@example.org" })).fieldErrors.email.key).toBe("units.errors.noAccount");
    expect((await onUnit(north, { intent: "add-supervisor", email: supervisor.email })).status).toBe(200);
    const unknown = await onUnit(north, { intent: "add-members", emails: `${learner.email}\nghost@example.org` });
    expect(unknown.status).toBe(400);
    expect(refusal(unknown).fieldErrors.emails).toEqual({ key: "units.errors.emails.unknown", values: { emails: "ghost@example.org" } });
    const added = await onUnit(north, { intent: "add-members", emails: `${learner.email.toUpperCase()}, ${learner.email}` });
    expect(added.body).toMatchObject({ ok: true, added: 1, already: 0 });
    const page = await call(unitRoute.loader, getRequest(`/admin/units/${north}`, { cookie: admin.cookie }), { unitId: north });
    const body = page.body as Awaited<ReturnType<typeof unitRoute.loader>>;
    expect(body.members.rows.map((m) => m.email)).toEqual([learner.email]);
    expect(body.supervisors.map((s) => s.email)).toEqual([supervisor.email]);
    // The unit cannot be moved below itself: its subtree is not offered.
    expect(body.parents.map((p) => p.path)).not.toContain("Border Guard/North");
    expect((await onUnit(north, { intent: "remove-member", userId: learner.id })).status).toBe(200);
    expect((await onUnit(north, { intent: "remove-supervisor", userId: supervisor.id })).status).toBe(200);
  });

  it("answers 404 for an unknown unit and 403 to anyone but an admin", async () => {
    expect((await call(unitRoute.loader, getRequest(`/admin/units/${"a".repeat(32)}`, { cookie: admin.cookie }), { unitId: "a".repeat(32) })).status).toBe(404);
    expect((await call(unitRoute.loader, getRequest("/admin/units/x", { cookie: admin.cookie }), { unitId: "x" })).status).toBe(404);
    const supervisor = await insertAccount({ role: "supervisor" });
    const north = idOf(await treeOf(), "North");
    expect((await call(indexRoute.loader, getRequest("/admin/units", { cookie: supervisor.cookie }))).status).toBe(403);
    expect((await call(indexRoute.action, formRequest("/admin/units", { intent: "create", name: "Mine" }, { cookie: supervisor.cookie }))).status).toBe(403);
    expect((await onUnit(north, { intent: "rename", name: "Mine" }, supervisor.cookie)).status).toBe(403);
  });
});
