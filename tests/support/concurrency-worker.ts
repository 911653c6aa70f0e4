// A separate process for the concurrency tests (tests/integration/concurrency.test.ts): its own connections to the
// test file's database (DATABASE_URL is inherited), running one job with many requests at once, started at an
// agreed moment so that the processes overlap. Prints one JSON line with the outcome.
import { authenticate } from "~/auth/accounts.server";
import { issueCertificate } from "~/certificates/issuance.server";
import { markLessonComplete } from "~/courses/enrolment.server";
import { closeDatabase, transaction } from "~/db.server";
import { getAttemptPage, sendAttemptEvent } from "~/quiz/attempts.server";

type Job =
  | { op: "complete"; startAt: number; userId: string; slug: string; lessonId: string; concurrent: number }
  | { op: "issue"; startAt: number; userId: string; count: number }
  | { op: "login"; startAt: number; email: string; password: string; ip: string; concurrent: number }
  | { op: "storm"; startAt: number; userId: string; attemptId: string; questionId: string; clients: number; rounds: number };

const job = JSON.parse(process.argv[2]!) as Job;
const errors: string[] = [];
const record = (error: unknown) => errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));

await new Promise((resolve) => setTimeout(resolve, Math.max(0, job.startAt - Date.now())));

let result: Record<string, unknown> = {};
if (job.op === "complete") {
  const outcomes = await Promise.allSettled(
    Array.from({ length: job.concurrent }, () => markLessonComplete(job.userId, job.slug, job.lessonId)),
  );
  outcomes.forEach((o) => o.status === "rejected" && record(o.reason));
  result = { newlyComplete: outcomes.filter((o) => o.status === "fulfilled" && o.value.isNewlyComplete).length };
} else if (job.op === "issue") {
  const outcomes = await Promise.allSettled(
    Array.from({ length: job.count }, (_, i) =>
      transaction((tx) =>
        issueCertificate(tx, {
          userId: job.userId,
          holderName: "Concurrent Holder",
          course: { slug: `bulk-${process.pid}-${i}`, title: "Bulk", versionLabel: "1", hours: 1, credits: null, validityMonths: null },
          completedAt: Date.now(),
          averagePercent: null,
        }),
      ),
    ),
  );
  outcomes.forEach((o) => o.status === "rejected" && record(o.reason));
  result = { issued: outcomes.filter((o) => o.status === "fulfilled").length };
} else if (job.op === "login") {
  // Wrong passwords for one account from one address, as several app nodes would receive them.
  const outcomes = await Promise.allSettled(
    Array.from({ length: job.concurrent }, () => authenticate({ email: job.email, password: job.password }, job.ip)),
  );
  const statuses = outcomes.map((o) => (o.status === "rejected" ? (o.reason as { status?: number }).status : 200));
  outcomes.forEach((o, i) => o.status === "rejected" && statuses[i] !== 401 && statuses[i] !== 429 && record(o.reason));
  result = { checked: statuses.filter((s) => s === 401).length, refused: statuses.filter((s) => s === 429).length };
} else {
  // Clients that each load the page and post a FLAG at the seq it showed, as a form on that page would.
  const acknowledged: { seq: number; pid: number }[] = [];
  let refused = 0;
  let duplicates = 0;
  await Promise.all(
    Array.from({ length: job.clients }, async () => {
      for (let round = 0; round < job.rounds; round++) {
        try {
          const { seq } = await getAttemptPage(job.userId, job.attemptId, "en");
          const sent = await sendAttemptEvent(job.userId, job.attemptId, {
            seq,
            toEvent: (_quiz, at) => ({ ok: true, event: { type: "FLAG", questionId: job.questionId, at } }),
          });
          if (sent.duplicate) duplicates++;
          else acknowledged.push({ seq, pid: process.pid });
        } catch (error) {
          if ((error as { status?: number }).status === 409) refused++;
          else record(error);
        }
      }
    }),
  );
  result = { acknowledged, refused, duplicates };
}
await closeDatabase();
console.log(JSON.stringify({ ...result, errors }));
