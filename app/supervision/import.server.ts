// Bulk onboarding (ADR 0024): a checked people file becomes accounts, invitations and unit memberships in ONE
// transaction, so a file is imported whole or not at all. Importing the same file again changes nothing.
//
// Account enumeration: a supervisor must not learn whether an address outside their units has an account. An
// address whose account is not in any of the supervisor's units is answered exactly as a new address would be
// ("created" the first time, "already present" after), the account is NOT attached to the unit, and a membership
// request is left for an admin (/admin/units). Admins see and attach every account.
import { createInvitedAccounts } from "~/auth/account-admin.server";
import { issueAccountLinks } from "~/auth/account-links.server";
import { accountsByEmail } from "~/auth/people.server";
import { recordAudit } from "~/audit.server";
import { transaction } from "~/db.server";
import { env } from "~/env.server";
import { NotFoundError } from "~/errors";
import { randomId } from "~/ids.server";
import { checkImport, type ImportProblem, type ImportRow } from "./import";
import { splitUnitPath } from "./tree";
import { addMembers, allUnits, membersOf, pathsOf, requestMembership, scopeOf, type Actor, type Scope } from "./units.server";
import { supervisionTransaction } from "./compliance-snapshot.server";

/**
 * Whether outgoing mail is configured. Until it is, invitation links reach people only through the importer, so
 * they are shown (to admins: see `linksShown`).
 */
export function isMailConfigured(): boolean {
  return env.SMTP_URL !== undefined;
}

export type ImportOutcome = {
  /** Rows that became a new account (for a supervisor, also rows answered as new: see the module comment). */
  created: number;
  /** Rows whose existing account joined the unit. */
  added: number;
  /** Rows already in place: nothing changed. */
  already: number;
  /** Invitation links, when mail is not configured and the importer is an admin; otherwise null. */
  links: { email: string; fullName: string; url: string }[] | null;
};

export type ImportResult = { ok: true; outcome: ImportOutcome } | { ok: false; problems: ImportProblem[] };

async function unitsFor(scope: Scope) {
  if (scope === "all") return allUnits(undefined);
  const paths = await pathsOf(undefined, [...scope]);
  return [...paths].map(([id, path]) => ({ id, path }));
}

export async function importPeople(actor: Actor, text: string, now = Date.now()): Promise<ImportResult> {
  const scope = await scopeOf(undefined, actor);
  const units = await unitsFor(scope);
  const { rows, problems } = checkImport(text, { units, restricted: scope !== "all" });
  if (problems.length > 0) return { ok: false, problems };
  const organisationOf = new Map(units.map((u) => [u.id, splitUnitPath(u.path)[0] ?? u.path]));

  const outcome = await supervisionTransaction(async (tx) => {
    // The scope again, inside the transaction: a unit taken away since the check refuses the whole file.
    const current = await scopeOf(tx, actor);
    if (current !== "all" && rows.some((r) => !current.has(r.unitId))) throw new NotFoundError();

    const existing = await accountsByEmail(tx, rows.map((r) => r.email));
    // The accounts this importer may see: for a supervisor, those already in one of their units.
    const visible = current === "all" ? null : new Set((await membersOf(tx, [...current])).map((m) => m.userId));

    const fresh = rows.filter((r) => !existing.has(r.email));
    const made = await createInvitedAccounts(
      tx,
      fresh.map((r) => ({ email: r.email, fullName: r.fullName, profile: r.profile, preferredLanguage: r.language, organisation: organisationOf.get(r.unitId) ?? "" })),
      now,
    );

    type Plan = { row: ImportRow; userId: string; kind: "new" | "visible" | "hidden" };
    const plans: Plan[] = rows.map((row) => {
      const account = existing.get(row.email);
      const createdNow = made.get(row.email);
      if (createdNow?.created) return { row, userId: createdNow.userId, kind: "new" };
      // An account that existed before (or was registered between the check and now).
      const userId = account?.id ?? createdNow!.userId;
      return { row, userId, kind: visible === null || visible.has(userId) ? "visible" : "hidden" };
    });

    // Memberships, one batch per unit.
    const joining = new Map<string, string[]>();
    for (const p of plans) if (p.kind !== "hidden") joining.set(p.row.unitId, [...(joining.get(p.row.unitId) ?? []), p.userId]);
    const joined = new Set<string>();
    for (const [unitId, userIds] of joining) {
      for (const userId of await addMembers(tx, actor.id, unitId, userIds, now)) joined.add(`${unitId} ${userId}`);
    }

    let created = 0;
    let added = 0;
    let already = 0;
    let requested = 0;
    for (const p of plans) {
      if (p.kind === "new") created++;
      else if (p.kind === "visible") joined.has(`${p.row.unitId} ${p.userId}`) ? added++ : already++;
      else if (await requestMembership(tx, actor.id, p.row.unitId, p.userId, now)) {
        requested++;
        created++;
      } else already++;
    }

    const newIds = plans.filter((p) => p.kind === "new").map((p) => p.userId);
    const urls = await issueAccountLinks(tx, newIds, "invitation", now);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "unit.people-imported",
      subject: randomId(),
      details: { rows: rows.length, created: newIds.length, added, already, requested, units: [...new Set(rows.map((r) => r.unitId))].slice(0, 50) },
      at: now,
    });
    const showLinks = actor.role === "admin" && !isMailConfigured();
    const links = showLinks
      ? plans.filter((p) => p.kind === "new").map((p) => ({ email: p.row.email, fullName: p.row.fullName, url: urls.get(p.userId) ?? "" }))
      : null;
    return { created, added, already, links };
  });
  return { ok: true, outcome };
}
