// The admins' unit screens (/admin/units): each change in one transaction with its audit record. The tree logic
// lives in units.server.ts; this module adds what the screens name by address (supervisors, members).
import { z } from "zod";
import { accountsByEmail, accountsByIds } from "~/auth/people.server";
import { transaction } from "~/db.server";
import { ValidationError } from "~/errors";
import {
  addMembers,
  addSupervisor,
  listMembershipRequests,
  membersPage,
  requireUnitInScope,
  settleMembershipRequest,
  supervisorsOf,
  type Actor,
} from "./units.server";
import { splitAddresses } from "./forms";
import { supervisionTransaction } from "./compliance-snapshot.server";

const Email = z.string().email().max(254);

export async function giveUnitToSupervisor(actor: Actor, unitId: string, email: string, now = Date.now()) {
  return supervisionTransaction(async (tx) => {
    await requireUnitInScope(tx, actor, unitId);
    const account = (await accountsByEmail(tx, [email])).get(email);
    if (!account) throw new ValidationError({ email: { key: "units.errors.noAccount" } });
    // Scope follows unit_supervisors whatever the role, but only supervisors (and admins, who see all anyway) reach
    // the supervision screens: giving a unit to a learner would do nothing visible.
    if (account.role !== "supervisor") throw new ValidationError({ email: { key: "units.errors.notSupervisor" } });
    return { added: await addSupervisor(tx, actor.id, unitId, account.id, now), fullName: account.fullName };
  });
}

/** Adds the accounts of the listed addresses; refuses the whole list when one address is malformed or unknown. */
export async function addMembersByEmail(actor: Actor, unitId: string, text: string, now = Date.now()) {
  const emails = splitAddresses(text);
  if (emails.length > 1000) throw new ValidationError({ emails: { key: "units.errors.emails.tooMany" } });
  const malformed = emails.filter((e) => !Email.safeParse(e).success);
  if (malformed.length > 0) {
    throw new ValidationError({ emails: { key: "units.errors.emails.invalid", values: { emails: malformed.slice(0, 10).join(", ") } } });
  }
  return supervisionTransaction(async (tx) => {
    await requireUnitInScope(tx, actor, unitId);
    const accounts = await accountsByEmail(tx, emails);
    const unknown = emails.filter((e) => !accounts.has(e));
    if (unknown.length > 0) {
      throw new ValidationError({ emails: { key: "units.errors.emails.unknown", values: { emails: unknown.slice(0, 10).join(", ") } } });
    }
    const added = await addMembers(tx, actor.id, unitId, [...accounts.values()].map((a) => a.id), now);
    return { added: added.length, already: emails.length - added.length };
  });
}

export const MEMBERS_PAGE_SIZE = 50;

/** What the unit page shows about its people: supervisors and one page of direct members, with names. */
export async function unitPeople(unitId: string, page: number) {
  const supervisors = await supervisorsOf(undefined, unitId);
  const members = await membersPage(undefined, unitId, { page, pageSize: MEMBERS_PAGE_SIZE });
  const accounts = await accountsByIds(undefined, [...supervisors.map((s) => s.userId), ...members.rows.map((m) => m.userId)]);
  const named = <T extends { userId: string }>(rows: T[]) =>
    rows.map((r) => ({ ...r, fullName: accounts.get(r.userId)?.fullName ?? "", email: accounts.get(r.userId)?.email ?? "" }));
  return { supervisors: named(supervisors), members: { ...members, rows: named(members.rows) } };
}

export async function membershipRequestsWithNames() {
  const requests = await listMembershipRequests(undefined);
  const accounts = await accountsByIds(undefined, requests.flatMap((r) => [r.userId, ...(r.requestedBy ? [r.requestedBy] : [])]));
  return requests.map((r) => ({
    ...r,
    person: accounts.get(r.userId)?.fullName ?? "",
    email: accounts.get(r.userId)?.email ?? "",
    requestedByName: r.requestedBy ? (accounts.get(r.requestedBy)?.fullName ?? "") : "",
  }));
}

export async function settleRequest(actor: Actor, unitId: string, userId: string, approve: boolean, now = Date.now()) {
  await supervisionTransaction((tx) => settleMembershipRequest(tx, actor.id, unitId, userId, approve, now));
}
