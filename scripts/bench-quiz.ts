// Quiz answer submission under load, imported by scripts/bench.ts. Learners, each with their own attempt at a
// deferred-feedback quiz, answer concurrently (32 autocannon connections), changing their answer to the question shown
// between two options, as the fetcher does (POST <attempt>.data, enhanced=1). Every acknowledged answer must be in
// the event log afterwards: acknowledged (2xx) answers are compared with the rows written.
//
// The platform allows one learner 120 quiz actions a minute (app/rate-limits.server.ts, ADR 0007), far above what a
// person does but below what one connection of this bench sends. So each connection works through its own queue of
// learners, at most ANSWERS_PER_LEARNER answers each (plus the start), with enough learners for ANSWERS_PER_SECOND
// per connection over the run: the bench measures the answer path, not the abuse limit. A queue that runs dry shows
// up as refusals (429), which fail the run.
import type autocannon from "autocannon";
import type { BenchContext } from "./bench";
import { seedLearners } from "./bench-crowd";

const CONNECTIONS = Number(process.env.BENCH_QUIZ_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ANSWERS_PER_LEARNER = 100;
// Headroom: on 2026-12-02 the 32 connections averaged 57 answers/s each and the fastest ran dry at 60.
const ANSWERS_PER_SECOND = 120;
const LEARNERS_PER_CONNECTION = Math.ceil((SECONDS * ANSWERS_PER_SECOND) / ANSWERS_PER_LEARNER);
const LEARNERS = CONNECTIONS * LEARNERS_PER_CONNECTION;
const SLUG = process.env.BENCH_QUIZ_COURSE ?? "trafficking-vs-smuggling";

type Learner = {
  cookie: string;
  attemptPath: string;
  seq: number;
  questionId: string;
  /** The field name and two values it alternates between (option ids, or true/false). */
  field: string;
  values: [string, string];
  sent: number;
  acknowledged: number;
  refused: number;
};

function inputs(html: string) {
  return [...html.matchAll(/<input\b[^>]*>/g)].map((m) => {
    const attrs: Record<string, string> = {};
    for (const a of m[0].matchAll(/([a-zA-Z-]+)="([^"]*)"/g)) attrs[a[1]] = a[2].replace(/&amp;/g, "&");
    return attrs;
  });
}

async function form(base: string, pathname: string, cookie: string, fields: Record<string, string>) {
  return fetch(`${base}${pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
}

const page = async (base: string, pathname: string, cookie: string) => {
  const response = await fetch(`${base}${pathname}`, { headers: { Cookie: cookie } });
  if (!response.ok) throw new Error(`GET ${pathname}: ${response.status}`);
  return response.text();
};

/** Starts (or resumes) an attempt and reads the question shown: a deferred question answered by one radio choice. */
async function openAttempt(base: string, cookie: string, quizPath: string) {
  const started = await form(base, quizPath, cookie, {});
  const location = started.headers.get("location");
  if (started.status !== 302 || !location?.startsWith("/attempts/")) throw new Error(`starting ${quizPath}: ${started.status}`);
  const html = await page(base, location, cookie);
  const fields = inputs(html);
  const seq = Number(fields.find((f) => f.name === "seq")?.value);
  const questionId = fields.find((f) => f.name === "questionId")?.value;
  const radios = fields.filter((f) => f.type === "radio" && (f.name === "option" || f.name === "value"));
  const isDeferred = fields.some((f) => f.name === "advance");
  const isScenario = fields.some((f) => f.name === "stepId");
  if (!isDeferred || isScenario || !questionId || radios.length < 2 || !Number.isInteger(seq)) return null;
  return { attemptPath: location, seq, questionId, field: radios[0].name, values: [radios[0].value, radios[1].value] as [string, string] };
}

async function inBatches<T>(count: number, size: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, k) => work(i + k)))));
  return out;
}

export async function benchAnswers(ctx: BenchContext) {
  const { base } = ctx;
  // Accounts, sessions and enrolments are written straight into the database (as for the crowded start): 32
  // registrations from one address would spend the registration budget (docs/decisions/0007-rate-limits.md) and
  // measure argon2, not answers.
  const cookies = await seedLearners(ctx.database, ctx.cookie.split("=")[0], SLUG, LEARNERS);
  const course = await page(base, `/courses/${SLUG}`, cookies[0]);
  const quizPaths = [...new Set([...course.matchAll(/href="(\/courses\/[^"/]+\/quizzes\/[^"]+)"/g)].map((m) => m[1]))];
  let quizPath: string | undefined;
  for (const candidate of quizPaths) {
    if (await openAttempt(base, cookies[0], candidate)) {
      quizPath = candidate;
      break;
    }
  }
  if (!quizPath) throw new Error(`no deferred quiz starting with a choice question in ${SLUG} (${quizPaths.join(", ")})`);

  const learners: Learner[] = await inBatches(LEARNERS, 8, async (n) => {
    const opened = await openAttempt(base, cookies[n], quizPath!);
    if (!opened) throw new Error(`learner ${n}: the attempt page of ${quizPath} shows no choice question`);
    return { cookie: cookies[n], ...opened, sent: 0, acknowledged: 0, refused: 0 };
  });
  const attemptIds = learners.map((l) => l.attemptPath.slice("/attempts/".length));

  // Counted straight from the database the server writes to (either engine), not through the app.
  const countRows = () => ctx.countEvents(attemptIds);
  const rowsBefore = await countRows();

  let firstRefusal: string | null = null;
  // One learner per connection. autocannon shares one `requests` array between its connections (and resets the
  // per-connection context each time the array loops), so each connection gets its own array in setupClient, whose
  // setupRequest builds that learner's next answer and whose onResponse moves its seq on. A connection's requests
  // are sequential (pipelining 1), so the seq it sends is always the attempt's current event count.
  const answerRequests = (queue: Learner[]): autocannon.Request[] => {
    let turn = 0;
    let learner = queue[turn];
    return [
      {
        method: "POST",
        setupRequest: (request) => {
          // Requests of one connection are sequential (pipelining 1): the learner chosen here is the one answered.
          if (learner.sent >= ANSWERS_PER_LEARNER && turn < queue.length - 1) learner = queue[++turn];
          learner.sent++;
          return {
            ...request,
            method: "POST",
            // What the fetcher posts with single fetch: the action only, no page render.
            path: `${learner.attemptPath}.data`,
            headers: { Origin: base, Cookie: learner.cookie, "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({
              seq: String(learner.seq),
              enhanced: "1",
              intent: "ANSWER",
              questionId: learner.questionId,
              // Alternating keeps every answer a change, so none is mistaken for a resent form.
              [learner.field]: learner.values[learner.seq % 2],
            }).toString(),
          };
        },
        onResponse: (status, body) => {
          if (status >= 200 && status < 300) {
            learner.acknowledged++;
            learner.seq++;
          } else {
            learner.refused++;
            firstRefusal ??= `${status} ${String(body).slice(0, 300)}`;
          }
        },
      },
    ];
  };
  let assigned = 0;
  const figures = await ctx.measure(`quiz answers ${quizPath.split("/").pop()} (own attempt each)`, {
    url: base,
    connections: CONNECTIONS,
    pipelining: 1,
    requests: answerRequests(learners.slice(0, LEARNERS_PER_CONNECTION)),
    setupClient: (client) => {
      const first = (assigned++ % CONNECTIONS) * LEARNERS_PER_CONNECTION;
      client.setRequests(answerRequests(learners.slice(first, first + LEARNERS_PER_CONNECTION)));
    },
  });

  // Let the server finish any request autocannon stopped waiting for at the end of the run.
  await new Promise((r) => setTimeout(r, 500));
  const written = (await countRows()) - rowsBefore;
  const acknowledged = learners.reduce((sum, l) => sum + l.acknowledged, 0);
  const refused = learners.reduce((sum, l) => sum + l.refused, 0);
  // Lost: acknowledged but not in the log. A write the run stopped waiting for is logged but never acknowledged.
  const lost = Math.max(0, acknowledged - written);
  const unacknowledged = Math.max(0, written - acknowledged);
  console.log(
    `\nquiz answers: ${LEARNERS} learners (${LEARNERS_PER_CONNECTION} in turn on each connection) on ${quizPath}; ${acknowledged} answers acknowledged (${Math.round(acknowledged / SECONDS)}/s), ` +
      `${written} event rows written, ${refused} refused, lost answers: ${lost}` +
      (unacknowledged ? ` (${unacknowledged} written while the run was ending, not acknowledged)` : "") +
      `, p99 ${figures.p99} ms at ${CONNECTIONS} connections`,
  );
  if (firstRefusal) console.error(`first refused answer: ${firstRefusal}`);
  if (lost > 0) console.error(`LOST ANSWERS: ${lost} acknowledged answers are missing from quiz_attempt_events`);
  return [{ ...figures, errors: figures.errors + lost }];
}
