// /admin/attempts/<id>: an administrator re-grades a finished quiz attempt from its event log (after a grading fix,
// or to settle a disputed result). The change and its before/after are written to the audit log.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireRole } from "~/auth/guards.server";
import { CAN_ADMINISTER } from "~/auth/roles";
import { parseParams, route, routeHeaders } from "~/http.server";
import { RandomId } from "~/ids";
import { pageTitle } from "~/i18n/page-title.server";
import { getAttemptForAdmin, regradeAttempt } from "~/quiz/attempts.server";
import { FormError, formErrorOf } from "~/ui/form";
import { useFormatters } from "~/ui/formatters";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

const Params = z.object({ attemptId: RandomId });

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  await requireRole(request, CAN_ADMINISTER);
  const { attemptId } = parseParams(params, Params);
  return { title: await pageTitle(request, "admin.attempts.title"), attempt: await getAttemptForAdmin(attemptId) };
});

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const admin = await requireRole(request, CAN_ADMINISTER);
  const { attemptId } = parseParams(params, Params);
  return { ok: true as const, ...(await regradeAttempt(admin.id, attemptId)) };
});

export default function AdminAttempt() {
  const { t } = useTranslation();
  const formatters = useFormatters();
  const { attempt } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formError = formErrorOf(result);
  const done = result && "ok" in result && result.ok ? result : undefined;
  const percent = (value: number | null) => (value === null ? "—" : formatters.percent(value));
  return (
    <div className="page page--narrow">
      <h1>{t("admin.attempts.title")}</h1>
      <dl>
        <dt>{t("admin.attempts.quiz")}</dt>
        <dd>
          {attempt.quizTitle} ({attempt.courseSlug})
        </dd>
        <dt>{t("admin.attempts.status")}</dt>
        <dd>{t(`admin.attempts.state.${attempt.status}`)}</dd>
        <dt>{t("admin.attempts.percent")}</dt>
        <dd>{percent(attempt.percent)}</dd>
        <dt>{t("admin.attempts.events")}</dt>
        <dd>{attempt.eventCount}</dd>
      </dl>
      {done ? (
        <p className="notice" role="status">
          {done.isChanged
            ? t("admin.attempts.changed", { before: percent(done.before.percent), after: percent(done.after.percent) })
            : t("admin.attempts.unchanged")}
        </p>
      ) : null}
      <FormError message={formError} />
      <Form method="post">
        <p>{t("admin.attempts.explain")}</p>
        <button type="submit">{t("admin.attempts.regrade")}</button>
      </Form>
    </div>
  );
}
