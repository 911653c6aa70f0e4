// People administration within a supervisor's scope (/supervise/people): the list of people in their units and
// what a person page shows. Admins see every account. The accounts capability owns the account rows; this module
// decides who is in scope (unit_members) and asks accounts for names.
import { and, asc, countDistinct, inArray } from "drizzle-orm";
import { accountMatches, accountNameOf, listUsers } from "~/auth/accounts.server";
import {
  deactivateAccount,
  getAccount,
  reactivateAccount,
  sendAccountLink,
  updateAccount,
  type AccountFields,
} from "~/auth/account-admin.server";
import { accountsByIds } from "~/auth/people.server";
import { db } from "~/db.server";
import { ConflictError, ForbiddenError, ValidationError } from "~/errors";
import { isMailConfigured } from "./import.server";
import { unitMembers } from "#db/tables/supervision";
import { pathsOf, requireUserInScope, scopeOf, unitsOfUser, type Actor, type Scope } from "./units.server";

export const PEOPLE_PAGE_SIZE = 25;

/** The units (paths) each person belongs to, limited to the scope: a supervisor never learns of other units. */
export async function unitPathsOfPeople(userIds: readonly string[], scope: Scope): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .select({ userId: unitMembers.userId, unitId: unitMembers.unitId })
    .from(unitMembers)
    .where(inArray(unitMembers.userId, [...new Set(userIds)]));
  const visible = rows.filter((r) => scope === "all" || scope.has(r.unitId));
  const paths = await pathsOf(undefined, visible.map((r) => r.unitId));
  for (const r of visible) out.set(r.userId, [...(out.get(r.userId) ?? []), paths.get(r.unitId) ?? ""].sort());
  return out;
}

/** One page of the people the actor may administer, by name, optionally searched by name or address. */
export async function listPeopleInScope(actor: Actor, { query, page }: { query: string; page: number }) {
  const scope = await scopeOf(undefined, actor);
  const text = query.trim();
  let ids: string[];
  let total: number;
  let current: number;
  let pageCount: number;
  if (scope === "all") {
    const listed = await listUsers({ query: text, page });
    ids = listed.rows.map((r) => r.id);
    ({ total, page: current, pageCount } = listed);
  } else if (scope.size === 0) {
    return { rows: [], total: 0, page: 1, pageCount: 1 };
  } else {
    const where = and(inArray(unitMembers.unitId, [...scope]), text ? accountMatches(unitMembers.userId, text) : undefined);
    const [{ n }] = await db.select({ n: countDistinct(unitMembers.userId) }).from(unitMembers).where(where);
    total = Number(n);
    pageCount = Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE));
    current = Math.min(Math.max(1, page), pageCount);
    const name = accountNameOf(unitMembers.userId);
    const rows = await db
      .selectDistinct({ userId: unitMembers.userId, name })
      .from(unitMembers)
      .where(where)
      .orderBy(asc(name), asc(unitMembers.userId))
      .limit(PEOPLE_PAGE_SIZE)
      .offset((current - 1) * PEOPLE_PAGE_SIZE);
    ids = rows.map((r) => r.userId);
  }
  const accounts = await accountsByIds(undefined, ids);
  const units = await unitPathsOfPeople(ids, scope);
  const rows = ids.flatMap((id) => {
    const account = accounts.get(id);
    return account ? [{ id, fullName: account.fullName, email: account.email, profile: account.profile, role: account.role, units: units.get(id) ?? [] }] : [];
  });
  return { rows, total, page: current, pageCount };
}

// ---------------------------------------------------------------------------------------------------------------
// One person (/supervise/people/<id>). Every function first asks whether the actor may see the person at all: a
// person outside their units is a 404, the same answer as no person (ADR 0024).

async function requirePerson(actor: Actor, userId: string) {
  await requireUserInScope(undefined, actor, userId);
  return getAccount(userId);
}

/**
 * A supervisor changes learners' accounts only: not their own, not another supervisor's, trainer's or admin's (a
 * supervisor who could deactivate an admin in their unit, or reset their password, would outrank them).
 */
function refuseUnlessChangeable(actor: Actor, person: { id: string; role: string }) {
  if (actor.role === "admin") return;
  if (person.id === actor.id || person.role !== "learner") throw new ForbiddenError({ key: "units.person.errors.notLearner" });
}

export async function personPage(actor: Actor, userId: string) {
  const person = await requirePerson(actor, userId);
  const scope = await scopeOf(undefined, actor);
  const units = (await unitsOfUser(undefined, userId)).filter((u) => scope === "all" || scope.has(u.id));
  const canChange = actor.role === "admin" || (person.id !== actor.id && person.role === "learner");
  return { person, units: units.map((u) => ({ id: u.id, path: u.path, joinedAt: u.joinedAt })), canChange };
}

export async function editPerson(actor: Actor, userId: string, fields: AccountFields, now = Date.now()) {
  refuseUnlessChangeable(actor, await requirePerson(actor, userId));
  try {
    await updateAccount(actor.id, userId, fields, now);
  } catch (error) {
    // The accounts capability names the taken address; the page shows it under the email field.
    if (error instanceof ValidationError && error.fieldErrors.email) throw new ValidationError({ email: { key: "units.person.errors.emailTaken" } });
    throw error;
  }
}

export async function setPersonActive(actor: Actor, userId: string, active: boolean, now = Date.now()) {
  refuseUnlessChangeable(actor, await requirePerson(actor, userId));
  if (active) await reactivateAccount(actor.id, userId, now);
  else await deactivateAccount(actor.id, userId, now);
}

/**
 * Sends a fresh invitation or password-reset link. The URL comes back only to an admin, and only when mail is not
 * configured: shown to a supervisor, a reset link would let them take over the account.
 */
export async function sendPersonLink(actor: Actor, userId: string, purpose: "invitation" | "password-reset", now = Date.now()) {
  const person = await requirePerson(actor, userId);
  refuseUnlessChangeable(actor, person);
  if (person.deactivatedAt !== null) throw new ConflictError({ key: "units.person.errors.deactivated" });
  const { url } = await sendAccountLink(actor.id, userId, purpose, now);
  return { url: actor.role === "admin" && !isMailConfigured() ? url : null };
}
