// The analytics page's tables as CSV rows (written by csvResponse in app/csv.server.ts, which keeps cells
// formula-safe). Same figures as the page; shares and correlations to four decimals, as fractions (0..1), so a
// spreadsheet can compute with them.
import type { TFunction } from "i18next";
import type { CsvCell } from "~/csv.server";
import type { QuizAnalytics } from "./analytics.server";

export const ANALYTICS_TABLES = ["questions", "answers", "citations"] as const;
export type AnalyticsTable = (typeof ANALYTICS_TABLES)[number];

const round = (value: number) => Math.round(value * 10_000) / 10_000;

export function analyticsCsv(table: AnalyticsTable, analytics: QuizAnalytics, t: TFunction): { header: string[]; rows: CsvCell[][] } {
  const numberOf = new Map(analytics.questions.map((q) => [q.stats.questionId, q.number]));
  switch (table) {
    case "questions":
      return {
        header: [
          t("analytics.table.number"),
          t("analytics.csv.questionId"),
          t("analytics.table.type"),
          t("analytics.table.question"),
          t("analytics.csv.key"),
          t("analytics.rollup.instrument"),
          t("analytics.rollup.article"),
          t("analytics.table.learners"),
          t("analytics.table.facility"),
          t("analytics.table.discrimination"),
          t("analytics.csv.medianSeconds"),
          t("analytics.table.flags"),
        ],
        rows: analytics.questions.map((q) => {
          const s = q.stats;
          const head: CsvCell[] = [q.number, s.questionId, t(`analytics.types.${s.type}`), q.prompt, s.citation.key, q.source, s.citation.locator, s.learners];
          if (!s.hasEnoughData) return [...head, null, null, null, t("analytics.table.notEnoughData")];
          return [
            ...head,
            round(s.facility),
            s.discrimination === null ? t("analytics.table.undefined") : round(s.discrimination),
            s.medianSeconds === null ? null : round(s.medianSeconds),
            s.flags.map((flag) => t(`analytics.flags.${flag}`)).join(", "),
          ];
        }),
      };
    case "answers": {
      const rows: CsvCell[][] = [];
      for (const q of analytics.questions) {
        const s = q.stats;
        if (!s.hasEnoughData) continue;
        // True/false has no option texts in the course format: its two answers are named here.
        const label = (key: string, id = key) => q.labels[key] ?? (id === "true" ? t("analytics.answers.true") : id === "false" ? t("analytics.answers.false") : id);
        const breakdown = s.breakdown;
        const yes = t("analytics.answers.yes");
        const no = t("analytics.answers.no");
        switch (breakdown.kind) {
          case "options":
            for (const option of breakdown.options) rows.push([q.number, s.questionId, null, option.id, label(option.id), null, option.isCorrect ? yes : no, round(option.share), option.picks]);
            rows.push([q.number, s.questionId, null, null, t("analytics.answers.unanswered"), null, null, round(breakdown.unanswered), null]);
            break;
          case "placements":
            for (const item of breakdown.items) {
              for (const category of breakdown.categories) {
                rows.push([q.number, s.questionId, null, item.id, label(item.id), q.labels[`category:${category}`] ?? category, category === item.correct ? yes : no, round(item.shares[category] ?? 0), null]);
              }
            }
            rows.push([q.number, s.questionId, null, null, t("analytics.answers.unanswered"), null, null, round(breakdown.unanswered), null]);
            break;
          case "positions":
            for (const item of breakdown.items) {
              item.shares.forEach((share, position) =>
                rows.push([q.number, s.questionId, null, item.id, label(item.id), t("analytics.answers.position", { number: position + 1 }), position === item.correct ? yes : no, round(share), null]),
              );
            }
            rows.push([q.number, s.questionId, null, null, t("analytics.answers.unanswered"), null, null, round(breakdown.unanswered), null]);
            break;
          case "steps":
            for (const step of breakdown.steps) {
              if (!step.hasEnoughData) continue;
              for (const option of step.options) {
                rows.push([q.number, s.questionId, step.id, option.id, label(`${step.id}/${option.id}`, option.id), null, option.isCorrect ? yes : no, round(option.share), option.picks]);
              }
            }
            break;
        }
      }
      return {
        header: [
          t("analytics.table.number"),
          t("analytics.csv.questionId"),
          t("analytics.csv.stepId"),
          t("analytics.csv.optionId"),
          t("analytics.csv.text"),
          t("analytics.csv.category"),
          t("analytics.answers.correct"),
          t("analytics.answers.share"),
          t("analytics.answers.picks"),
        ],
        rows,
      };
    }
    case "citations":
      return {
        header: [t("analytics.csv.key"), t("analytics.rollup.instrument"), t("analytics.rollup.article"), t("analytics.rollup.questions"), t("analytics.rollup.meanFacility")],
        rows: analytics.byCitation.map((row) => [
          row.key,
          row.source,
          row.locator ?? t("analytics.rollup.whole"),
          row.questionIds.map((id) => `Q${numberOf.get(id)}`).join(", "),
          round(row.meanFacility),
        ]),
      };
  }
}
