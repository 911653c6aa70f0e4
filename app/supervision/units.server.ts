// Organisation units and supervisor scope (ADR 0024): the tree, who belongs to which unit, who supervises which,
// and the one answer to "may this person see or act on that unit or that person?". Other capabilities (compliance,
// people administration) ask here and never read these tables.
//
// Every function takes `q` first: the caller's transaction when it must see (or lock with) its own writes, or
// `undefined`/`db` for a plain read.
import { and, asc, eq, inArray, isNull, notInArray, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { recordAudit } from "~/audit.server";
import type { Role } from "~/auth/roles";
import { db, type Queryable, type Tx } from "~/db.server";
import { NotFoundError, ValidationError } from "~/errors";
import { randomId } from "~/ids.server";
import { orgUnitClosure, orgUnits, unitMembers, unitMembershipRequests, unitSupervisors } from "#db/tables/supervision";
import { buildTree, unitNameProblem, unitPaths, type UnitNode, type UnitRow } from "./tree";

export type { UnitNode, UnitRow };
type Q = Queryable | undefined;
const on = (q: Q): Queryable => q ?? db;

/** Who is asking: a session user is one. */
export type Actor = { id: string; role: Role };
/**
 * What an actor may see and act on: "all" for admins, otherwise the units they supervise and every unit below them
 * (possibly none).
 */
export type Scope = "all" | ReadonlySet<string>;

/** More ids than this in one IN (…) are sent in chunks (SQLite's limit on bound values is 32766). */
const CHUNK = 5000;
function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const unitColumns = { id: orgUnits.id, parentId: orgUnits.parentId, name: orgUnits.name };

/** The units the person was given to supervise (not those below them), by name. */
export async function unitsSupervisedBy(q: Q, userId: string): Promise<UnitRow[]> {
  return on(q)
    .select(unitColumns)
    .from(unitSupervisors)
    .innerJoin(orgUnits, eq(orgUnits.id, unitSupervisors.unitId))
    .where(eq(unitSupervisors.userId, userId))
    .orderBy(asc(orgUnits.name), asc(orgUnits.id));
}

/** `unitIds` and every unit below them (ids that name no unit are dropped). */
export async function subtreeUnitIds(q: Q, unitIds: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const part of chunks([...new Set(unitIds)])) {
    const rows = await on(q)
      .selectDistinct({ id: orgUnitClosure.unitId })
      .from(orgUnitClosure)
      .where(inArray(orgUnitClosure.ancestorId, part));
    for (const r of rows) found.add(r.id);
  }
  return [...found];
}

/**
 * For each of the given units, the units whose subtree holds it (itself included), from one read of the closure:
 * what tells whether an assignment to a unit reaches a member of a unit below it.
 */
export async function ancestorsOf(q: Q, unitIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const ancestors = new Map<string, Set<string>>();
  for (const part of chunks([...new Set(unitIds)])) {
    const rows = await on(q)
      .select({ unitId: orgUnitClosure.unitId, ancestorId: orgUnitClosure.ancestorId })
      .from(orgUnitClosure)
      .where(inArray(orgUnitClosure.unitId, part));
    for (const r of rows) ancestors.set(r.unitId, (ancestors.get(r.unitId) ?? new Set()).add(r.ancestorId));
  }
  return ancestors;
}

/** Everything the actor may see and act on: see `Scope`. */
export async function scopeOf(q: Q, actor: Actor): Promise<Scope> {
  if (actor.role === "admin") return "all";
  const rows = await on(q)
    .selectDistinct({ id: orgUnitClosure.unitId })
    .from(orgUnitClosure)
    .innerJoin(unitSupervisors, eq(unitSupervisors.unitId, orgUnitClosure.ancestorId))
    .where(eq(unitSupervisors.userId, actor.id));
  return new Set(rows.map((r) => r.id));
}

export function isUnitInScope(scope: Scope, unitId: string): boolean {
  return scope === "all" || scope.has(unitId);
}

type Membership = { userId: string; unitId: string; joinedAt: number };

async function membershipsWhere(q: Q, column: typeof unitMembers.unitId | typeof unitMembers.userId, ids: readonly string[]): Promise<Membership[]> {
  const out: Membership[] = [];
  for (const part of chunks([...new Set(ids)])) {
    out.push(
      ...(await on(q)
        .select({ userId: unitMembers.userId, unitId: unitMembers.unitId, joinedAt: unitMembers.joinedAt })
        .from(unitMembers)
        .where(inArray(column, part))),
    );
  }
  return out;
}

/** The memberships of the given units (not of the units below them: pass `subtreeUnitIds` for that). */
export const membersOf = (q: Q, unitIds: readonly string[]) => membershipsWhere(q, unitMembers.unitId, unitIds);

/** The memberships of the given people, in any unit. */
export const membershipsOf = (q: Q, userIds: readonly string[]) => membershipsWhere(q, unitMembers.userId, userIds);

/** The units the person belongs to, with when they joined each and the unit's path of names. */
export async function unitsOfUser(q: Q, userId: string): Promise<(UnitRow & { joinedAt: number; path: string })[]> {
  const rows = await on(q)
    .select({ ...unitColumns, joinedAt: unitMembers.joinedAt })
    .from(unitMembers)
    .innerJoin(orgUnits, eq(orgUnits.id, unitMembers.unitId))
    .where(eq(unitMembers.userId, userId));
  const paths = await pathsOf(q, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, path: paths.get(r.id) ?? r.name })).sort((a, b) => a.path.localeCompare(b.path));
}

/** A condition on another capability's `userId` column: "this person belongs to a unit of the scope". */
export function memberOfScope(userId: AnyColumn, scope: Scope): SQL {
  if (scope === "all") return sql`true`;
  if (scope.size === 0) return sql`false`;
  return inArray(userId, db.select({ id: unitMembers.userId }).from(unitMembers).where(inArray(unitMembers.unitId, [...scope])));
}

/** Whether the actor may see and act on the person: admins always; others when the person is in a unit they supervise. */
export async function canSuperviseUser(q: Q, actor: Actor, userId: string): Promise<boolean> {
  if (actor.role === "admin") return true;
  const [row] = await on(q)
    .select({ one: sql<number>`1` })
    .from(unitMembers)
    .innerJoin(orgUnitClosure, eq(orgUnitClosure.unitId, unitMembers.unitId))
    .innerJoin(unitSupervisors, eq(unitSupervisors.unitId, orgUnitClosure.ancestorId))
    .where(and(eq(unitMembers.userId, userId), eq(unitSupervisors.userId, actor.id)))
    .limit(1);
  return row !== undefined;
}

/** Throws NotFound unless the actor may see and act on the person (a supervisor learns nothing about anyone else). */
export async function requireUserInScope(q: Q, actor: Actor, userId: string): Promise<void> {
  if (!(await canSuperviseUser(q, actor, userId))) throw new NotFoundError();
}

/**
 * The unit, when it exists and is in the actor's scope; otherwise the same NotFound whether or not it exists, so a
 * supervisor cannot learn that another unit's id names anything.
 */
export async function requireUnitInScope(q: Q, actor: Actor, unitId: string): Promise<UnitRow & { path: string }> {
  const [unit] = await on(q).select(unitColumns).from(orgUnits).where(eq(orgUnits.id, unitId)).limit(1);
  if (!unit) throw new NotFoundError();
  if (actor.role !== "admin") {
    const [allowed] = await on(q)
      .select({ one: sql<number>`1` })
      .from(orgUnitClosure)
      .innerJoin(unitSupervisors, eq(unitSupervisors.unitId, orgUnitClosure.ancestorId))
      .where(and(eq(orgUnitClosure.unitId, unitId), eq(unitSupervisors.userId, actor.id)))
      .limit(1);
    if (!allowed) throw new NotFoundError();
  }
  const paths = await pathsOf(q, [unitId]);
  return { ...unit, path: paths.get(unitId) ?? unit.name };
}

/** Each unit's path of names from its root (`Border Guard/North/Crossing 3`). */
export async function pathsOf(q: Q, unitIds: readonly string[]): Promise<Map<string, string>> {
  if (unitIds.length === 0) return new Map();
  const ancestors: UnitRow[] = [];
  for (const part of chunks([...new Set(unitIds)])) {
    ancestors.push(
      ...(await on(q)
        .selectDistinct(unitColumns)
        .from(orgUnitClosure)
        .innerJoin(orgUnits, eq(orgUnits.id, orgUnitClosure.ancestorId))
        .where(inArray(orgUnitClosure.unitId, part))),
    );
  }
  const all = unitPaths(ancestors);
  return new Map(unitIds.map((id) => [id, all.get(id) ?? ""]));
}

/** Every unit with its path of names; for imports (a path names a unit) and pickers. */
export async function allUnits(q: Q): Promise<(UnitRow & { path: string })[]> {
  const rows = await on(q).select(unitColumns).from(orgUnits);
  const paths = unitPaths(rows);
  return rows.map((r) => ({ ...r, path: paths.get(r.id)! })).sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The units below `rootIds` (each given root included) as nested nodes for display; "all" for the whole forest.
 * Each node carries its number of direct members and supervisors.
 */
export type UnitTreeNode = Omit<UnitNode, "children"> & { memberCount: number; supervisorCount: number; children: UnitTreeNode[] };

export async function unitTree(q: Q, rootIds: readonly string[] | "all"): Promise<UnitTreeNode[]> {
  let rows: UnitRow[];
  if (rootIds === "all") {
    rows = await on(q).select(unitColumns).from(orgUnits);
  } else {
    const ids = await subtreeUnitIds(q, rootIds);
    rows = [];
    for (const part of chunks(ids)) rows.push(...(await on(q).select(unitColumns).from(orgUnits).where(inArray(orgUnits.id, part))));
  }
  const ids = rows.map((r) => r.id);
  const members = new Map<string, number>();
  const supervisors = new Map<string, number>();
  for (const part of chunks(ids)) {
    for (const r of await on(q)
      .select({ id: unitMembers.unitId, n: sql<number>`count(*)` })
      .from(unitMembers)
      .where(inArray(unitMembers.unitId, part))
      .groupBy(unitMembers.unitId)) {
      members.set(r.id, Number(r.n));
    }
    for (const r of await on(q)
      .select({ id: unitSupervisors.unitId, n: sql<number>`count(*)` })
      .from(unitSupervisors)
      .where(inArray(unitSupervisors.unitId, part))
      .groupBy(unitSupervisors.unitId)) {
      supervisors.set(r.id, Number(r.n));
    }
  }
  const decorate = (node: UnitNode): UnitTreeNode => ({
    ...node,
    memberCount: members.get(node.id) ?? 0,
    supervisorCount: supervisors.get(node.id) ?? 0,
    children: node.children.map(decorate),
  });
  const roots = rootIds === "all" ? buildTree(rows) : buildTree(rows, rootIds);
  return roots.map(decorate);
}

// ---------------------------------------------------------------------------------------------------------------
// Changes (admins). Each runs inside the caller's transaction and records itself in the audit log.

function checkName(name: string, field = "name"): string {
  const trimmed = name.trim();
  const problem = unitNameProblem(trimmed);
  if (problem) throw new ValidationError({ [field]: { key: `units.errors.name.${problem}` } });
  return trimmed;
}

async function requireUnit(tx: Tx, unitId: string, field = "unitId"): Promise<UnitRow> {
  const [unit] = await tx.select(unitColumns).from(orgUnits).where(eq(orgUnits.id, unitId)).limit(1);
  if (!unit) throw new ValidationError({ [field]: { key: "units.errors.unknownUnit" } });
  return unit;
}

// Checked inside the transaction; the unique indexes decide between two concurrent writers (PostgreSQL reruns the
// loser's transaction, which then finds the name taken here).
async function refuseTakenName(tx: Tx, parentId: string | null, name: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(parentId === null ? isNull(orgUnits.parentId) : eq(orgUnits.parentId, parentId), eq(orgUnits.name, name)))
    .limit(1);
  if (taken && taken.id !== exceptId) throw new ValidationError({ name: { key: "units.errors.name.taken" } });
}

export async function createUnit(tx: Tx, actorId: string | null, input: { name: string; parentId: string | null }, now = Date.now()): Promise<string> {
  const name = checkName(input.name);
  if (input.parentId !== null) await requireUnit(tx, input.parentId, "parentId");
  await refuseTakenName(tx, input.parentId, name);
  const id = randomId();
  await tx.insert(orgUnits).values({ id, parentId: input.parentId, name, createdAt: now });
  const ancestors =
    input.parentId === null
      ? []
      : await tx.select({ ancestorId: orgUnitClosure.ancestorId, depth: orgUnitClosure.depth }).from(orgUnitClosure).where(eq(orgUnitClosure.unitId, input.parentId));
  await tx.insert(orgUnitClosure).values([{ ancestorId: id, unitId: id, depth: 0 }, ...ancestors.map((a) => ({ ancestorId: a.ancestorId, unitId: id, depth: a.depth + 1 }))]);
  await recordAudit(tx, { actorId, action: "unit.created", subject: id, details: { name, parentId: input.parentId }, at: now });
  return id;
}

/** The unit of this name under `parentId` (null: at the top), created when missing: for the demo seed and scripts. */
export async function ensureUnit(tx: Tx, actorId: string | null, name: string, parentId: string | null, now = Date.now()): Promise<string> {
  const [found] = await tx
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(parentId === null ? isNull(orgUnits.parentId) : eq(orgUnits.parentId, parentId), eq(orgUnits.name, name)))
    .limit(1);
  return found?.id ?? createUnit(tx, actorId, { name, parentId }, now);
}

export async function renameUnit(tx: Tx, actorId: string, unitId: string, newName: string, now = Date.now()) {
  const unit = await requireUnit(tx, unitId);
  const name = checkName(newName);
  if (name === unit.name) return;
  await refuseTakenName(tx, unit.parentId, name, unitId);
  await tx.update(orgUnits).set({ name }).where(eq(orgUnits.id, unitId));
  await recordAudit(tx, { actorId, action: "unit.renamed", subject: unitId, details: { from: unit.name, to: name }, at: now });
}

/** Moves the unit (and everything below it) under `newParentId`, or to the top when null; refuses a cycle. */
export async function moveUnit(tx: Tx, actorId: string, unitId: string, newParentId: string | null, now = Date.now()) {
  const unit = await requireUnit(tx, unitId);
  if (newParentId === unit.parentId) return;
  if (newParentId !== null) {
    await requireUnit(tx, newParentId, "parentId");
    const [below] = await tx
      .select({ one: sql<number>`1` })
      .from(orgUnitClosure)
      .where(and(eq(orgUnitClosure.ancestorId, unitId), eq(orgUnitClosure.unitId, newParentId)))
      .limit(1);
    if (below) throw new ValidationError({ parentId: { key: "units.errors.cycle" } });
  }
  await refuseTakenName(tx, newParentId, unit.name, unitId);
  const subtree = await tx.select({ unitId: orgUnitClosure.unitId, depth: orgUnitClosure.depth }).from(orgUnitClosure).where(eq(orgUnitClosure.ancestorId, unitId));
  const subtreeIds = subtree.map((s) => s.unitId);
  // The subtree's links to its old ancestors go; its inner links stay; links to the new ancestors are added.
  for (const part of chunks(subtreeIds)) {
    await tx.delete(orgUnitClosure).where(and(inArray(orgUnitClosure.unitId, part), notInArray(orgUnitClosure.ancestorId, subtreeIds)));
  }
  if (newParentId !== null) {
    const ancestors = await tx
      .select({ ancestorId: orgUnitClosure.ancestorId, depth: orgUnitClosure.depth })
      .from(orgUnitClosure)
      .where(eq(orgUnitClosure.unitId, newParentId));
    const links = ancestors.flatMap((a) => subtree.map((s) => ({ ancestorId: a.ancestorId, unitId: s.unitId, depth: a.depth + s.depth + 1 })));
    for (const part of chunks(links, 1000)) await tx.insert(orgUnitClosure).values(part);
  }
  await tx.update(orgUnits).set({ parentId: newParentId }).where(eq(orgUnits.id, unitId));
  await recordAudit(tx, { actorId, action: "unit.moved", subject: unitId, details: { from: unit.parentId, to: newParentId }, at: now });
}

/** Deletes a unit that has no sub-units and no members; its supervisors and pending requests go with it. */
export async function deleteUnit(tx: Tx, actorId: string, unitId: string, now = Date.now()) {
  const unit = await requireUnit(tx, unitId);
  const [child] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.parentId, unitId)).limit(1);
  const [member] = await tx.select({ id: unitMembers.userId }).from(unitMembers).where(eq(unitMembers.unitId, unitId)).limit(1);
  if (child || member) throw new ValidationError({ unitId: { key: "units.errors.notEmpty" } }, { key: "units.errors.notEmpty" });
  await tx.delete(unitSupervisors).where(eq(unitSupervisors.unitId, unitId));
  await tx.delete(unitMembershipRequests).where(eq(unitMembershipRequests.unitId, unitId));
  await tx.delete(orgUnitClosure).where(eq(orgUnitClosure.unitId, unitId));
  await tx.delete(orgUnits).where(eq(orgUnits.id, unitId));
  await recordAudit(tx, { actorId, action: "unit.deleted", subject: unitId, details: { name: unit.name, parentId: unit.parentId }, at: now });
}

export async function addSupervisor(tx: Tx, actorId: string | null, unitId: string, userId: string, now = Date.now()): Promise<boolean> {
  await requireUnit(tx, unitId);
  const added = await tx.insert(unitSupervisors).values({ unitId, userId, givenAt: now }).onConflictDoNothing().returning({ userId: unitSupervisors.userId });
  if (added.length === 0) return false;
  await recordAudit(tx, { actorId, action: "unit.supervisor-added", subject: unitId, details: { userId }, at: now });
  return true;
}

export async function removeSupervisor(tx: Tx, actorId: string, unitId: string, userId: string, now = Date.now()): Promise<boolean> {
  const removed = await tx
    .delete(unitSupervisors)
    .where(and(eq(unitSupervisors.unitId, unitId), eq(unitSupervisors.userId, userId)))
    .returning({ userId: unitSupervisors.userId });
  if (removed.length === 0) return false;
  await recordAudit(tx, { actorId, action: "unit.supervisor-removed", subject: unitId, details: { userId }, at: now });
  return true;
}

/** The supervisors given this unit (ids, oldest first); names come from the accounts capability. */
export async function supervisorsOf(q: Q, unitId: string): Promise<{ userId: string; givenAt: number }[]> {
  return on(q)
    .select({ userId: unitSupervisors.userId, givenAt: unitSupervisors.givenAt })
    .from(unitSupervisors)
    .where(eq(unitSupervisors.unitId, unitId))
    .orderBy(asc(unitSupervisors.givenAt), asc(unitSupervisors.userId));
}

/**
 * Who answers for the people of `unitId`: the supervisors of the unit itself, else those of its nearest ancestor that
 * has any (a crossing point without a supervisor of its own escalates to its region's). Never anyone off the unit's
 * own chain up to the root; empty when no unit on it has a supervisor.
 */
export async function nearestSupervisorsOf(q: Q, unitId: string): Promise<string[]> {
  const rows = await on(q)
    .select({ userId: unitSupervisors.userId, depth: orgUnitClosure.depth })
    .from(orgUnitClosure)
    .innerJoin(unitSupervisors, eq(unitSupervisors.unitId, orgUnitClosure.ancestorId))
    .where(eq(orgUnitClosure.unitId, unitId))
    .orderBy(asc(orgUnitClosure.depth), asc(unitSupervisors.userId));
  const nearest = rows[0]?.depth;
  return rows.filter((row) => row.depth === nearest).map((row) => row.userId);
}

/**
 * Adds the people to the unit; those already in it keep their joining date. Returns the ids actually added. The
 * audit records one event per call (an import of 10,000 people is one event, with the count).
 */
export async function addMembers(tx: Tx, actorId: string | null, unitId: string, userIds: readonly string[], now = Date.now()): Promise<string[]> {
  const added: string[] = [];
  for (const part of chunks([...new Set(userIds)], 1000)) {
    const rows = await tx
      .insert(unitMembers)
      .values(part.map((userId) => ({ unitId, userId, joinedAt: now })))
      .onConflictDoNothing()
      .returning({ userId: unitMembers.userId });
    added.push(...rows.map((r) => r.userId));
  }
  if (added.length > 0) {
    await recordAudit(tx, {
      actorId,
      action: "unit.members-added",
      subject: unitId,
      details: added.length <= 20 ? { userIds: added } : { count: added.length },
      at: now,
    });
  }
  return added;
}

export async function removeMember(tx: Tx, actorId: string, unitId: string, userId: string, now = Date.now()): Promise<boolean> {
  const removed = await tx
    .delete(unitMembers)
    .where(and(eq(unitMembers.unitId, unitId), eq(unitMembers.userId, userId)))
    .returning({ userId: unitMembers.userId });
  if (removed.length === 0) return false;
  await recordAudit(tx, { actorId, action: "unit.member-removed", subject: unitId, details: { userId }, at: now });
  return true;
}

/** Direct members of one unit, paged by joining order; names come from the accounts capability. */
export async function membersPage(q: Q, unitId: string, { page, pageSize }: { page: number; pageSize: number }) {
  const [{ n }] = await on(q).select({ n: sql<number>`count(*)` }).from(unitMembers).where(eq(unitMembers.unitId, unitId));
  const total = Number(n);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await on(q)
    .select({ userId: unitMembers.userId, joinedAt: unitMembers.joinedAt })
    .from(unitMembers)
    .where(eq(unitMembers.unitId, unitId))
    .orderBy(asc(unitMembers.joinedAt), asc(unitMembers.userId))
    .limit(pageSize)
    .offset((current - 1) * pageSize);
  return { rows, total, page: current, pageCount };
}

// ---------------------------------------------------------------------------------------------------------------
// Membership requests: a supervisor's import named an account outside their units (ADR 0024).

/** Records the request unless one is pending; returns whether it was new. */
export async function requestMembership(tx: Tx, requestedBy: string, unitId: string, userId: string, now = Date.now()): Promise<boolean> {
  const rows = await tx
    .insert(unitMembershipRequests)
    .values({ unitId, userId, requestedBy, requestedAt: now })
    .onConflictDoNothing()
    .returning({ userId: unitMembershipRequests.userId });
  return rows.length > 0;
}

/** Which of the (unit, person) pairs already have a pending request. */
export async function pendingRequestKeys(q: Q, unitIds: readonly string[]): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const part of chunks([...new Set(unitIds)])) {
    for (const r of await on(q)
      .select({ unitId: unitMembershipRequests.unitId, userId: unitMembershipRequests.userId })
      .from(unitMembershipRequests)
      .where(inArray(unitMembershipRequests.unitId, part))) {
      keys.add(`${r.unitId} ${r.userId}`);
    }
  }
  return keys;
}

export async function listMembershipRequests(q: Q) {
  const rows = await on(q)
    .select({
      unitId: unitMembershipRequests.unitId,
      userId: unitMembershipRequests.userId,
      requestedBy: unitMembershipRequests.requestedBy,
      requestedAt: unitMembershipRequests.requestedAt,
    })
    .from(unitMembershipRequests)
    .orderBy(asc(unitMembershipRequests.requestedAt))
    .limit(200);
  const paths = await pathsOf(q, rows.map((r) => r.unitId));
  return rows.map((r) => ({ ...r, unitPath: paths.get(r.unitId) ?? "" }));
}

/** An admin's answer to a request: approve adds the person to the unit; either way the request is gone. */
export async function settleMembershipRequest(tx: Tx, actorId: string, unitId: string, userId: string, approve: boolean, now = Date.now()) {
  const removed = await tx
    .delete(unitMembershipRequests)
    .where(and(eq(unitMembershipRequests.unitId, unitId), eq(unitMembershipRequests.userId, userId)))
    .returning({ userId: unitMembershipRequests.userId });
  if (removed.length === 0) throw new NotFoundError();
  if (approve) await addMembers(tx, actorId, unitId, [userId], now);
  await recordAudit(tx, { actorId, action: approve ? "unit.request-approved" : "unit.request-dismissed", subject: unitId, details: { userId }, at: now });
}
