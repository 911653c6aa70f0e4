// npm run bench, BENCH_ONLY=studio: the studio's two heavy requests (issue 13, Performance): the preview of a
// 2,000-word lesson (the compiler's checks and HTML, rendered through the learner's lesson component) and the
// validation of a whole course (the draft page runs the compiler over every file).
import type { BenchContext } from "./bench";

const WORDS = 2000;

/** A lesson of `WORDS` words with a citation and a callout every paragraph, like the curriculum's. */
function longLesson(id: string): string {
  const sentence = "The officer records the facts, identifies the person's needs and refers them to the competent authority without delay";
  const paragraphs: string[] = [];
  let words = 0;
  while (words < WORDS) {
    paragraphs.push(`${sentence} [[tip-protocol, art. 3(a)]]. ${sentence}.`);
    words += sentence.split(" ").length * 2 + 2;
    if (paragraphs.length % 5 === 0) paragraphs.push(`:::key-point\n${sentence}.\n:::`);
  }
  return `---\nid: ${id}\ntitle: A long lesson\nminutes: ${Math.ceil(WORDS / 120)}\n---\n\n${paragraphs.join("\n\n")}\n`;
}

export async function benchStudio(context: BenchContext & { slug: string }) {
  const { base, post, login, measure, slug } = context;
  const cookie = await login(base, "admin@example.org", "admin-demo-passphrase");
  const created = await post(base, "/studio?index", cookie, { intent: "draft", course: slug });
  const draftPath = created.headers.get("location");
  if (created.status !== 302 || !draftPath) throw new Error(`no draft of ${slug}: ${created.status}`);
  const page = await (await fetch(`${base}${draftPath}`, { headers: { Cookie: cookie } })).text();
  const lessonPath = page.match(/href="(\/studio\/drafts\/[^"]+\/files\/[^"]+\.md)"/)?.[1];
  if (!lessonPath) throw new Error("no lesson on the draft page");
  const body = new URLSearchParams({ intent: "preview", revision: "1", text: longLesson("long-lesson") }).toString();
  const headers = { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" };
  return [
    await measure(`studio: preview of a ${WORDS}-word lesson`, { url: `${base}${lessonPath}`, method: "POST", body, headers, connections: 1 }),
    await measure(`studio: draft page of ${slug} (its whole-course validation is kept per draft revision after the first request)`, { url: `${base}${draftPath}`, headers: { Cookie: cookie }, connections: 1 }),
  ];
}
