// A readable difference between two versions (or a version and a draft) of a course: per file, lesson text and quiz
// YAML line by line (jsdiff), for a server-rendered page with <ins>/<del> and a text alternative.
import { diffLines } from "diff";
import { type CourseFiles } from "~/courses/course-files.server";

export type DiffPart = { kind: "same" | "added" | "removed"; text: string };
export type FileDiff = { path: string; status: "added" | "removed" | "changed"; parts: DiffPart[] };

// Unchanged stretches longer than this are folded to their first and last lines, so a one-word fix in a long lesson
// is not lost in pages of identical text.
const CONTEXT_LINES = 3;

function folded(text: string): string {
  const lines = text.split("\n");
  if (lines.length <= CONTEXT_LINES * 2 + 1) return text;
  return [...lines.slice(0, CONTEXT_LINES), `… (${lines.length - CONTEXT_LINES * 2} unchanged lines) …`, ...lines.slice(-CONTEXT_LINES)].join("\n");
}

export function diffCourseFiles(from: Pick<CourseFiles, "files" | "media">, to: Pick<CourseFiles, "files" | "media">): FileDiff[] {
  const paths = [...new Set([...from.files.keys(), ...to.files.keys(), ...from.media.keys(), ...to.media.keys()])].sort();
  const diffs: FileDiff[] = [];
  for (const path of paths) {
    const before = from.files.get(path) ?? (from.media.has(path) ? "(image)" : undefined);
    const after = to.files.get(path) ?? (to.media.has(path) ? "(image)" : undefined);
    if (before === after) continue;
    if (before === undefined) diffs.push({ path, status: "added", parts: [{ kind: "added", text: after! }] });
    else if (after === undefined) diffs.push({ path, status: "removed", parts: [{ kind: "removed", text: before }] });
    else {
      const parts = diffLines(before, after).map((change) => ({
        kind: change.added ? ("added" as const) : change.removed ? ("removed" as const) : ("same" as const),
        text: change.added || change.removed ? change.value : folded(change.value),
      }));
      diffs.push({ path, status: "changed", parts });
    }
  }
  return diffs;
}
