// Server-rendered SVG bar charts for question analytics: no client chart library, no script. Each chart is one image
// (role="img", named by its <title> and described by its <desc>); the table printed beside it holds the same figures
// and is the text alternative (WCAG 2.2 1.1.1). Colours are SVG attributes, not inline styles (the CSP allows none),
// and correct answers are told apart by a ✓ in the label too, not by colour alone (1.4.1).
import { useId } from "react";

export type Bar = { label: string; value: number; isCorrect?: boolean; isMissing?: boolean };

const ROW = 26;
const LABEL_WIDTH = 64;
const CHART_WIDTH = 360;
const VALUE_WIDTH = 56;
// Contrast of at least 3:1 on white for the bars (1.4.11), 4.5:1 for the text (1.4.3).
const CORRECT = "#1d6b35";
const OTHER = "#5a6470";
const TEXT = "#1a1a1a";

/**
 * Horizontal bars of shares (0..1). `marks` draws dashed reference lines (the very-hard and very-easy thresholds).
 */
export function ShareChart({ title, description, bars, format, marks = [] }: { title: string; description: string; bars: Bar[]; format: (share: number) => string; marks?: number[] }) {
  const id = useId();
  const height = bars.length * ROW + 8;
  const width = LABEL_WIDTH + CHART_WIDTH + VALUE_WIDTH;
  return (
    <svg
      className="share-chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <line x1={LABEL_WIDTH} x2={LABEL_WIDTH} y1={0} y2={height} stroke={TEXT} strokeWidth={1} />
      {marks.map((mark) => (
        <line key={mark} x1={LABEL_WIDTH + mark * CHART_WIDTH} x2={LABEL_WIDTH + mark * CHART_WIDTH} y1={0} y2={height} stroke={OTHER} strokeDasharray="4 3" strokeWidth={1} />
      ))}
      {bars.map((bar, i) => {
        const y = 4 + i * ROW;
        const length = bar.isMissing ? 0 : Math.max(0, Math.min(1, bar.value)) * CHART_WIDTH;
        return (
          <g key={`${bar.label}-${i}`}>
            <text x={LABEL_WIDTH - 6} y={y + ROW / 2 + 4} textAnchor="end" fontSize={13} fill={TEXT}>
              {bar.isCorrect ? `✓ ${bar.label}` : bar.label}
            </text>
            <rect x={LABEL_WIDTH} y={y + 3} width={length} height={ROW - 8} fill={bar.isCorrect ? CORRECT : OTHER} />
            <text x={LABEL_WIDTH + length + 4} y={y + ROW / 2 + 4} fontSize={13} fill={TEXT}>
              {bar.isMissing ? "—" : format(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
