// /studio: every course with its live version, open drafts and conflict marks; create, duplicate, archive.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { isMultipartForm, parseForm, parseFormData, readForm, route, routeHeaders } from "~/http.server";
import { getLocale } from "~/i18n/i18next.server";
import { pageTitle } from "~/i18n/page-title.server";
import { requireStudioUser } from "~/studio/access.server";
import { studioOverview } from "~/studio/overview.server";
import { draftFromZip, MAX_UPLOAD_BYTES } from "~/studio/zip.server";
import { ValidationError } from "~/errors";
import { archiveCourse, createCourseDraft, draftFromVersion, duplicateCourse } from "~/studio/workflow.server";
import { fieldErrorOf, FormError, formErrorOf, typedValueOf, useMessage } from "~/ui/form";
import { useFormatters } from "~/ui/formatters";
import { titleMeta } from "~/ui/meta";
import { DraftState } from "~/studio/ui";

export const meta = titleMeta;
export const headers = routeHeaders;

const Slug = z.string().trim().max(200).default("");
const StudioAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), slug: Slug, title: z.string().max(400).default("") }),
  z.object({ intent: z.literal("draft"), course: Slug }),
  z.object({ intent: z.literal("duplicate"), course: Slug, slug: Slug }),
  z.object({ intent: z.literal("archive"), course: Slug, archived: z.enum(["1", "0"]) }),
]);

const ZipUpload = z.object({ intent: z.literal("upload"), archive: z.unknown() });

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  await requireStudioUser(request);
  return { title: await pageTitle(request, "studio.home.title"), ...(await studioOverview(await getLocale(request))) };
});

export const action = route(async ({ request }: ActionFunctionArgs) => {
  const user = await requireStudioUser(request);
  if (isMultipartForm(request)) {
    // A zip upload: size-limited while it is read, refused as a whole with a message, nothing written before.
    const upload = parseFormData(await readForm(request, { maxBytes: MAX_UPLOAD_BYTES + 64 * 1024 }), ZipUpload);
    const archive = upload.archive;
    if (!(archive instanceof File) || archive.size === 0) throw new ValidationError({ archive: { key: "studio.zip.missing" } });
    return redirect(`/studio/drafts/${await draftFromZip(user, new Uint8Array(await archive.arrayBuffer()))}`);
  }
  const form = await parseForm(request, StudioAction);
  switch (form.intent) {
    case "create":
      return redirect(`/studio/drafts/${await createCourseDraft(user, { slug: form.slug, title: form.title })}`);
    case "draft":
      return redirect(`/studio/drafts/${await draftFromVersion(user, form.course)}`);
    case "duplicate":
      return redirect(`/studio/drafts/${await duplicateCourse(user, form.course, form.slug)}`);
    case "archive":
      await archiveCourse(user, form.course, form.archived === "1");
      return { ok: true as const, course: form.course, archived: form.archived === "1" };
  }
});

export default function StudioHome() {
  const { t } = useTranslation();
  const message = useMessage();
  const { dateTime } = useFormatters();
  const { courses, newCourses } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const done = result && "ok" in result ? result : undefined;
  const conflicts = courses.flatMap((c) => c.drafts.filter((d) => d.isConflict).map((d) => ({ ...d, slug: c.slug })));
  const fieldError = (name: string) => message(fieldErrorOf(result, name));
  const failure = formErrorOf(result);
  return (
    <div>
      <h1>{t("studio.home.title")}</h1>
      <p>{t("studio.home.intro")}</p>
      {done ? (
        <p className="notice" role="status">
          {t(done.archived ? "studio.home.archived" : "studio.home.unarchived", { course: done.course })}
        </p>
      ) : null}
      <FormError message={failure} />
      {conflicts.length > 0 ? (
        <section className="notice notice--warning" aria-labelledby="conflicts-heading">
          <h2 id="conflicts-heading">{t("studio.home.conflictsHeading")}</h2>
          <ul>
            {conflicts.map((d) => (
              <li key={d.id}>
                <Link to={`/studio/drafts/${d.id}`}>{t("studio.home.conflictLink", { course: d.slug })}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="courses-heading">
        <h2 id="courses-heading">{t("studio.home.coursesHeading")}</h2>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("studio.home.course")}</th>
                <th scope="col">{t("studio.home.live")}</th>
                <th scope="col">{t("studio.home.drafts")}</th>
                <th scope="col">{t("studio.home.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {courses.map((course) => (
                <tr key={course.slug}>
                  <th scope="row">
                    {course.title} <code>{course.slug}</code>
                    {course.isArchived ? <span className="badge"> {t("studio.home.isArchived")}</span> : null}
                  </th>
                  <td>{course.liveLabel ?? "—"}</td>
                  <td>
                    {course.drafts.length === 0 ? (
                      t("studio.home.noDrafts")
                    ) : (
                      <ul className="plain-list">
                        {course.drafts.map((d) => (
                          <li key={d.id}>
                            <Link to={`/studio/drafts/${d.id}`}>{t("studio.home.draftLink", { at: dateTime(d.updatedAt), by: d.updatedBy ?? t("studio.home.disk") })}</Link>{" "}
                            <DraftState state={d.state} isConflict={d.isConflict} />
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="draft" />
                      <input type="hidden" name="course" value={course.slug} />
                      <button type="submit" aria-label={t("studio.home.newDraftFor", { course: course.title })}>
                        {t("studio.home.newDraft")}
                      </button>
                    </Form>{" "}
                    <Link to={`/studio/courses/${course.slug}`}>{t("studio.home.history")}</Link>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="archive" />
                      <input type="hidden" name="course" value={course.slug} />
                      <input type="hidden" name="archived" value={course.isArchived ? "0" : "1"} />
                      <button type="submit" className="secondary" aria-label={`${t(course.isArchived ? "studio.home.unarchive" : "studio.home.archive")}: ${course.title}`}>
                        {t(course.isArchived ? "studio.home.unarchive" : "studio.home.archive")}
                      </button>
                    </Form>
                    <details>
                      <summary>{t("studio.home.duplicate")}</summary>
                      <Form method="post">
                        <input type="hidden" name="intent" value="duplicate" />
                        <input type="hidden" name="course" value={course.slug} />
                        <label htmlFor={`dup-${course.slug}`}>{t("studio.home.newSlug")}</label>{" "}
                        <input id={`dup-${course.slug}`} name="slug" required pattern="[a-z0-9]+(-[a-z0-9]+)*" />{" "}
                        <button type="submit">{t("studio.home.duplicateSubmit")}</button>
                      </Form>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {newCourses.length > 0 ? (
        <section aria-labelledby="new-courses-heading">
          <h2 id="new-courses-heading">{t("studio.home.newCoursesHeading")}</h2>
          <ul>
            {newCourses.map((d) => (
              <li key={d.id}>
                <Link to={`/studio/drafts/${d.id}`}>{d.slug}</Link> <DraftState state={d.state} isConflict={d.isConflict} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="upload-heading">
        <h2 id="upload-heading">{t("studio.zip.heading")}</h2>
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="upload" />
          <div className="field">
            <label htmlFor="archive">{t("studio.zip.label")}</label>
            <p id="archive-hint" className="hint">{t("studio.zip.hint")}</p>
            <input id="archive" name="archive" type="file" accept=".zip,application/zip" aria-describedby={fieldError("archive") ? "archive-hint archive-error" : "archive-hint"} aria-invalid={fieldError("archive") ? true : undefined} />
            {fieldError("archive") ? <p id="archive-error" className="error">{fieldError("archive")}</p> : null}
          </div>
          <button type="submit">{t("studio.zip.submit")}</button>
        </Form>
      </section>

      <section aria-labelledby="create-heading">
        <h2 id="create-heading">{t("studio.home.createHeading")}</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create" />
          <div className="field">
            <label htmlFor="create-title">{t("studio.home.titleLabel")}</label>
            <input id="create-title" name="title" required defaultValue={typedValueOf(result, "title")} aria-invalid={fieldError("title") ? true : undefined} aria-describedby={fieldError("title") ? "create-title-error" : undefined} />
            {fieldError("title") ? <p id="create-title-error" className="error">{fieldError("title")}</p> : null}
          </div>
          <div className="field">
            <label htmlFor="create-slug">{t("studio.home.slugLabel")}</label>
            <p id="create-slug-hint" className="hint">{t("studio.home.slugHint")}</p>
            <input id="create-slug" name="slug" required defaultValue={typedValueOf(result, "slug")} aria-invalid={fieldError("slug") ? true : undefined} aria-describedby={fieldError("slug") ? "create-slug-hint create-slug-error" : "create-slug-hint"} />
            {fieldError("slug") ? <p id="create-slug-error" className="error">{fieldError("slug")}</p> : null}
          </div>
          <button type="submit">{t("studio.home.createSubmit")}</button>
        </Form>
      </section>
    </div>
  );
}
