// (Named -view so that "./scenario-graph" means one module: the pure graph in scenario-graph.ts.)
// The scenario's branches drawn as server-rendered SVG (no JavaScript), with the same content as a nested list for
// anyone who cannot see the drawing (WCAG 1.1.1). Problem steps are marked by colour AND by a text mark and a dashed
// outline (WCAG 1.4.1: colour is never the only sign).
import { useTranslation } from "react-i18next";
import { type GraphNode, graphProblems, type ScenarioGraph, scenarioGraph, type ScenarioInput } from "./scenario-graph";

const BOX_W = 170;
const BOX_H = 50;
const GAP_X = 30;
const GAP_Y = 56;
const PAD = 16;

function marksOf(node: GraphNode): ("start" | "unreachable" | "deadEnd" | "cycle" | "end")[] {
  const marks: ("start" | "unreachable" | "deadEnd" | "cycle" | "end")[] = [];
  if (node.isStart) marks.push("start");
  if (!node.isReachable) marks.push("unreachable");
  if (node.isDeadEnd) marks.push("deadEnd");
  if (node.isInCycle) marks.push("cycle");
  if (node.isEnd) marks.push("end");
  return marks;
}

const isProblem = (node: GraphNode) => !node.isReachable || node.isDeadEnd || node.isInCycle;

export function ScenarioGraphView({ scenario, idPrefix = "scenario-graph" }: { scenario: ScenarioInput; idPrefix?: string }) {
  const { t } = useTranslation();
  const graph = scenarioGraph(scenario);
  const problems = graphProblems(graph, scenario.start);
  const markText = (mark: ReturnType<typeof marksOf>[number]) => t(`studioEditors.graph.marks.${mark}`);
  return (
    <section className="scenario-graph" aria-labelledby={`${idPrefix}-heading`}>
      <h3 id={`${idPrefix}-heading`}>{t("studioEditors.graph.heading")}</h3>
      {problems.length > 0 ? (
        <div className="form-error" role="alert">
          <p>{t("studioEditors.graph.problemsIntro")}</p>
          <ul>
            {problems.map((problem, i) => (
              <li key={i}>{problemText(t, problem)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {graph.nodes.length > 0 ? <GraphSvg graph={graph} idPrefix={idPrefix} markText={markText} /> : null}
      <h4 id={`${idPrefix}-list`}>{t("studioEditors.graph.listHeading")}</h4>
      <ul aria-labelledby={`${idPrefix}-list`}>
        {graph.nodes.map((node) => (
          <li key={node.id}>
            <span>
              {t("studioEditors.graph.stepLabel", { id: node.id, type: node.type ? t(`studioEditors.types.${node.type}`, { defaultValue: node.type }) : "?" })}
            </span>
            {marksOf(node).length > 0 ? <span> ({marksOf(node).map(markText).join(", ")})</span> : null}
            <ul>
              {graph.edges
                .filter((edge) => edge.from === node.id)
                .map((edge, i) => (
                  <li key={i}>
                    {edge.option ? t("studioEditors.graph.viaOption", { option: edge.option }) : t("studioEditors.graph.viaStep")} →{" "}
                    {edge.to === undefined
                      ? t("studioEditors.graph.ends")
                      : edge.isBroken
                        ? t("studioEditors.graph.missingStep", { id: edge.to })
                        : edge.to}
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

function GraphSvg({ graph, idPrefix, markText }: { graph: ScenarioGraph; idPrefix: string; markText: (mark: ReturnType<typeof marksOf>[number]) => string }) {
  const { t } = useTranslation();
  const widest = Math.max(1, ...Array.from({ length: graph.layers }, (_, l) => graph.nodes.filter((n) => n.layer === l).length));
  const width = PAD * 2 + widest * BOX_W + (widest - 1) * GAP_X;
  const height = PAD * 2 + graph.layers * BOX_H + Math.max(0, graph.layers - 1) * GAP_Y + 24;
  const position = new Map(graph.nodes.map((node) => [node.id, { x: PAD + node.slot * (BOX_W + GAP_X), y: PAD + node.layer * (BOX_H + GAP_Y) }]));
  const problemCount = graph.nodes.filter(isProblem).length;
  return (
    <svg
      role="img"
      aria-labelledby={`${idPrefix}-title ${idPrefix}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      className="scenario-graph__svg"
    >
      <title id={`${idPrefix}-title`}>{t("studioEditors.graph.title")}</title>
      <desc id={`${idPrefix}-desc`}>{t("studioEditors.graph.desc", { steps: graph.nodes.length, problems: problemCount })}</desc>
      <defs>
        <marker id={`${idPrefix}-arrow`} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#333" />
        </marker>
      </defs>
      {graph.edges.map((edge, i) => {
        const from = position.get(edge.from)!;
        const x1 = from.x + BOX_W / 2;
        const y1 = from.y + BOX_H;
        if (edge.to === undefined || edge.isBroken) {
          // An end (or a way to a missing step) is a short stub with its word, so the drawing shows every way out.
          const label = edge.to === undefined ? t("studioEditors.graph.endShort") : t("studioEditors.graph.missingShort", { id: edge.to });
          return (
            <g key={i} className={edge.isBroken ? "graph-edge graph-edge--broken" : "graph-edge graph-edge--end"}>
              <line x1={x1} y1={y1} x2={x1} y2={y1 + 14} stroke={edge.isBroken ? "#b00020" : "#555"} strokeDasharray={edge.isBroken ? "4 3" : undefined} />
              <text x={x1 + 4} y={y1 + 24} fontSize="11" fill={edge.isBroken ? "#b00020" : "#333"}>
                {edge.option ? `${edge.option}: ` : ""}
                {label}
              </text>
            </g>
          );
        }
        const to = position.get(edge.to)!;
        const x2 = to.x + BOX_W / 2;
        const y2 = edge.isBack ? to.y + BOX_H : to.y;
        const path = edge.isBack
          ? `M ${from.x + BOX_W} ${from.y + BOX_H / 2} C ${from.x + BOX_W + 40} ${from.y + BOX_H / 2}, ${to.x + BOX_W + 40} ${to.y + BOX_H / 2}, ${to.x + BOX_W} ${to.y + BOX_H / 2}`
          : `M ${x1} ${y1} L ${x2} ${y2}`;
        return (
          <g key={i} className={edge.isBack ? "graph-edge graph-edge--back" : "graph-edge"}>
            <path d={path} fill="none" stroke={edge.isBack ? "#b00020" : "#333"} strokeDasharray={edge.isBack ? "5 3" : undefined} markerEnd={`url(#${idPrefix}-arrow)`} />
            {edge.option ? (
              <text x={(x1 + x2) / 2 + 4} y={(y1 + y2) / 2} fontSize="11" fill="#333">
                {edge.option}
              </text>
            ) : null}
          </g>
        );
      })}
      {graph.nodes.map((node) => {
        const { x, y } = position.get(node.id)!;
        const problem = isProblem(node);
        const marks = marksOf(node).filter((mark) => mark !== "end");
        return (
          <g key={node.id} className={problem ? "graph-node graph-node--problem" : "graph-node"} data-step={node.id}>
            <rect
              x={x}
              y={y}
              width={BOX_W}
              height={BOX_H}
              rx={node.isStart ? 16 : 4}
              fill={problem ? "#fdecea" : "#f4f7fb"}
              stroke={problem ? "#b00020" : "#1f4e79"}
              strokeWidth={problem ? 2.5 : 1.5}
              strokeDasharray={problem ? "6 3" : undefined}
            />
            <text x={x + 8} y={y + 20} fontSize="13" fontWeight="bold" fill="#111">
              {node.id}
            </text>
            {marks.length > 0 ? (
              <text x={x + 8} y={y + 38} fontSize="11" fill={problem ? "#8a0018" : "#333"}>
                {problem ? "⚠ " : ""}
                {marks.map(markText).join(", ")}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

type T = ReturnType<typeof useTranslation>["t"];

function problemText(t: T, problem: ReturnType<typeof graphProblems>[number]): string {
  switch (problem.kind) {
    case "missing-start":
      return t("studioEditors.graph.problems.missingStart", { start: problem.start ?? "—" });
    case "duplicate":
      return t("studioEditors.graph.problems.duplicate", { step: problem.step });
    case "unreachable":
      return t("studioEditors.graph.problems.unreachable", { step: problem.step });
    case "dead-end":
      return t("studioEditors.graph.problems.deadEnd", { step: problem.step });
    case "cycle":
      return t("studioEditors.graph.problems.cycle", { steps: problem.steps.join(" → ") });
    case "broken":
      return t("studioEditors.graph.problems.broken", { step: problem.step, to: problem.to });
  }
}
