// The URL of a quiz's analytics (page and CSV): `/studio/analytics/<slug>/<quizId>?version=<id>`.
import { z } from "zod";
import { stableId } from "~/courses/format";
import { RandomId } from "~/ids";

export const AnalyticsParams = z.object({ slug: stableId, quizId: stableId });

/** A malformed version falls back to the live one (search parameters never refuse a page); an unknown one is a 404. */
export const AnalyticsSearch = z.object({ version: z.unknown().transform((v) => (RandomId.safeParse(v).success ? (v as string) : undefined)) });
