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

const PREFIX = /^(\d+)-/;

/**
 * The renames that move a module (named by its `module.yaml`) or a lesson one place up or down: it and its neighbour
 * exchange their numeric prefixes, which are what orders them (courses/README.md). Everything in a module's folder
 * moves with it; a lesson's translations (`01-x.fr.md`) move with the lesson. Stable ids are inside the files, so
 * learners' progress is untouched. Empty when there is no neighbour that way, or `path` is neither.
 */
export function reorderRenames(paths: string[], path: string, direction: "up" | "down"): Map<string, string> {
  const step = direction === "up" ? -1 : 1;
  const swap = (a: string, b: string) => [`${PREFIX.exec(b)![1]}${a.slice(PREFIX.exec(a)![1].length)}`, `${PREFIX.exec(a)![1]}${b.slice(PREFIX.exec(b)![1].length)}`];
  const renames = new Map<string, string>();
  if (fileGroup(path) === "module") {
    const folders = moduleFolders(paths).filter((f) => PREFIX.test(f));
    const i = folders.indexOf(path.split("/")[0]!);
    const neighbour = folders[i + step];
    if (i < 0 || !neighbour) return renames;
    const [a, b] = [folders[i]!, neighbour];
    const [newA, newB] = swap(a, b);
    for (const p of paths) {
      if (p.startsWith(`${a}/`)) renames.set(p, `${newA}${p.slice(a.length)}`);
      else if (p.startsWith(`${b}/`)) renames.set(p, `${newB}${p.slice(b.length)}`);
    }
    return renames;
  }
  if (fileGroup(path) !== "lesson" || !path.includes("/")) return renames;
  const folder = path.slice(0, path.lastIndexOf("/") + 1);
  const stems = lessonPaths(paths)
    .filter((p) => p.startsWith(folder) && !p.slice(folder.length).includes("/"))
    .map((p) => p.slice(folder.length, -".md".length))
    .filter((stem) => PREFIX.test(stem));
  const i = stems.indexOf(path.slice(folder.length, -".md".length));
  const neighbour = stems[i + step];
  if (i < 0 || !neighbour) return renames;
  const [a, b] = [stems[i]!, neighbour];
  const [newA, newB] = swap(a, b);
  for (const p of paths) {
    if (!p.startsWith(folder) || p.slice(folder.length).includes("/")) continue;
    const name = p.slice(folder.length);
    if (name.startsWith(`${a}.`)) renames.set(p, `${folder}${newA}${name.slice(a.length)}`);
    else if (name.startsWith(`${b}.`)) renames.set(p, `${folder}${newB}${name.slice(b.length)}`);
  }
  return renames;
}
