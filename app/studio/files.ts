// How the studio names and groups a draft's files (courses/README.md's folder layout). Pure, shared by pages.

export type FileGroup = "course" | "bibliography" | "module" | "lesson" | "quiz" | "translation" | "media" | "other";

const TRANSLATION = /\.(fr|es|en)\.(md|yaml)$/;

export function fileGroup(path: string): FileGroup {
  if (path === "course.yaml") return "course";
  if (path === "bibliography.yaml") return "bibliography";
  if (TRANSLATION.test(path)) return "translation";
  if (/\.(png|jpe?g|webp)$/i.test(path)) return "media";
  const name = path.split("/").pop()!;
  if (name === "module.yaml") return "module";
  if (name === "quiz.yaml") return "quiz";
  if (name.endsWith(".md")) return "lesson";
  return "other";
}

export const GROUP_ORDER: FileGroup[] = ["course", "bibliography", "module", "lesson", "quiz", "translation", "media", "other"];

/** Module folders of a draft (`01-introduction`), in order. */
export function moduleFolders(paths: string[]): string[] {
  return [...new Set(paths.filter((p) => p.endsWith("/module.yaml")).map((p) => p.split("/")[0]!))].sort();
}

/** The next two-digit prefix after those in use (`03` after `01-…`, `02-…`). */
export function nextPrefix(names: string[]): string {
  const used = names.map((n) => Number(/^(\d+)-/.exec(n)?.[1] ?? 0));
  return String(Math.max(0, ...used) + 1).padStart(2, "0");
}

/** The lessons of a draft by module folder: `01-introduction/01-overview.md` (originals only, no translations). */
export function lessonPaths(paths: string[]): string[] {
  return paths.filter((p) => fileGroup(p) === "lesson").sort();
}

/**
 * The file name an uploaded image is stored under, from the name it came with: lower case, letters and digits joined
 * by hyphens, without its extension (the stored extension follows the content, not the name); "image" when nothing
 * is left. `Carte frontière (2).PNG` → `carte-frontiere-2`.
 */
export function imageBaseName(uploadedName: string): string {
  const stem = uploadedName.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
  const slug = stem
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "image";
}
