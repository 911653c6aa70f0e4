import { describe, expect, it } from "vitest";
import { buildTree, flattenTree, splitUnitPath, unitNameProblem, unitPaths, type UnitRow } from "~/supervision/tree";

const rows: UnitRow[] = [
  { id: "n", parentId: "g", name: "North" },
  { id: "g", parentId: null, name: "Border Guard" },
  { id: "s", parentId: "g", name: "South" },
  { id: "c3", parentId: "n", name: "Crossing 3" },
  { id: "c1", parentId: "n", name: "Crossing 1" },
  { id: "p", parentId: null, name: "Ports" },
];

describe("the unit tree", () => {
  it("names each unit by its path from the root", () => {
    const paths = unitPaths(rows);
    expect(paths.get("c3")).toBe("Border Guard/North/Crossing 3");
    expect(paths.get("g")).toBe("Border Guard");
  });

  it("nests the whole forest with children sorted by name", () => {
    const tree = buildTree(rows);
    expect(tree.map((n) => n.name)).toEqual(["Border Guard", "Ports"]);
    expect(tree[0].children.map((n) => n.name)).toEqual(["North", "South"]);
    expect(tree[0].children[0].children.map((n) => [n.name, n.depth])).toEqual([
      ["Crossing 1", 2],
      ["Crossing 3", 2],
    ]);
  });

  it("shows given roots once, even when one lies below another", () => {
    const tree = buildTree(rows, ["n", "c1", "p"]);
    expect(tree.map((n) => n.id)).toEqual(["n", "p"]);
    expect(flattenTree(tree).map((n) => n.id)).toEqual(["n", "c1", "c3", "p"]);
    // A sub-tree keeps the full path of names for display.
    expect(tree[0].path).toBe("Border Guard/North");
  });

  it("does not loop on a corrupt cycle", () => {
    const cyclic: UnitRow[] = [
      { id: "a", parentId: "b", name: "A" },
      { id: "b", parentId: "a", name: "B" },
    ];
    expect(() => unitPaths(cyclic)).not.toThrow();
    expect(buildTree(cyclic, ["a"]).length).toBe(1);
  });

  it("reads unit paths, ignoring spaces around names and empty parts", () => {
    expect(splitUnitPath(" Border Guard / North/Crossing 3 ")).toEqual(["Border Guard", "North", "Crossing 3"]);
    expect(splitUnitPath("//")).toEqual([]);
  });

  it("refuses empty, overlong and slash-bearing names", () => {
    expect(unitNameProblem("")).toBe("required");
    expect(unitNameProblem("x".repeat(121))).toBe("tooLong");
    expect(unitNameProblem("North/South")).toBe("separator");
    expect(unitNameProblem("Crossing 3")).toBeNull();
  });
});
