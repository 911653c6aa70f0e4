import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { getLesson } from "~/courses/courses.server";
import { markLessonComplete } from "~/courses/enrolment.server";
import { stableId } from "~/courses/format";
import { pageTag } from "~/conditional-get.server";
import { parseForm, parseParams, route, routeHeaders } from "~/http.server";
import { getLocale } from "~/i18n/i18next.server";
import { LessonArticle } from "~/courses/lesson-article";
import { useDocumentHtml } from "~/ui/document-html";
import { languageName } from "~/ui/language-names";

const Params = z.object({ slug: stableId, lessonId: stableId });

export const meta = ({ data }: { data?: { lesson: { title: string; courseTitle: string } } }) => [
  { title: data ? `${data.lesson.title} · ${data.lesson.courseTitle} · Lexmigra` : "Lexmigra" },
];

// `next` is where to go afterwards: a lesson id of this course, or (anything else) the course page.
const CompleteForm = z.object({ next: stableId.optional().catch(undefined) });

const BODY_ID = "lesson-body";

// The conditional-GET headers of the loader reach the document as well as the shared ones.
export const headers: HeadersFunction = (args) => {
  const headers = new Headers(routeHeaders(args));
  for (const name of ["ETag", "Cache-Control"]) {
    const value = args.loaderHeaders.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
};

export const loader = route(async ({ request, params, context }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { slug, lessonId } = parseParams(params, Params);
  const locale = await getLocale(request);
  const found = await getLesson(slug, lessonId, locale, user.id);
  // Not enrolled: the course page, where the learner can enrol.
  if (!found.isEnrolled) throw redirect(`/courses/${slug}`);
  const { html, versionId, completedAt, isEnrolled: _, ...lesson } = found;
  // The page shows the version's lesson in this language, this learner's mark, and the shell (name, role): nothing
  // else. entry.server.tsx adds the build and answers a matching If-None-Match with 304 before rendering.
  const etag = pageTag("lesson", versionId, lessonId, locale, user.id, user.fullName, user.role, completedAt);
  // The body is sent once: in the rendered document, or in the data of a client-side navigation.
  const sendInData = !context?.documentOnly || context.isDataRequest;
  if (!sendInData) context.documentOnly!.set(BODY_ID, html);
  return data(
    { lesson: { ...lesson, html: sendInData ? html : undefined } },
    { headers: { ETag: etag, "Cache-Control": "private, no-cache" } },
  );
});

export const action = route(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const { slug, lessonId } = parseParams(params, Params);
  const { next } = await parseForm(request, CompleteForm);
  await markLessonComplete(user.id, slug, lessonId);
  return redirect(next ? `/courses/${slug}/lessons/${next}` : `/courses/${slug}`);
});

export default function LessonPage() {
  const { t, i18n } = useTranslation();
  const { lesson } = useLoaderData<typeof loader>();
  const html = useDocumentHtml(BODY_ID, lesson.html);
  const busy = useNavigation().state === "submitting";
  const base = `/courses/${lesson.courseSlug}`;
  return (
    <div>
      <p className="meta">
        <Link to={base}>{lesson.courseTitle}</Link>
      </p>
      {lesson.language !== i18n.language ? (
        <p className="notice notice--info" role="note">
          {t("lesson.contentLanguage", { language: languageName(i18n.language, lesson.language) })}
        </p>
      ) : null}
      {lesson.outdatedFrom ? (
        <p className="notice notice--info" role="note">
          {t("studioEditors.learner.outdatedTranslation", {
            language: languageName(i18n.language, lesson.outdatedFrom),
          })}
        </p>
      ) : null}
      <LessonArticle language={lesson.language} title={lesson.title} minutes={lesson.minutes} html={html} bodyId={BODY_ID} />
      <Form method="post" className="lesson-complete">
        {lesson.next ? <input type="hidden" name="next" value={lesson.next.lessonId} /> : null}
        {lesson.isComplete ? (
          <p className="notice">{t("lesson.completed")}</p>
        ) : (
          <button type="submit" disabled={busy}>
            {lesson.next ? t("lesson.completeAndNext") : t("lesson.complete")}
          </button>
        )}
      </Form>
      <nav aria-label={t("lesson.pagination")} className="lesson-nav">
        {lesson.previous ? (
          <Link to={`${base}/lessons/${lesson.previous.lessonId}`} rel="prev">
            ← {lesson.previous.title}
          </Link>
        ) : (
          <span />
        )}
        {lesson.next ? (
          <Link to={`${base}/lessons/${lesson.next.lessonId}`} rel="next">
            {lesson.next.title} →
          </Link>
        ) : (
          <Link to={base}>{t("lesson.backToCourse")}</Link>
        )}
      </nav>
    </div>
  );
}
