// CSV exports of the compliance dashboard: the unit figures or the people list, with the dashboard's filters, in
// the reader's language. The same report function builds them, so the file holds exactly what the page shows (the
// people list whole, not one page of it).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireRole } from "~/auth/guards.server";
import { CAN_FOLLOW_LEARNERS } from "~/auth/roles";
import { csvResponse } from "~/csv.server";
import { parseSearch, route } from "~/http.server";
import { getFixedT, getLocale } from "~/i18n/i18next.server";
import { ComplianceQuery, complianceReport, FIGURES } from "~/supervision/compliance.server";

const ExportQuery = ComplianceQuery.extend({ table: z.enum(["units", "people"]).catch("people") });

const isoDay = (ms: number | null) => (ms === null ? "" : new Date(ms).toISOString().slice(0, 10));

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireRole(request, CAN_FOLLOW_LEARNERS);
  const locale = await getLocale(request);
  const t = await getFixedT(request);
  const { table, ...filters } = parseSearch(request, ExportQuery);
  const report = await complianceReport(user, filters, locale);
  const stamp = new Date().toISOString().slice(0, 10);
  const figureHeads = FIGURES.map((f) => t(`compliance.figures.${f}`));
  if (table === "units") {
    return csvResponse(
      `${t("compliance.export.unitsFile")}-${stamp}.csv`,
      [t("compliance.units.unit"), t("compliance.units.people"), ...figureHeads],
      report.unitRows.map((row) => [row.path, row.people, ...FIGURES.map((f) => row.figures[f])]),
    );
  }
  const rows = await report.allPeople();
  return csvResponse(
    `${t("compliance.export.peopleFile")}-${stamp}.csv`,
    [
      t("compliance.people.person"),
      t("compliance.export.email"),
      t("compliance.people.units"),
      t("compliance.people.course"),
      t("compliance.people.status"),
      t("compliance.people.due"),
      t("compliance.people.completed"),
      t("compliance.people.certificate"),
      t("compliance.export.validUntil"),
    ],
    rows.map((row) => [
      row.fullName,
      row.email,
      row.units.join("; "),
      row.courseTitle,
      t(`compliance.status.${row.status}`),
      isoDay(row.dueAt - 1),
      isoDay(row.completedAt),
      row.certificate === null ? "" : t(`compliance.certificate.${row.certificate}`),
      isoDay(row.validUntil),
    ]),
  );
});
