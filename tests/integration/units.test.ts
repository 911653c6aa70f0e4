// Organisation units and supervisor scope against this file's own database (SQLite, or PostgreSQL under
// scripts/with-postgres.sh): the tree's closure stays right through creates and moves, and scope is exactly the
// supervised units and everything below them.
import { beforeAll, describe, expect, it } from "vitest";
import { transaction } from "~/db.server";
import { NotFoundError, ValidationError } from "~/errors";
import {
  addMembers,
  addSupervisor,
  canSuperviseUser,
  createUnit,
  deleteUnit,
  membersOf,
  moveUnit,
  removeMember,
  renameUnit,
  requireUnitInScope,
  scopeOf,
  subtreeUnitIds,
  unitsOfUser,
  unitsSupervisedBy,
  unitTree,
} from "~/supervision/units.server";
import { auditTrail } from "~/audit.server";
import { insertAccount, type Account } from "../support/accounts";
import { freshDatabase } from "./db";

let admin: Account;
const ids: Record<string, string> = {};
const make = (name: string, parent: string | null) => transaction((tx) => createUnit(tx, admin.id, { name, parentId: parent }));

beforeAll(async () => {
  await freshDatabase();
  admin = await insertAccount({ role: "admin" });
  ids.guard = await make("Border Guard", null);
  ids.north = await make("North", ids.guard);
  ids.south = await make("South", ids.guard);
  ids.c1 = await make("Crossing 1", ids.north);
  ids.c2 = await make("Crossing 2", ids.north);
  ids.c3 = await make("Crossing 3", ids.south);
});

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe("the unit tree", () => {
  it("lists a unit and everything below it", async () => {
    expect(sorted(await subtreeUnitIds(undefined, [ids.north]))).toEqual(sorted([ids.north, ids.c1, ids.c2]));
    expect((await subtreeUnitIds(undefined, [ids.guard])).length).toBe(6);
    expect(await subtreeUnitIds(undefined, ["nothing"])).toEqual([]);
  });

  it("refuses a second sibling of the same name, and a second root of the same name", async () => {
    await expect(make("North", ids.guard)).rejects.toBeInstanceOf(ValidationError);
    await expect(make("Border Guard", null)).rejects.toBeInstanceOf(ValidationError);
    // The same name under another parent is another unit.
    const elsewhere = await make("Crossing 1", ids.south);
    await transaction((tx) => deleteUnit(tx, admin.id, elsewhere));
  });

  it("refuses a name with the path separator", async () => {
    await expect(make("North/East", ids.guard)).rejects.toBeInstanceOf(ValidationError);
  });

  it("moves a unit with its subtree, and refuses to move a unit below itself", async () => {
    const east = await make("East", ids.guard);
    const post = await make("Post 9", east);
    await transaction((tx) => moveUnit(tx, admin.id, east, ids.north));
    expect(sorted(await subtreeUnitIds(undefined, [ids.north]))).toEqual(sorted([ids.north, ids.c1, ids.c2, east, post]));
    expect(await subtreeUnitIds(undefined, [ids.south])).not.toContain(post);
    await expect(transaction((tx) => moveUnit(tx, admin.id, ids.north, post))).rejects.toMatchObject({ fieldErrors: { parentId: { key: "units.errors.cycle" } } });
    await expect(transaction((tx) => moveUnit(tx, admin.id, ids.north, ids.north))).rejects.toBeInstanceOf(ValidationError);
    // To the top and back: the closure follows.
    await transaction((tx) => moveUnit(tx, admin.id, east, null));
    expect(await subtreeUnitIds(undefined, [ids.guard])).not.toContain(post);
    const tree = await unitTree(undefined, "all");
    expect(tree.map((n) => n.name)).toEqual(["Border Guard", "East"]);
    await transaction((tx) => deleteUnit(tx, admin.id, post));
    await transaction((tx) => deleteUnit(tx, admin.id, east));
    expect(await auditTrail(east)).toHaveLength(4);
  });

  it("renames, refusing a sibling's name", async () => {
    await transaction((tx) => renameUnit(tx, admin.id, ids.c2, "Crossing Two"));
    await expect(transaction((tx) => renameUnit(tx, admin.id, ids.c2, "Crossing 1"))).rejects.toBeInstanceOf(ValidationError);
    await transaction((tx) => renameUnit(tx, admin.id, ids.c2, "Crossing 2"));
  });

  it("deletes only an empty unit", async () => {
    await expect(transaction((tx) => deleteUnit(tx, admin.id, ids.north))).rejects.toBeInstanceOf(ValidationError);
    const person = await insertAccount();
    const spare = await make("Spare", ids.south);
    await transaction((tx) => addMembers(tx, admin.id, spare, [person.id]));
    await expect(transaction((tx) => deleteUnit(tx, admin.id, spare))).rejects.toBeInstanceOf(ValidationError);
    await transaction((tx) => removeMember(tx, admin.id, spare, person.id));
    await transaction((tx) => deleteUnit(tx, admin.id, spare));
  });
});

describe("supervisor scope", () => {
  it("is the supervised units and everything below them, and nothing else", async () => {
    const supervisor = await insertAccount({ role: "supervisor" });
    const inside = await insertAccount();
    const outside = await insertAccount();
    const nobody = await insertAccount();
    await transaction(async (tx) => {
      await addSupervisor(tx, admin.id, ids.north, supervisor.id);
      await addMembers(tx, admin.id, ids.c1, [inside.id]);
      await addMembers(tx, admin.id, ids.c3, [outside.id]);
    });
    const actor = { id: supervisor.id, role: "supervisor" as const };
    expect((await unitsSupervisedBy(undefined, supervisor.id)).map((u) => u.id)).toEqual([ids.north]);
    const scope = await scopeOf(undefined, actor);
    expect(scope !== "all" && sorted(scope)).toEqual(sorted([ids.north, ids.c1, ids.c2]));
    expect(await scopeOf(undefined, { id: admin.id, role: "admin" })).toBe("all");
    expect(await canSuperviseUser(undefined, actor, inside.id)).toBe(true);
    expect(await canSuperviseUser(undefined, actor, outside.id)).toBe(false);
    expect(await canSuperviseUser(undefined, actor, nobody.id)).toBe(false);
    expect((await requireUnitInScope(undefined, actor, ids.c1)).path).toBe("Border Guard/North/Crossing 1");
    // Another unit and no unit at all answer the same.
    await expect(requireUnitInScope(undefined, actor, ids.c3)).rejects.toBeInstanceOf(NotFoundError);
    await expect(requireUnitInScope(undefined, actor, "a".repeat(32))).rejects.toBeInstanceOf(NotFoundError);
    await expect(requireUnitInScope(undefined, actor, ids.guard)).rejects.toBeInstanceOf(NotFoundError);
    const members = await membersOf(undefined, await subtreeUnitIds(undefined, [ids.north]));
    expect(members.map((m) => m.userId)).toEqual([inside.id]);
    expect(typeof members[0].joinedAt).toBe("number");
    expect((await unitsOfUser(undefined, inside.id)).map((u) => u.path)).toEqual(["Border Guard/North/Crossing 1"]);
    const tree = await unitTree(undefined, [ids.north]);
    expect(tree.map((n) => n.id)).toEqual([ids.north]);
    expect(tree[0].children.find((c) => c.id === ids.c1)?.memberCount).toBe(1);
    // A learner supervises nothing.
    const learnerScope = await scopeOf(undefined, { id: inside.id, role: "learner" });
    expect(learnerScope !== "all" && learnerScope.size).toBe(0);
  });

  it("keeps the first joining date when a person is added again", async () => {
    const person = await insertAccount();
    await transaction((tx) => addMembers(tx, admin.id, ids.c2, [person.id], 1000));
    expect(await transaction((tx) => addMembers(tx, admin.id, ids.c2, [person.id], 2000))).toEqual([]);
    expect((await membersOf(undefined, [ids.c2])).find((m) => m.userId === person.id)?.joinedAt).toBe(1000);
  });
});
