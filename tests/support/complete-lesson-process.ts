// A separate process with its own database connection, for tests of what must hold across connections (and so
// across app nodes): it waits until the shared start time, marks one lesson complete, and prints the outcome as JSON.
// Usage: tsx tests/support/complete-lesson-process.ts <userId> <slug> <lessonId> <startAtMs>
import { markLessonComplete } from "~/courses/enrolment.server";

const [userId, slug, lessonId, startAt] = process.argv.slice(2);
// Spin rather than sleep: the point is for both processes to reach BEGIN at the same instant.
while (Date.now() < Number(startAt)) {
  /* wait for the shared start */
}
try {
  const outcome = await markLessonComplete(userId, slug, lessonId);
  console.log(JSON.stringify({ ok: true, isNewlyComplete: outcome.isNewlyComplete }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error) }));
}
