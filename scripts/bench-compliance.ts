// npm run bench, BENCH_ONLY=compliance: the compliance dashboard (issue 14, Performance) for a unit tree of
// BENCH_COMPLIANCE_USERS people (default 10,000: 1 national unit → 5 regions → 50 crossing points) and 20
// assignments with realistic progress: the top-level view as the national supervisor, drill-downs (a region, a
// crossing point's people, a course filter) and the CSV exports (time and size).
//
// Everything is written straight into the bench server's database in one transaction (as bench-crowd.ts does):
// creating 10,000 accounts and their progress through the forms would measure argon2 and the quiz engine, not the
// dashboard. Requests are sequential (one supervisor waiting for a page), at least 5 per scenario and as many as fit
// in BENCH_SECONDS; p50/p95/p99 are over those.
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import type { BenchContext, Figures } from "./bench";

const USERS = Number(process.env.BENCH_COMPLIANCE_USERS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const DAY = 24 * 60 * 60 * 1000;
const REGIONS = 5;
const POSTS_PER_REGION = 10;

const randomId = () => randomBytes(15).toString("base64url");

// A small deterministic generator, so two runs seed the same organisation.
let state = 7;
const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];

type Row = Record<string, string | number | null>;
type Tables = Record<string, Row[]>;

export type ComplianceSeed = { supervisorEmail: string; password: string; nationalId: string; regionIds: string[]; postIds: string[]; courseSlug: string; tables: Tables };

/** The organisation, its people, its assignments and their progress, as rows per table. */
function organisation(now: number, courses: { slug: string; moduleId: string; lessonId: string }[], passwordHash: string): ComplianceSeed {
  const tag = now.toString(36);
  const tables: Tables = { users: [], org_units: [], org_unit_closure: [], unit_members: [], unit_supervisors: [], assignments: [], enrolments: [], lesson_completions: [], certificates: [] };
  const unit = (name: string, parentId: string | null, ancestors: string[]) => {
    const id = randomId();
    tables.org_units.push({ id, parent_id: parentId, name, created_at: now - 800 * DAY });
    [id, ...ancestors].forEach((ancestor, depth) => tables.org_unit_closure.push({ ancestor_id: ancestor, unit_id: id, depth }));
    return id;
  };
  const nationalId = unit(`Bench Border Guard ${tag}`, null, []);
  const regionIds: string[] = [];
  const postIds: string[] = [];
  const regionOf = new Map<string, string>();
  for (let r = 0; r < REGIONS; r++) {
    const region = unit(`Region ${r + 1}`, nationalId, [nationalId]);
    regionIds.push(region);
    for (let p = 0; p < POSTS_PER_REGION; p++) {
      const post = unit(`Crossing Point ${r + 1}.${p + 1}`, region, [region, nationalId]);
      postIds.push(post);
      regionOf.set(post, region);
    }
  }
  const supervisorId = randomId();
  const supervisorEmail = `bench.national.${tag}@example.org`;
  tables.users.push({ id: supervisorId, email: supervisorEmail, full_name: "National Supervisor", password_hash: passwordHash, preferred_language: "en", profile: "iom-staff", organisation: "Bench", role: "supervisor", created_at: now - 900 * DAY });
  tables.unit_supervisors.push({ unit_id: nationalId, user_id: supervisorId, given_at: now - 900 * DAY });

  // People, each in one crossing point; one in fifty also in a second one.
  const people: { id: string; units: { unitId: string; joinedAt: number }[] }[] = [];
  for (let n = 0; n < USERS; n++) {
    const id = randomId();
    tables.users.push({ id, email: `bench.officer.${tag}.${n}@example.org`, full_name: `Officer ${n} Ñúñez-Łukasz`, password_hash: null, preferred_language: pick(["en", "fr", "es"]), profile: "border-official", organisation: "Bench", role: "learner", created_at: now - 900 * DAY });
    const units = [{ unitId: postIds[n % postIds.length], joinedAt: now - Math.floor(random() * 700) * DAY }];
    if (n % 50 === 0) units.push({ unitId: postIds[(n * 7 + 3) % postIds.length], joinedAt: now - Math.floor(random() * 100) * DAY });
    for (const u of units) tables.unit_members.push({ unit_id: u.unitId, user_id: id, joined_at: u.joinedAt });
    people.push({ id, units });
  }

  // 20 assignments: most to the whole service, some to a region or a crossing point, one to a list of people; due
  // dates past and future, fixed or relative; some recurring; two of some modules only.
  type Plan = { target: { unit: string } | { users: string[] }; course: number; due: [string, number]; recurrence: [string, number | null]; modules?: boolean; createdAgo: number };
  const plans: Plan[] = [];
  for (let i = 0; i < 20; i++) {
    const target = i < 15 ? { unit: nationalId } : i < 17 ? { unit: regionIds[i - 15] } : i < 19 ? { unit: postIds[i] } : { users: people.slice(0, 200).map((p) => p.id) };
    const due: [string, number] = [["date", now - 30 * DAY], ["date", now + 30 * DAY], ["after-joining", 90], ["after-assigned", 60]][i % 4] as [string, number];
    const recurrence: [string, number | null] = i % 5 === 1 ? ["months", 12] : i % 7 === 3 ? ["certificate-expiry", null] : ["none", null];
    plans.push({ target, course: i % courses.length, due, recurrence: i === 4 || i === 11 ? ["none", null] : recurrence, modules: i === 4 || i === 11, createdAgo: 20 + ((i * 37) % 300) });
  }
  const membersUnder = (unitId: string) => {
    const subtree = new Set(tables.org_unit_closure.filter((c) => c.ancestor_id === unitId).map((c) => c.unit_id as string));
    const reached = new Map<string, number>();
    for (const p of people) for (const u of p.units) if (subtree.has(u.unitId)) reached.set(p.id, Math.min(reached.get(p.id) ?? Infinity, u.joinedAt));
    return reached;
  };
  const enrolled = new Set<string>();
  for (const plan of plans) {
    const course = courses[plan.course];
    const createdAt = now - plan.createdAgo * DAY;
    const base = {
      course_slug: course.slug,
      module_ids: plan.modules ? JSON.stringify([course.moduleId]) : null,
      due_kind: plan.due[0],
      due_at: plan.due[0] === "date" ? plan.due[1] : null,
      due_days: plan.due[0] === "date" ? null : plan.due[1],
      recurrence_kind: plan.recurrence[0],
      recurrence_months: plan.recurrence[1],
      created_by: supervisorId,
      created_at: createdAt,
      cancelled_at: null,
      cancelled_by: null,
      cancellation_reason: null,
    };
    let reached: string[];
    if ("unit" in plan.target) {
      tables.assignments.push({ id: randomId(), ...base, target_user_id: null, target_unit_id: plan.target.unit });
      reached = [...membersUnder(plan.target.unit).keys()];
    } else {
      for (const userId of plan.target.users) tables.assignments.push({ id: randomId(), ...base, target_user_id: userId, target_unit_id: null });
      reached = plan.target.users;
    }
    for (const userId of reached) {
      const key = `${userId}/${course.slug}`;
      if (enrolled.has(key)) continue;
      enrolled.add(key);
      const enrolledAt = createdAt + Math.floor(random() * 5) * DAY;
      // Progress: 40 % completed (some before their due date, some after, some long ago), 25 % started, the rest idle.
      const r = random();
      let completedAt: number | null = null;
      if (r < 0.4) completedAt = Math.min(now - DAY, enrolledAt + Math.floor(random() * 120) * DAY);
      tables.enrolments.push({ id: randomId(), user_id: userId, course_slug: course.slug, enrolled_at: enrolledAt, assigned_by: supervisorId, last_lesson_id: null, last_activity_at: completedAt ?? enrolledAt, completed_at: completedAt });
      if (r < 0.65) tables.lesson_completions.push({ user_id: userId, course_slug: course.slug, lesson_id: course.lessonId, completed_at: Math.min(now - DAY, enrolledAt + DAY) });
      if (completedAt !== null) {
        // Certificates valid for a year: those completed 10–12 months ago are expiring, older ones expired; one in
        // five of the expired was renewed.
        const certificate = (at: number) => {
          const validUntil = at + 365 * DAY;
          tables.certificates.push({ id: randomId(), user_id: userId, holder_name: "Officer", course_slug: course.slug, course_title: course.slug, course_version: "bench", completed_at: at, issued_at: at, valid_until: validUntil, average_percent: 90, issuer_name: "Bench", signatory: "Bench", hours: 2, credits: null, status_list_index: 1_000_000 + tables.certificates.length, renews_certificate_id: null, signed_credential: null, revoked_at: null, revocation_reason: null, revoked_by: null });
        };
        certificate(completedAt);
        if (now - completedAt > 365 * DAY && random() < 0.2) certificate(now - Math.floor(random() * 200) * DAY);
      }
    }
  }
  return { supervisorEmail, password: "", nationalId, regionIds, postIds, courseSlug: courses[0].slug, tables };
}

/** Writes the organisation into `database` (a SQLite file or a postgres:// URL); also used to profile the dashboard in-process. */
export async function seedCompliance(database: string, now: number) {
  const courseSql =
    "select c.slug as slug, m.module_id as module_id, (select l.lesson_id from lessons l where l.version_id = c.live_version_id and l.module_id = m.module_id order by l.position limit 1) as lesson_id " +
    "from courses c join course_modules m on m.version_id = c.live_version_id and m.position = (select min(m2.position) from course_modules m2 where m2.version_id = c.live_version_id) where c.live_version_id is not null order by c.slug";
  const supervisorSql = "select password_hash from users where email = 'supervisor@example.org'";
  const insertAll = async (run: (table: string, columns: string[], rows: Row[]) => Promise<void>, tables: Tables) => {
    for (const [table, rows] of Object.entries(tables)) if (rows.length) await run(table, Object.keys(rows[0]), rows);
  };
  if (database.startsWith("postgres")) {
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    try {
      const courses = (await client.query(courseSql)).rows.map((r) => ({ slug: r.slug, moduleId: r.module_id, lessonId: r.lesson_id }));
      const hash = (await client.query(supervisorSql)).rows[0].password_hash;
      const result = organisation(now, courses, hash);
      await client.query("BEGIN");
      await insertAll(async (table, columns, rows) => {
        // Multi-row INSERTs under PostgreSQL's 65,535-parameter limit.
        const per = Math.floor(60_000 / columns.length);
        for (let i = 0; i < rows.length; i += per) {
          const part = rows.slice(i, i + per);
          const values = part.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(", ")})`).join(", ");
          await client.query(`insert into ${table} (${columns.join(", ")}) values ${values}`, part.flatMap((row) => columns.map((c) => row[c])));
        }
      }, result.tables);
      await client.query("COMMIT");
      await client.query("ANALYZE");
      return result;
    } finally {
      await client.end();
    }
  }
  const sqlite = new Database(database, { fileMustExist: true });
  sqlite.pragma("busy_timeout = 10000");
  try {
    const courses = (sqlite.prepare(courseSql).all() as { slug: string; module_id: string; lesson_id: string }[]).map((r) => ({ slug: r.slug, moduleId: r.module_id, lessonId: r.lesson_id }));
    const { password_hash: hash } = sqlite.prepare(supervisorSql).get() as { password_hash: string };
    const result = organisation(now, courses, hash);
    sqlite.exec("BEGIN IMMEDIATE");
    await insertAll(async (table, columns, rows) => {
      const insert = sqlite.prepare(`insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`);
      for (const row of rows) insert.run(...columns.map((c) => row[c]));
    }, result.tables);
    sqlite.exec("COMMIT");
    sqlite.exec("ANALYZE");
    return result;
  } finally {
    sqlite.close();
  }
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Sequential GETs for BENCH_SECONDS (at least 5, at most 500): latency percentiles and the size of the answer. */
async function timed(name: string, url: string, cookie: string): Promise<Figures & { p95: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let bytes = 0;
  const began = performance.now();
  while (latencies.length + errors + non2xx < 5 || (performance.now() - began < SECONDS * 1000 && latencies.length + errors + non2xx < 500)) {
    const sent = performance.now();
    try {
      const response = await fetch(url, { headers: { Cookie: cookie } });
      const body = await response.arrayBuffer();
      if (response.ok) {
        latencies.push(performance.now() - sent);
        bytes = body.byteLength;
      } else {
        non2xx++;
        console.error(`${name}: ${response.status}`);
      }
    } catch (error) {
      errors++;
      console.error(`${name}: ${String(error)}`);
    }
  }
  latencies.sort((a, b) => a - b);
  const seconds = (performance.now() - began) / 1000;
  return {
    name: `${name} (${(bytes / 1000).toFixed(0)} kB)`,
    connections: 1,
    rps: Number((latencies.length / seconds).toFixed(1)),
    p50: Math.round(percentile(latencies, 50)),
    p95: Math.round(percentile(latencies, 95)),
    p99: Math.round(percentile(latencies, 99)),
    errors,
    non2xx,
    requests: latencies.length + errors + non2xx,
  };
}

export async function benchCompliance(context: BenchContext) {
  const { base, login, database } = context;
  const started = performance.now();
  const org = await seedCompliance(database, Date.now());
  const counts = Object.entries(org.tables).map(([table, rows]) => `${rows.length} ${table}`).join(", ");
  console.log(`compliance: seeded ${counts} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const cookie = await login(base, org.supervisorEmail, "supervisor-demo-passphrase");
  const scenarios: [string, string][] = [
    [`compliance: top-level /supervise, ${USERS} people × 20 assignments`, "/supervise"],
    ["compliance: drill-down to a region", `/supervise?unit=${org.regionIds[0]}`],
    ["compliance: drill-down to a crossing point (its people, page 2)", `/supervise?unit=${org.postIds[0]}&page=2`],
    ["compliance: top-level filtered by one course", `/supervise?course=${org.courseSlug}`],
    ["compliance: top-level overdue people, page 3", "/supervise?status=overdue&page=3"],
    ["compliance: CSV export of the top-level units", "/supervise/export?table=units"],
    ["compliance: CSV export of a region's people", `/supervise/export?table=people&unit=${org.regionIds[0]}`],
    ["compliance: CSV export of every person (top-level)", "/supervise/export?table=people"],
  ];
  const figures: Figures[] = [];
  for (const [name, pathname] of scenarios) {
    const result = await timed(name, `${base}${pathname}`, cookie);
    console.log(`${result.name}: p50 ${result.p50} ms, p95 ${result.p95} ms, p99 ${result.p99} ms over ${result.requests} requests`);
    figures.push(result);
  }
  return figures;
}
