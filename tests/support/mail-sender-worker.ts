// A separate app process running the mail sender (tests/integration/mail-delivery.test.ts): its own connections to
// the test file's database (DATABASE_URL and SMTP_URL are inherited), sending until the outbox has nothing due.
// Started at an agreed moment so that two of them overlap. Prints one JSON line with what it did.
import { closeDatabase } from "~/db.server";
import { sendDueMail } from "~/mail/sender.server";

const { startAt, holder } = JSON.parse(process.argv[2]!) as { startAt: number; holder: string };
await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
const total = { sent: 0, logged: 0, retried: 0, failed: 0 };
// Small claims, so that the two processes interleave rather than one taking everything at once.
for (;;) {
  const outcome = await sendDueMail(Date.now(), { holder, limit: 3 });
  for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += outcome[key];
  if (outcome.sent + outcome.logged + outcome.retried + outcome.failed === 0) break;
}
console.log(JSON.stringify(total));
await closeDatabase();
