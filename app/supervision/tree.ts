// The organisation tree as plain data: building the nested view, naming units by their path, reading unit paths
// back. Pure, so the browser-free rules are tested without a database (tests/unit/unit-tree.test.ts).

/** Separates unit names in a unit path (`Border Guard/North/Crossing 3`); a unit name never contains it. */
export const UNIT_PATH_SEPARATOR = "/";
export const UNIT_NAME_MAX = 120;

export type UnitRow = { id: string; parentId: string | null; name: string };
export type UnitNode = UnitRow & { path: string; depth: number; children: UnitNode[] };

const byName = (a: UnitRow, b: UnitRow) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/** Each unit's path of names from its root, for the units among `rows` (a unit whose parent is absent starts a path). */
export function unitPaths(rows: readonly UnitRow[]): Map<string, string> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const paths = new Map<string, string>();
  const pathOf = (row: UnitRow, seen: Set<string>): string => {
    const known = paths.get(row.id);
    if (known !== undefined) return known;
    const parent = row.parentId === null ? undefined : byId.get(row.parentId);
    // A cycle cannot be stored (moves refuse them); `seen` only keeps a corrupt input from recursing forever.
    const path = parent && !seen.has(parent.id) ? `${pathOf(parent, seen.add(row.id))}${UNIT_PATH_SEPARATOR}${row.name}` : row.name;
    paths.set(row.id, path);
    return path;
  };
  for (const row of rows) pathOf(row, new Set());
  return paths;
}

/**
 * The units of `rows` as nested nodes, children sorted by name. With `rootIds`, only those units and what lies
 * below them, each shown once (a root below another given root appears only inside it); without, every unit whose
 * parent is not among `rows` is a root.
 */
export function buildTree(rows: readonly UnitRow[], rootIds?: readonly string[]): UnitNode[] {
  const paths = unitPaths(rows);
  const childrenOf = new Map<string | null, UnitRow[]>();
  const ids = new Set(rows.map((r) => r.id));
  for (const row of rows) {
    const key = row.parentId !== null && ids.has(row.parentId) ? row.parentId : null;
    const list = childrenOf.get(key) ?? [];
    list.push(row);
    childrenOf.set(key, list);
  }
  const build = (row: UnitRow, depth: number, seen: Set<string>): UnitNode => ({
    ...row,
    path: paths.get(row.id) ?? row.name,
    depth,
    children: [...(childrenOf.get(row.id) ?? [])]
      .filter((c) => !seen.has(c.id))
      .sort(byName)
      .map((c) => build(c, depth + 1, new Set(seen).add(c.id))),
  });
  let roots: UnitRow[];
  if (rootIds) {
    const wanted = new Set(rootIds);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const hasWantedAncestor = (row: UnitRow) => {
      const seen = new Set<string>([row.id]);
      for (let p = row.parentId; p !== null && !seen.has(p); p = byId.get(p)?.parentId ?? null) {
        if (wanted.has(p)) return true;
        seen.add(p);
      }
      return false;
    };
    roots = rows.filter((r) => wanted.has(r.id) && !hasWantedAncestor(r));
  } else {
    roots = childrenOf.get(null) ?? [];
  }
  return [...roots].sort(byName).map((r) => build(r, 0, new Set([r.id])));
}

/** The tree flattened in display order (depth first), e.g. for a <select> of units. */
export function flattenTree<N extends { children: N[] }>(nodes: readonly N[]): N[] {
  return nodes.flatMap((n) => [n, ...flattenTree(n.children)]);
}

/** A unit path as written in a file or a form: names separated by "/", spaces around each name ignored. */
export function splitUnitPath(path: string): string[] {
  return path
    .split(UNIT_PATH_SEPARATOR)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Why a unit name cannot be used, or null. Names are trimmed by the caller. */
export function unitNameProblem(name: string): "required" | "tooLong" | "separator" | null {
  if (name.length === 0) return "required";
  if (name.length > UNIT_NAME_MAX) return "tooLong";
  if (name.includes(UNIT_PATH_SEPARATOR)) return "separator";
  return null;
}
