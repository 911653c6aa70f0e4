// A course's versions in the studio: who published, when, why, who approved, which door; a readable diff between
// any two versions; preview or download any version; restore an old version as a new draft.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { profilesByIds } from "~/auth/accounts.server";
import { stableId } from "~/courses/format";
import { listCourseVersions, readVersionFiles } from "~/courses/versions.server";
import { parseForm, parseParams, parseSearch, route, routeHeaders } from "~/http.server";
import { pageTitle } from "~/i18n/page-title.server";
import { RandomId } from "~/ids";
import { requireStudioUser } from "~/studio/access.server";
import { diffCourseFiles } from "~/studio/diff.server";
import { draftFromVersion } from "~/studio/workflow.server";
import { useFormatters } from "~/ui/formatters";
import { titleMeta } from "~/ui/meta";
import { CourseDiff } from "~/studio/ui";

export const meta = titleMeta;
export const headers = routeHeaders;

const Params = z.object({ slug: stableId });
const Compare = z.object({ from: RandomId.optional().catch(undefined), to: RandomId.optional().catch(undefined) });
const Restore = z.object({ intent: z.literal("restore"), versionId: RandomId });

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  await requireStudioUser(request);
  const { slug } = parseParams(params, Params);
  const versions = await listCourseVersions(slug);
  const people = await profilesByIds(versions.flatMap((v) => [v.publishedBy, v.approvedBy].filter((id): id is string => !!id)));
  const name = (id: string | null) => (id ? (people.get(id)?.fullName ?? null) : null);
  const { from, to } = parseSearch(request, Compare);
  const known = new Set(versions.map((v) => v.id));
  const diff =
    from && to && known.has(from) && known.has(to)
      ? diffCourseFiles(await readVersionFiles(slug, from), await readVersionFiles(slug, to))
      : null;
  return {
    title: await pageTitle(request, "studio.versions.title", { course: slug }),
    slug,
    versions: versions.map((v) => ({ ...v, publishedBy: name(v.publishedBy), approvedBy: name(v.approvedBy) })),
    compare: { from: from ?? versions[1]?.id ?? null, to: to ?? versions[0]?.id ?? null },
    diff,
  };
});

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireStudioUser(request);
  const { slug } = parseParams(params, Params);
  const { versionId } = await parseForm(request, Restore);
  return redirect(`/studio/drafts/${await draftFromVersion(user, slug, versionId)}`);
});

export default function CourseVersions() {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const { slug, versions, compare, diff } = useLoaderData<typeof loader>();
  const label = (id: string | null) => versions.find((v) => v.id === id)?.label ?? "";
  return (
    <div>
      <p className="meta">
        <Link to="/studio">{t("studio.nav.courses")}</Link>
      </p>
      <h1>{t("studio.versions.heading", { course: slug })}</h1>
      <div className="table-scroll">
        <table>
          <caption>{t("studio.versions.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("studio.versions.version")}</th>
              <th scope="col">{t("studio.versions.when")}</th>
              <th scope="col">{t("studio.versions.origin")}</th>
              <th scope="col">{t("studio.versions.who")}</th>
              <th scope="col">{t("studio.versions.changeNote")}</th>
              <th scope="col">{t("studio.versions.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <th scope="row">
                  {v.label} {v.isLive ? <span className="badge badge--ok">{t("studio.versions.live")}</span> : null}
                </th>
                <td>{dateTime(v.importedAt)}</td>
                <td>{t(`studio.versions.origins.${v.origin}`)}</td>
                <td>
                  {v.publishedBy ? t("studio.versions.publishedBy", { name: v.publishedBy }) : "—"}
                  {v.approvedBy ? (
                    <>
                      <br />
                      {t("studio.versions.approvedBy", { name: v.approvedBy, at: dateTime(v.approvedAt!), note: v.approvalNote || "—" })}
                    </>
                  ) : null}
                  {v.isUrgentCorrection ? (
                    <>
                      <br />
                      <strong className="badge badge--warn">{t("studio.versions.urgent")}</strong>
                    </>
                  ) : null}
                </td>
                <td>{v.changeNote ?? "—"}</td>
                <td>
                  <Link to={`/studio/courses/${slug}/versions/${v.id}`}>{t("studio.versions.preview", { version: v.label })}</Link>
                  <br />
                  <Link to={`/studio/courses/${slug}/versions/${v.id}/quizzes`}>{t("studioPreview.versionQuizzes", { version: v.label })}</Link>
                  <br />
                  <a href={`/studio/courses/${slug}/versions/${v.id}/zip`}>{t("studio.versions.zip", { version: v.label })}</a>
                  {v.isLive ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="restore" />
                      <input type="hidden" name="versionId" value={v.id} />
                      <button type="submit" className="secondary" aria-label={t("studio.versions.restoreVersion", { version: v.label })}>
                        {t("studio.versions.restore")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {versions.length > 1 ? (
        <section aria-labelledby="compare-heading">
          <h2 id="compare-heading">{t("studio.versions.compareHeading")}</h2>
          <Form method="get" className="filters">
            <div className="field">
              <label htmlFor="from">{t("studio.versions.from")}</label>
              <select id="from" name="from" defaultValue={compare.from ?? undefined}>
                {versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.label} · {dateTime(v.importedAt)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="to">{t("studio.versions.to")}</label>
              <select id="to" name="to" defaultValue={compare.to ?? undefined}>
                {versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.label} · {dateTime(v.importedAt)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">{t("studio.versions.compare")}</button>
          </Form>
          {diff ? <CourseDiff diff={diff} from={label(compare.from)} to={label(compare.to)} /> : null}
        </section>
      ) : null}
    </div>
  );
}

