// The compliance dashboard (issue 14, ADR 0025): per unit and sub-unit in the actor's scope, how many assigned
// people are not started, in progress, completed on time or late, overdue, and where their certificates stand; the
// people behind the figures; completions over time. One function builds everything the page, its print view and
// its CSV exports show, from the same filters, so the export is exactly what is on screen.
import { liveVersionsOf } from "~/courses/progress.server";
import { localize } from "~/courses/localize";
import { profilesByIds } from "~/auth/accounts.server";
import { z } from "zod";
import { db } from "~/db.server";
import { IsoDate, OneOf, PageNumber } from "~/http.server";
import { DAY_MS, EXPIRING_WITHIN_DAYS, STATUSES, type Status } from "./assignment-rules";
import { activeAssignments, personAssignments, reachedPeople, type Actor, type PersonAssignment } from "./assignments.server";
import { FIGURES, type Figure, type Figures } from "./figures";
import { flattenTree } from "./tree";
import { membersOf, requireUnitInScope, scopeOf, unitsSupervisedBy, unitTree, type UnitTreeNode } from "./units.server";

export const PEOPLE_PAGE_SIZE = 50;

/** The dashboard's filters as a GET query (the page, its links and the exports share it); bad values mean no filter. */
const Filter = z.string().max(64).regex(/^[\w-]*$/).catch("");
export const ComplianceQuery = z.object({
  unit: Filter,
  course: Filter,
  status: OneOf(STATUSES).transform((s) => s ?? ""),
  from: IsoDate,
  to: IsoDate,
  page: PageNumber,
});


export type ComplianceFilters = {
  unit: string;
  course: string;
  status: Status | "";
  /** ISO dates (YYYY-MM-DD), inclusive, on the current cycle's due date; "" for no bound. */
  from: string;
  to: string;
  page: number;
};

export { FIGURES, type Figure, type Figures };

const emptyFigures = (): Figures => Object.fromEntries(FIGURES.map((f) => [f, 0])) as Figures;

const STATUS_FIGURE: Partial<Record<Status, Figure>> = {
  "not-started": "notStarted",
  "in-progress": "inProgress",
  "completed-on-time": "completedOnTime",
  "completed-late": "completedLate",
  overdue: "overdue",
};

/** Where the certificate of the person's latest completion stands; null without a certificate (modules only). */
export function certificateStanding(person: Pick<PersonAssignment, "latest">, isWholeCourse: boolean, now: number) {
  if (!isWholeCourse || !person.latest) return null;
  const until = person.latest.validUntil;
  if (until === null || until - now > EXPIRING_WITHIN_DAYS * DAY_MS) return now < (until ?? Infinity) ? "valid" : "expired";
  return now >= until ? "expired" : "expiring";
}

function add(figures: Figures, person: PersonAssignment, isWholeCourse: boolean, now: number) {
  figures.assigned += 1;
  const figure = STATUS_FIGURE[person.status.status];
  if (figure) figures[figure] += 1;
  // "Expiring" and "expired" people completed the cycle before: they count as completed (on time or late).
  if (!figure) figures[person.status.cycle.completion && person.status.cycle.completion.at <= person.status.cycle.dueAt ? "completedOnTime" : "completedLate"] += 1;
  const certificate = certificateStanding(person, isWholeCourse, now);
  if (certificate === "valid") figures.certificatesValid += 1;
  if (certificate === "expiring") figures.certificatesExpiring += 1;
  if (certificate === "expired") figures.certificatesExpired += 1;
}

const dayStart = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

export type ComplianceReport = Awaited<ReturnType<typeof complianceReport>>;

/**
 * Everything the dashboard shows for the actor and filters at `now`. A unit filter outside the scope is a 404 like
 * any unit the actor may not see. Without a unit filter the rows are the top of the actor's scope; with one, the unit
 * itself and each of its sub-units, so following a sub-unit's link drills down one level.
 */
export async function complianceReport(actor: Actor, filters: ComplianceFilters, locale: string, now = Date.now()) {
  const scope = await scopeOf(db, actor);
  let selected: UnitTreeNode | null = null;
  let tops: UnitTreeNode[];
  if (filters.unit) {
    await requireUnitInScope(db, actor, filters.unit);
    [selected] = await unitTree(db, [filters.unit]);
    tops = selected ? [selected] : [];
  } else if (scope === "all") {
    tops = await unitTree(db, "all");
  } else {
    const supervised = (await unitsSupervisedBy(db, actor.id)).map((u) => u.id);
    tops = await unitTree(db, supervised);
  }
  // Rows: the selected unit and its sub-units, or the tops of the scope; each counts its whole subtree.
  const rowUnits = selected ? [selected, ...selected.children] : tops;
  const everyUnit = flattenTree(tops);
  const members = await membersOf(db, everyUnit.map((u) => u.id));
  const unitsOf = new Map<string, string[]>();
  for (const m of members) unitsOf.set(m.userId, [...(unitsOf.get(m.userId) ?? []), m.unitId]);
  const population = new Set(unitsOf.keys());

  const assignmentRows = await activeAssignments(db, { courseSlug: filters.course || undefined });
  const reached = await reachedPeople(db, assignmentRows);
  const people = (await personAssignments(db, assignmentRows, now, { onlyUsers: population, reached })).filter((p) => {
    const dueAt = p.status.cycles.at(-1)!.dueAt;
    if (filters.status && p.status.status !== filters.status) return false;
    if (filters.from && dueAt < dayStart(filters.from)) return false;
    if (filters.to && dueAt >= dayStart(filters.to) + DAY_MS) return false;
    return true;
  });
  const byId = new Map(assignmentRows.map((a) => [a.id, a]));
  const isWholeCourse = (p: PersonAssignment) => byId.get(p.assignmentId)!.moduleIds === null;

  const subtreeOf = new Map(rowUnits.map((u) => [u.id, new Set(flattenTree([u]).map((n) => n.id))]));
  const unitRows = rowUnits.map((unit) => {
    const subtree = subtreeOf.get(unit.id)!;
    const figures = emptyFigures();
    const persons = new Set<string>();
    for (const p of people) {
      if (!unitsOf.get(p.userId)!.some((id) => subtree.has(id))) continue;
      add(figures, p, isWholeCourse(p), now);
      persons.add(p.userId);
    }
    return { id: unit.id, name: unit.name, path: unit.path, hasChildren: unit.children.length > 0, isSelected: unit === selected, people: persons.size, figures };
  });

  const slugs = [...new Set(assignmentRows.map((a) => a.courseSlug))];
  const live = await liveVersionsOf(db, slugs);
  const titleOf = (slug: string) => {
    const version = live.get(slug);
    return version ? localize(version.meta.title, locale, version.meta.defaultLanguage) : slug;
  };
  const courseRows = slugs
    .map((slug) => {
      const figures = emptyFigures();
      for (const p of people) if (byId.get(p.assignmentId)!.courseSlug === slug) add(figures, p, isWholeCourse(p), now);
      return { slug, title: titleOf(slug), figures };
    })
    .filter((c) => c.figures.assigned > 0)
    .sort((a, b) => a.title.localeCompare(b.title, locale));

  const total = emptyFigures();
  for (const p of people) add(total, p, isWholeCourse(p), now);

  // Completions per month, over the date filter or the last twelve months.
  const completions = people.flatMap((p) => p.status.cycles.flatMap((c) => (c.completion ? [c.completion.at] : [])));
  const end = filters.to ? dayStart(filters.to) + DAY_MS : now;
  const start = filters.from ? dayStart(filters.from) : Date.UTC(new Date(end).getUTCFullYear(), new Date(end).getUTCMonth() - 11, 1);
  const months: { month: string; completed: number }[] = [];
  for (let d = new Date(Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth(), 1)); d.getTime() < end && months.length < 60; d.setUTCMonth(d.getUTCMonth() + 1)) {
    const from = d.getTime();
    const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    months.push({ month: d.toISOString().slice(0, 7), completed: completions.filter((at) => at >= from && at < to).length });
  }

  // The people behind the figures, most urgent first: overdue, then by due date.
  const order = (s: Status) => (s === "overdue" || s === "expired" ? 0 : s === "expiring" ? 1 : s === "not-started" || s === "in-progress" ? 2 : 3);
  const sorted = [...people].sort(
    (a, b) => order(a.status.status) - order(b.status.status) || a.status.cycles.at(-1)!.dueAt - b.status.cycles.at(-1)!.dueAt || a.userId.localeCompare(b.userId),
  );
  const pageCount = Math.max(1, Math.ceil(sorted.length / PEOPLE_PAGE_SIZE));
  const page = Math.min(Math.max(1, filters.page), pageCount);
  const unitPath = new Map(everyUnit.map((u) => [u.id, u.path]));
  const personRows = async (list: PersonAssignment[]) => {
    const profiles = await profilesByIds(list.map((p) => p.userId));
    return list.map((p) => {
      const assignment = byId.get(p.assignmentId)!;
      const profile = profiles.get(p.userId);
      const current = p.status.cycles.at(-1)!;
      return {
        assignmentId: p.assignmentId,
        userId: p.userId,
        fullName: profile?.fullName ?? "",
        email: profile?.email ?? "",
        units: (unitsOf.get(p.userId) ?? []).map((id) => unitPath.get(id) ?? "").sort(),
        courseSlug: assignment.courseSlug,
        courseTitle: titleOf(assignment.courseSlug),
        modules: assignment.moduleIds,
        status: p.status.status,
        cycle: current.number,
        dueAt: current.dueAt,
        isExtended: current.dueAt !== current.ruleDueAt,
        completedAt: p.status.cycle.completion?.at ?? null,
        certificate: certificateStanding(p, assignment.moduleIds === null, now),
        validUntil: p.latest?.validUntil ?? null,
      };
    });
  };
  return {
    scopeIsEmpty: tops.length === 0,
    selected: selected ? { id: selected.id, name: selected.name, path: selected.path, parentId: selected.parentId } : null,
    unitRows,
    courseRows,
    total,
    months,
    people: { rows: await personRows(sorted.slice((page - 1) * PEOPLE_PAGE_SIZE, page * PEOPLE_PAGE_SIZE)), total: sorted.length, page, pageCount },
    /** For the people export: every row, not one page. */
    allPeople: () => personRows(sorted),
    units: everyUnit.map((u) => ({ id: u.id, path: u.path })),
    courses: slugs.map((slug) => ({ slug, title: titleOf(slug) })).sort((a, b) => a.title.localeCompare(b.title, locale)),
  };
}

export const STATUS_VALUES = STATUSES;
