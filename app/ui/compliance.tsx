// Presentational pieces of the compliance pages: a person's status, a due day, and the completion chart (SVG drawn
// on the server, with the same figures as a table for screen readers and for anyone without images).
import { useTranslation } from "react-i18next";
import type { Formatters } from "./formatters";

type Status = "not-started" | "in-progress" | "completed-on-time" | "completed-late" | "overdue" | "expiring" | "expired";

const BADGE: Record<Status, string> = {
  "not-started": "badge",
  "in-progress": "badge",
  "completed-on-time": "badge badge--ok",
  "completed-late": "badge badge--ok",
  overdue: "badge badge--danger",
  expiring: "badge badge--warn",
  expired: "badge badge--danger",
};

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <span className={BADGE[status]}>{t(`compliance.status.${status}`)}</span>;
}

/**
 * The day a due moment falls on. Due dates chosen as a day are stored as the end of that day (UTC), so the last
 * millisecond before the moment names the day; they are the same for every reader, like certificate dates.
 */
export function dueDay(formatters: Formatters, dueAt: number) {
  return formatters.certificateDate(dueAt - 1, "medium");
}

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 10, right: 10, bottom: 30, left: 36 };

export function CompletionChart({ months }: { months: { month: string; completed: number }[] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...months.map((m) => m.completed));
  const band = (WIDTH - PAD.left - PAD.right) / Math.max(1, months.length);
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="chart-title" width="100%" preserveAspectRatio="xMinYMin meet">
        <title id="chart-title">{t("compliance.chart.title")}</title>
        <line x1={PAD.left} y1={HEIGHT - PAD.bottom} x2={WIDTH - PAD.right} y2={HEIGHT - PAD.bottom} stroke="currentColor" />
        <text x={PAD.left - 6} y={PAD.top + 8} textAnchor="end" fontSize="11" fill="currentColor">
          {max}
        </text>
        <text x={PAD.left - 6} y={HEIGHT - PAD.bottom} textAnchor="end" fontSize="11" fill="currentColor">
          0
        </text>
        {months.map((m, i) => {
          const h = (m.completed / max) * plotHeight;
          const x = PAD.left + i * band;
          return (
            <g key={m.month}>
              <rect x={x + band * 0.15} y={HEIGHT - PAD.bottom - h} width={band * 0.7} height={h} fill="#1d5fa8" />
              <text x={x + band / 2} y={HEIGHT - PAD.bottom + 14} textAnchor="middle" fontSize="10" fill="currentColor">
                {m.month.slice(2)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <table className="chart-data">
          <caption>{t("compliance.chart.table")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("compliance.chart.month")}</th>
                <th scope="col">{t("compliance.chart.completed")}</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{m.month}</th>
                  <td>{m.completed}</td>
                </tr>
              ))}
            </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
