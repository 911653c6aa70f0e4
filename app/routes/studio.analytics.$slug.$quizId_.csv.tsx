// GET /studio/analytics/<slug>/<quizId>/csv?table=questions|answers|citations&version=<id>: the analytics page's
// tables as formula-safe CSV, for the studio's users (app/studio/access.server.ts). Aggregates only (ADR 0028).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse } from "~/csv.server";
import { OneOf, parseParams, parseSearch, route } from "~/http.server";
import { requireStudioUser } from "~/studio/access.server";
import { getFixedT, getLocale } from "~/i18n/i18next.server";
import { ANALYTICS_TABLES, analyticsCsv } from "~/studio/analytics-csv";
import { AnalyticsParams, AnalyticsSearch } from "~/studio/analytics-params";
import { quizAnalytics } from "~/studio/analytics.server";

const CsvSearch = AnalyticsSearch.extend({ table: OneOf(ANALYTICS_TABLES) });

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  await requireStudioUser(request);
  const { slug, quizId } = parseParams(params, AnalyticsParams);
  const { version, table = "questions" } = parseSearch(request, CsvSearch);
  const analytics = await quizAnalytics(slug, quizId, version, await getLocale(request));
  const { header, rows } = analyticsCsv(table, analytics, await getFixedT(request));
  return csvResponse(`analytics-${slug}-${quizId}-${analytics.version.label}-${table}.csv`, header, rows);
});
