// A scenario question's branches as a graph (issue 13): which steps the start reaches, which steps cannot reach an
// end (dead ends), which lie on a cycle, and a layered layout for drawing it (scenario-graph.tsx). Pure, and
// tolerant of a half-written scenario (the editor draws it before the compiler accepts it): a `next` to a step that
// does not exist is an edge to nowhere, not an exception. The routing rule is the format's (courses/README.md,
// scenario): option.next, else the step's next, else the scenario ends.

export type ScenarioStepInput = {
  id: string;
  type?: string;
  next?: string;
  options?: { id: string; next?: string }[];
};

export type ScenarioInput = { start?: string; steps: ScenarioStepInput[] };

export type GraphEdge = {
  from: string;
  /** Undefined: the scenario ends here. */
  to?: string;
  /** The option that takes this way, or undefined for the step's own next (a true-false step, or every option). */
  option?: string;
  /** `to` names no step of the scenario. */
  isBroken: boolean;
  /** Drawn against the layers' direction: it closes a cycle. */
  isBack: boolean;
};

export type GraphNode = {
  id: string;
  type?: string;
  layer: number;
  /** Position within its layer, from 0. */
  slot: number;
  isStart: boolean;
  isReachable: boolean;
  /** Some choice here ends the scenario. */
  isEnd: boolean;
  /** Not an end, and no way on leads to one: a learner who gets here can never finish. */
  isDeadEnd: boolean;
  isInCycle: boolean;
};

export type ScenarioGraph = {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Each cycle as the steps along it, first step repeated at the end: ["a", "b", "a"]. */
  cycles: string[][];
  hasMissingStart: boolean;
  /** Duplicate step ids make the graph ambiguous; the first step with an id is the one drawn. */
  duplicateIds: string[];
  layers: number;
  hasProblems: boolean;
};

/** The ways out of one step, by the format's routing rule. */
function waysOut(step: ScenarioStepInput): { to?: string; option?: string }[] {
  const options = step.type === "true-false" ? [] : (step.options ?? []);
  if (options.length === 0) return [{ to: step.next || undefined }];
  const ways: { to?: string; option?: string }[] = [];
  const viaDefault: string[] = [];
  for (const option of options) {
    if (option.next) ways.push({ to: option.next, option: option.id });
    else viaDefault.push(option.id);
  }
  // Options without their own next share the step's way: one edge, named by them all.
  if (viaDefault.length > 0) ways.push({ to: step.next || undefined, option: viaDefault.length === options.length ? undefined : viaDefault.join(", ") });
  return ways;
}

export function scenarioGraph(scenario: ScenarioInput): ScenarioGraph {
  const seen = new Set<string>();
  const duplicateIds: string[] = [];
  const steps: ScenarioStepInput[] = [];
  for (const step of scenario.steps) {
    if (seen.has(step.id)) duplicateIds.push(step.id);
    else {
      seen.add(step.id);
      steps.push(step);
    }
  }
  const ids = new Set(steps.map((step) => step.id));
  const edges: GraphEdge[] = steps.flatMap((step) =>
    waysOut(step).map((way) => ({ from: step.id, to: way.to, option: way.option, isBroken: way.to !== undefined && !ids.has(way.to), isBack: false })),
  );
  const successors = new Map(steps.map((step) => [step.id, [...new Set(edges.filter((e) => e.from === step.id && e.to && !e.isBroken).map((e) => e.to!))]]));
  const start = scenario.start && ids.has(scenario.start) ? scenario.start : undefined;

  // Reachability from the start.
  const reached = new Set<string>();
  if (start) {
    const queue = [start];
    reached.add(start);
    while (queue.length > 0) {
      for (const next of successors.get(queue.shift()!) ?? []) {
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
  }

  // Cycles, by depth-first search from the start and then from every step not yet visited; an edge to a step on the
  // current path is a back edge and closes a cycle.
  const cycles: string[][] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (id: string) => {
    onPath.push(id);
    for (const edge of edges.filter((e) => e.from === id && e.to && !e.isBroken)) {
      const at = onPath.indexOf(edge.to!);
      if (at !== -1) {
        edge.isBack = true;
        cycles.push([...onPath.slice(at), edge.to!]);
      } else if (!done.has(edge.to!)) visit(edge.to!);
    }
    onPath.pop();
    done.add(id);
  };
  for (const id of start ? [start, ...ids] : ids) if (!done.has(id)) visit(id);
  const inCycle = new Set(cycles.flat());

  // A step can finish when one of its ways ends the scenario or leads to a step that can (a fixed point).
  const canFinish = new Set(steps.filter((step) => edges.some((e) => e.from === step.id && e.to === undefined)).map((step) => step.id));
  for (let changed = true; changed; ) {
    changed = false;
    for (const step of steps) {
      if (!canFinish.has(step.id) && (successors.get(step.id) ?? []).some((next) => canFinish.has(next))) {
        canFinish.add(step.id);
        changed = true;
      }
    }
  }

  // Layers: the longest path from the start over the forward edges (back edges left out, so it is a DAG). Steps the
  // start does not reach are laid out the same way from their own sources, below the reachable ones.
  const forward = new Map(steps.map((step) => [step.id, edges.filter((e) => e.from === step.id && e.to && !e.isBroken && !e.isBack).map((e) => e.to!)]));
  const layer = new Map<string, number>();
  const relax = (roots: string[], within: (id: string) => boolean, base: number) => {
    const order: string[] = [];
    const mark = new Set<string>();
    const topo = (id: string) => {
      if (mark.has(id) || !within(id)) return;
      mark.add(id);
      for (const next of forward.get(id) ?? []) topo(next);
      order.unshift(id);
    };
    roots.forEach(topo);
    for (const id of order) if (!layer.has(id)) layer.set(id, base);
    for (const id of order) {
      for (const next of forward.get(id) ?? []) {
        if (within(next)) layer.set(next, Math.max(layer.get(next) ?? base, layer.get(id)! + 1));
      }
    }
  };
  if (start) relax([start], (id) => reached.has(id), 0);
  const reachableLayers = reached.size > 0 ? Math.max(...[...reached].map((id) => layer.get(id)!)) + 1 : 0;
  const unreached = steps.map((step) => step.id).filter((id) => !reached.has(id));
  const hasIncoming = new Set(unreached.flatMap((id) => forward.get(id) ?? []));
  const roots = unreached.filter((id) => !hasIncoming.has(id));
  relax(roots.length > 0 ? roots : unreached, (id) => !reached.has(id), reachableLayers);
  for (const id of unreached) relax([id], (other) => !reached.has(other), reachableLayers);

  const slots = new Map<number, number>();
  const nodes: GraphNode[] = steps.map((step) => {
    const l = layer.get(step.id) ?? reachableLayers;
    const slot = slots.get(l) ?? 0;
    slots.set(l, slot + 1);
    const isEnd = edges.some((e) => e.from === step.id && e.to === undefined);
    return {
      id: step.id,
      type: step.type,
      layer: l,
      slot,
      isStart: step.id === start,
      isReachable: reached.has(step.id),
      isEnd,
      isDeadEnd: !canFinish.has(step.id),
      isInCycle: inCycle.has(step.id),
    };
  });
  const hasMissingStart = start === undefined;
  return {
    nodes,
    edges,
    cycles,
    hasMissingStart,
    duplicateIds,
    layers: Math.max(0, ...nodes.map((node) => node.layer + 1)),
    hasProblems:
      hasMissingStart ||
      duplicateIds.length > 0 ||
      cycles.length > 0 ||
      edges.some((e) => e.isBroken) ||
      nodes.some((node) => !node.isReachable || node.isDeadEnd),
  };
}

/** Problems for the editor, as data (the component words them in the reader's language). */
export type GraphProblem =
  | { kind: "missing-start"; start?: string }
  | { kind: "duplicate"; step: string }
  | { kind: "unreachable"; step: string }
  | { kind: "dead-end"; step: string }
  | { kind: "cycle"; steps: string[] }
  | { kind: "broken"; step: string; to: string; option?: string };

export function graphProblems(graph: ScenarioGraph, start?: string): GraphProblem[] {
  const problems: GraphProblem[] = [];
  if (graph.hasMissingStart) problems.push({ kind: "missing-start", start });
  for (const step of graph.duplicateIds) problems.push({ kind: "duplicate", step });
  for (const edge of graph.edges) if (edge.isBroken) problems.push({ kind: "broken", step: edge.from, to: edge.to!, option: edge.option });
  if (!graph.hasMissingStart) for (const node of graph.nodes) if (!node.isReachable) problems.push({ kind: "unreachable", step: node.id });
  for (const cycle of graph.cycles) problems.push({ kind: "cycle", steps: cycle });
  for (const node of graph.nodes) if (node.isDeadEnd) problems.push({ kind: "dead-end", step: node.id });
  return problems;
}
