// The scenario branch graph (app/studio/scenario-graph.ts): reachability, dead ends, cycles and layers, on
// hand-made graphs and on every scenario of the curriculum (which the compiler accepts, so none has a problem).
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileCourse } from "~/courses/compile.server";
import { readCourseFolder } from "~/courses/course-folder.server";
import { graphProblems, scenarioGraph, type ScenarioInput } from "~/studio/scenario-graph";
import { quizQuestions } from "~/studio/question-yaml";

const single = (id: string, options: [string, string?][], next?: string) => ({
  id,
  type: "single",
  next,
  options: options.map(([option, to]) => ({ id: option, next: to })),
});
const trueFalse = (id: string, next?: string) => ({ id, type: "true-false", next });
const byId = (graph: ReturnType<typeof scenarioGraph>) => new Map(graph.nodes.map((node) => [node.id, node]));

describe("a scenario's graph", () => {
  it("lays out a diamond by longest path and finds nothing wrong", () => {
    const graph = scenarioGraph({
      start: "a",
      steps: [single("a", [["x", "b"], ["y", "c"]]), single("b", [["x"], ["y"]], "c"), trueFalse("c")],
    });
    const nodes = byId(graph);
    expect([nodes.get("a")!.layer, nodes.get("b")!.layer, nodes.get("c")!.layer]).toEqual([0, 1, 2]);
    expect(graph.layers).toBe(3);
    expect(graph.hasProblems).toBe(false);
    expect(nodes.get("c")!.isEnd).toBe(true);
    expect(nodes.get("a")!.isEnd).toBe(false);
    // b's options share its default way: one edge named by the step, not by each option.
    expect(graph.edges.filter((e) => e.from === "b")).toEqual([{ from: "b", to: "c", option: undefined, isBroken: false, isBack: false }]);
  });

  it("flags an unreachable step, lays it out below the reachable ones, and says so", () => {
    const graph = scenarioGraph({ start: "a", steps: [trueFalse("a", "b"), trueFalse("b"), trueFalse("orphan", "b")] });
    const nodes = byId(graph);
    expect(nodes.get("orphan")!.isReachable).toBe(false);
    expect(nodes.get("orphan")!.layer).toBe(2);
    expect(graph.hasProblems).toBe(true);
    expect(graphProblems(graph)).toEqual([{ kind: "unreachable", step: "orphan" }]);
  });

  it("finds a cycle, marks its back edge, and calls a cycle with no way out a dead end", () => {
    const graph = scenarioGraph({ start: "a", steps: [trueFalse("a", "b"), trueFalse("b", "c"), trueFalse("c", "b")] });
    expect(graph.cycles).toEqual([["b", "c", "b"]]);
    expect(graph.edges.find((e) => e.from === "c")!.isBack).toBe(true);
    const nodes = byId(graph);
    expect([...nodes.values()].map((n) => [n.id, n.isInCycle, n.isDeadEnd])).toEqual([
      ["a", false, true],
      ["b", true, true],
      ["c", true, true],
    ]);
    expect(graphProblems(graph)).toEqual([
      { kind: "cycle", steps: ["b", "c", "b"] },
      { kind: "dead-end", step: "a" },
      { kind: "dead-end", step: "b" },
      { kind: "dead-end", step: "c" },
    ]);
  });

  it("does not call a cycle with a way out a dead end", () => {
    const graph = scenarioGraph({ start: "a", steps: [single("a", [["again", "a"], ["done"]])] });
    expect(graph.cycles).toEqual([["a", "a"]]);
    expect(byId(graph).get("a")!.isDeadEnd).toBe(false);
  });

  it("draws a next to a missing step as a broken edge and a missing start as a problem, without throwing", () => {
    const graph = scenarioGraph({ start: "nowhere", steps: [single("a", [["x", "ghost"], ["y"]]), single("a", [["z"]])] });
    expect(graph.hasMissingStart).toBe(true);
    expect(graph.duplicateIds).toEqual(["a"]);
    expect(graphProblems(graph, "nowhere")).toEqual([
      { kind: "missing-start", start: "nowhere" },
      { kind: "duplicate", step: "a" },
      { kind: "broken", step: "a", to: "ghost", option: "x" },
    ]);
    expect(scenarioGraph({ steps: [] }).nodes).toEqual([]);
  });
});

describe("every scenario of the curriculum", () => {
  const ROOT = fileURLToPath(new URL("../..", import.meta.url));
  const COURSES = path.join(ROOT, "courses");
  const folders = readdirSync(COURSES).filter((name) => statSync(path.join(COURSES, name)).isDirectory());
  let total = 0;

  it.each(folders)("%s: no problem, and as many layers as the compiler's default points", (folder) => {
    const course = readCourseFolder(path.join(COURSES, folder)).course!;
    const compiled = compileCourse(course).course!;
    let scenarios = 0;
    for (const module of compiled.modules) {
      const moduleFolder = module.lessons[0].file.split("/")[1];
      const raw = quizQuestions(course.files.get(`${moduleFolder}/quiz.yaml`)!);
      for (const question of Object.values(module.quiz)[0]!.questions) {
        if (question.type !== "scenario") continue;
        scenarios++;
        const graph = scenarioGraph(question as unknown as ScenarioInput);
        expect(graphProblems(graph), `${folder} ${question.id}`).toEqual([]);
        if (raw.find((q) => q.id === question.id)!.points === undefined) expect(graph.layers).toBe(question.points);
      }
    }
    total += scenarios;
  });

  it("has scenarios to check", () => expect(total).toBeGreaterThan(5));
});
