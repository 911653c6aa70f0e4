// The compliance dashboard (issue 14, ADR 0025): per unit and sub-unit in the actor's scope, how many assigned
// people are not started, in progress, completed on time or late, overdue, and where their certificates stand; the
// people behind the figures; completions over time. One function builds everything the page, its print view and
// its CSV exports show, from the same filters, so the export is exactly what is on screen.
import { liveVersionsOf } from "~/courses/progress.server";
import { localize } from "~/courses/localize";
import { profilesByIds } from "~/auth/accounts.server";
import { z } from "zod";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { IsoDate, OneOf, PageNumber } from "~/http.server";
import { DAY_MS, EXPIRING_WITHIN_DAYS, STATUSES, type Status } from "./assignment-rules";
import { activeAssignments, personAssignments, reachedPeople, type Actor, type AssignmentRow, type PersonAssignment } from "./assignments.server";
import { complianceSnapshot } from "./compliance-snapshot.server";
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

/** What the dashboard counts and lists of one person in one assignment, at one moment. */
export type Standing = {
  assignmentId: string;
  userId: string;
  status: Status;
  /** The column the person counts in besides "assigned". */
  figure: Figure;
  certificate: ReturnType<typeof certificateStanding>;
  /** The current cycle. */
  cycle: number;
  dueAt: number;
  ruleDueAt: number;
  /** The completion the status is about (the current cycle's, or the previous one while it still holds). */
  completedAt: number | null;
  validUntil: number | null;
  /** Every cycle's completion, for the chart. */
  completions: number[];
};

function standingOf(person: PersonAssignment, isWholeCourse: boolean, now: number): Standing {
  const { status, cycle, cycles } = person.status;
  const current = cycles.at(-1)!;
  // "Expiring" and "expired" people completed the cycle before: they count as completed (on time or late).
  const figure = STATUS_FIGURE[status] ?? (cycle.completion && cycle.completion.at <= cycle.dueAt ? "completedOnTime" : "completedLate");
  return {
    assignmentId: person.assignmentId,
    userId: person.userId,
    status,
    figure,
    certificate: certificateStanding(person, isWholeCourse, now),
    cycle: current.number,
    dueAt: current.dueAt,
    ruleDueAt: current.ruleDueAt,
    completedAt: cycle.completion?.at ?? null,
    validUntil: person.latest?.validUntil ?? null,
    completions: cycles.flatMap((c) => (c.completion ? [c.completion.at] : [])),
  };
}

// Counting runs over every standing of a view (155,000 for a whole service of 10,000 people): counts are kept in
// typed arrays indexed by figure, and turned into named figures once at the end.
const FIGURE_INDEX = Object.fromEntries(FIGURES.map((f, i) => [f, i])) as Record<Figure, number>;
const CERTIFICATE_INDEX = { valid: FIGURE_INDEX.certificatesValid, expiring: FIGURE_INDEX.certificatesExpiring, expired: FIGURE_INDEX.certificatesExpired } as const;
type Counts = Int32Array;
const emptyCounts = (): Counts => new Int32Array(FIGURES.length);
const figuresOf = (counts: Counts): Figures => Object.fromEntries(FIGURES.map((f, i) => [f, counts[i]])) as Figures;

function add(counts: Counts, standing: Standing) {
  counts[FIGURE_INDEX.assigned] += 1;
  counts[FIGURE_INDEX[standing.figure]] += 1;
  if (standing.certificate) counts[CERTIFICATE_INDEX[standing.certificate]] += 1;
}

// The people behind the figures, most urgent first: overdue, then by due date.
const URGENCY: Record<Status, number> = { overdue: 0, expired: 0, expiring: 1, "not-started": 2, "in-progress": 2, "completed-on-time": 3, "completed-late": 3 };
const byUrgency = (a: Standing, b: Standing) => URGENCY[a.status] - URGENCY[b.status] || a.dueAt - b.dueAt || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);

/** Standings most urgent first, and each person's, for counting a view person by person. */
type Standings = { sorted: Standing[]; byPerson: Map<string, Standing[]> };

/** The standings of the given assignments' people at `now`. */
async function standingsOf(assignmentRows: AssignmentRow[], now: number, onlyUsers?: ReadonlySet<string>): Promise<Standings> {
  const isWholeCourse = new Map(assignmentRows.map((a) => [a.id, a.moduleIds === null]));
  const reached = await reachedPeople(db, assignmentRows, { onlyUsers });
  const sorted: Standing[] = [];
  const byPerson = new Map<string, Standing[]>();
  // One course at a time, yielding between them, so that building a snapshot never holds the event loop for long.
  const byCourse = new Map<string, AssignmentRow[]>();
  for (const row of assignmentRows) byCourse.set(row.courseSlug, [...(byCourse.get(row.courseSlug) ?? []), row]);
  for (const rows of byCourse.values()) {
    for (const person of await personAssignments(db, rows, now, { onlyUsers, reached })) {
      const standing = standingOf(person, isWholeCourse.get(person.assignmentId)!, now);
      sorted.push(standing);
      const own = byPerson.get(standing.userId);
      if (own) own.push(standing);
      else byPerson.set(standing.userId, [standing]);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { sorted: sorted.sort(byUrgency), byPerson };
}

type Source = { asOf: number | null; assignmentRows: AssignmentRow[]; standings: Standings };

/**
 * The standings a view counts: computed now for a view over few people; for more than COMPLIANCE_LIVE_PEOPLE, taken
 * from this process's snapshot of everyone's (ADR 0037), with the moment it was taken. The snapshot holds everyone
 * any active assignment reaches: the view keeps its own people and course.
 */
async function standingsFor(population: ReadonlySet<string>, courseSlug: string, now: number, livePeople: number): Promise<Source> {
  if (population.size <= livePeople) {
    const assignmentRows = await activeAssignments(db, { courseSlug: courseSlug || undefined });
    return { asOf: null, assignmentRows, standings: await standingsOf(assignmentRows, now, population) };
  }
  const freshForMs = env.COMPLIANCE_SNAPSHOT_SECONDS * 1000;
  const snapshot = await complianceSnapshot(
    async (at) => {
      const assignmentRows = await activeAssignments(db);
      return { assignmentRows, standings: await standingsOf(assignmentRows, at) };
    },
    { freshForMs, staleAfterMs: 2 * freshForMs, now: () => now },
  );
  const assignmentRows = snapshot.value.assignmentRows.filter((a) => !courseSlug || a.courseSlug === courseSlug);
  return { asOf: snapshot.at, assignmentRows, standings: snapshot.value.standings };
}

const dayStart = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

export type ComplianceReport = Awaited<ReturnType<typeof complianceReport>>;

/**
 * Everything the dashboard shows for the actor and filters at `now`. A unit filter outside the scope is a 404 like
 * any unit the actor may not see. Without a unit filter the rows are the top of the actor's scope; with one, the unit
 * itself and each of its sub-units, so following a sub-unit's link drills down one level.
 */
export async function complianceReport(
  actor: Actor,
  filters: ComplianceFilters,
  locale: string,
  now = Date.now(),
  { livePeople = env.COMPLIANCE_LIVE_PEOPLE }: { livePeople?: number } = {},
) {
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

  const source = await standingsFor(population, filters.course, now, livePeople);
  const { assignmentRows } = source;
  // A snapshot's statuses are those of its moment: the date filter and the certificate figures read that moment too.
  const at = source.asOf ?? now;
  const countsOfAssignment = new Map<string, Counts>();
  const courseCounts = new Map<string, Counts>();
  for (const a of assignmentRows) {
    if (!courseCounts.has(a.courseSlug)) courseCounts.set(a.courseSlug, emptyCounts());
    countsOfAssignment.set(a.id, courseCounts.get(a.courseSlug)!);
  }
  const from = filters.from ? dayStart(filters.from) : -Infinity;
  const to = filters.to ? dayStart(filters.to) + DAY_MS : Infinity;
  const isShown = (s: Standing) =>
    countsOfAssignment.has(s.assignmentId) && (!filters.status || s.status === filters.status) && s.dueAt >= from && s.dueAt < to;

  // Completions per month, over the date filter or the last twelve months.
  const end = filters.to ? to : at;
  const start = filters.from ? from : Date.UTC(new Date(end).getUTCFullYear(), new Date(end).getUTCMonth() - 11, 1);
  const months: { month: string; completed: number }[] = [];
  const bounds: number[] = [];
  for (let d = new Date(Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth(), 1)); d.getTime() < end && months.length < 60; d.setUTCMonth(d.getUTCMonth() + 1)) {
    months.push({ month: d.toISOString().slice(0, 7), completed: 0 });
    bounds.push(d.getTime());
  }
  const chartEnd = bounds.length ? Date.UTC(new Date(bounds.at(-1)!).getUTCFullYear(), new Date(bounds.at(-1)!).getUTCMonth() + 1, 1) : -Infinity;
  const countCompletion = (completedAt: number) => {
    if (bounds.length === 0 || completedAt < bounds[0] || completedAt >= chartEnd) return;
    // The last month that begins at or before the completion, by binary search.
    let low = 0;
    let high = bounds.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (bounds[middle] <= completedAt) low = middle;
      else high = middle - 1;
    }
    months[low].completed += 1;
  };

  // Counted person by person: each row counts its whole subtree, and a person in two units of it once.
  const rowsOfUnit = new Map<string, number[]>();
  rowUnits.forEach((unit, index) => {
    for (const node of flattenTree([unit])) rowsOfUnit.set(node.id, [...(rowsOfUnit.get(node.id) ?? []), index]);
  });
  const rowCounts = rowUnits.map(() => emptyCounts());
  const rowPeople = rowUnits.map(() => 0);
  const totalCounts = emptyCounts();
  for (const [userId, unitIds] of unitsOf) {
    const own = source.standings.byPerson.get(userId);
    if (!own) continue;
    const rows = unitIds.length === 1 ? (rowsOfUnit.get(unitIds[0]) ?? []) : [...new Set(unitIds.flatMap((id) => rowsOfUnit.get(id) ?? []))];
    let isCounted = false;
    for (const s of own) {
      if (!isShown(s)) continue;
      isCounted = true;
      for (const index of rows) add(rowCounts[index], s);
      add(countsOfAssignment.get(s.assignmentId)!, s);
      add(totalCounts, s);
      for (const completedAt of s.completions) countCompletion(completedAt);
    }
    if (isCounted) for (const index of rows) rowPeople[index] += 1;
  }
  const total = figuresOf(totalCounts);
  // The people behind the figures, most urgent first; a page only reads as far as its last row.
  const isListed = (s: Standing) => population.has(s.userId) && isShown(s);
  const listed = (first: number, limit: number) => {
    const found: Standing[] = [];
    let seen = 0;
    for (const s of source.standings.sorted) {
      if (found.length >= limit) break;
      if (!isListed(s)) continue;
      if (seen++ >= first) found.push(s);
    }
    return found;
  };
  const unitRows = rowUnits.map((unit, index) => ({
    id: unit.id,
    name: unit.name,
    path: unit.path,
    hasChildren: unit.children.length > 0,
    isSelected: unit === selected,
    people: rowPeople[index],
    figures: figuresOf(rowCounts[index]),
  }));

  const slugs = [...new Set(assignmentRows.map((a) => a.courseSlug))];
  const live = await liveVersionsOf(db, slugs);
  const titleOf = (slug: string) => {
    const version = live.get(slug);
    return version ? localize(version.meta.title, locale, version.meta.defaultLanguage) : slug;
  };
  const courseRows = [...courseCounts]
    .filter(([, counts]) => counts[FIGURE_INDEX.assigned] > 0)
    .map(([slug, counts]) => ({ slug, title: titleOf(slug), figures: figuresOf(counts) }))
    .sort((a, b) => a.title.localeCompare(b.title, locale));

  const pageCount = Math.max(1, Math.ceil(total.assigned / PEOPLE_PAGE_SIZE));
  const page = Math.min(Math.max(1, filters.page), pageCount);
  const unitPath = new Map(everyUnit.map((u) => [u.id, u.path]));
  const byId = new Map(assignmentRows.map((a) => [a.id, a]));
  const personRows = async (list: Standing[]) => {
    const profiles = await profilesByIds(list.map((s) => s.userId));
    return list.map((s) => {
      const assignment = byId.get(s.assignmentId)!;
      const profile = profiles.get(s.userId);
      return {
        assignmentId: s.assignmentId,
        userId: s.userId,
        fullName: profile?.fullName ?? "",
        email: profile?.email ?? "",
        units: (unitsOf.get(s.userId) ?? []).map((id) => unitPath.get(id) ?? "").sort(),
        courseSlug: assignment.courseSlug,
        courseTitle: titleOf(assignment.courseSlug),
        modules: assignment.moduleIds,
        status: s.status,
        cycle: s.cycle,
        dueAt: s.dueAt,
        isExtended: s.dueAt !== s.ruleDueAt,
        completedAt: s.completedAt,
        certificate: s.certificate,
        validUntil: s.validUntil,
      };
    });
  };
  return {
    scopeIsEmpty: tops.length === 0,
    /** When the figures come from a snapshot, its moment; null when they were computed for this request. */
    asOf: source.asOf,
    selected: selected ? { id: selected.id, name: selected.name, path: selected.path, parentId: selected.parentId } : null,
    unitRows,
    courseRows,
    total,
    months,
    people: { rows: await personRows(listed((page - 1) * PEOPLE_PAGE_SIZE, PEOPLE_PAGE_SIZE)), total: total.assigned, page, pageCount },
    /** For the people export: every row, not one page. */
    allPeople: () => personRows(listed(0, Infinity)),
    units: everyUnit.map((u) => ({ id: u.id, path: u.path })),
    courses: slugs.map((slug) => ({ slug, title: titleOf(slug) })).sort((a, b) => a.title.localeCompare(b.title, locale)),
  };
}

export const STATUS_VALUES = STATUSES;
