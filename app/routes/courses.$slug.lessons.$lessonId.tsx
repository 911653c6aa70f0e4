import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { getLesson } from "~/courses/courses.server";
import { isEnrolled, markLessonComplete } from "~/courses/enrolment.server";
import { stableId } from "~/courses/format";
import { parseForm, parseParams, route, routeHeaders } from "~/http.server";
import { getLocale } from "~/i18n/i18next.server";

const Params = z.object({ slug: stableId, lessonId: stableId });

export const meta = ({ data }: { data?: { lesson: { title: string; courseTitle: string } } }) => [
  { title: data ? `${data.lesson.title} · ${data.lesson.courseTitle} · Lexmigra` : "Lexmigra" },
];

// `next` is where to go afterwards: a lesson id of this course, or (anything else) the course page.
const CompleteForm = z.object({ next: stableId.optional().catch(undefined) });

export const headers = routeHeaders;

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { slug, lessonId } = parseParams(params, Params);
  if (!(await isEnrolled(user.id, slug))) throw redirect(`/courses/${slug}`);
  const locale = await getLocale(request);
  return { lesson: await getLesson(slug, lessonId, locale, user.id) };
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
  const busy = useNavigation().state === "submitting";
  const base = `/courses/${lesson.courseSlug}`;
  return (
    <div>
      <p className="meta">
        <Link to={base}>{lesson.courseTitle}</Link>
      </p>
      {lesson.language !== i18n.language ? (
        <p className="notice notice--info" role="note">
          {t("lesson.contentLanguage", { language: new Intl.DisplayNames(i18n.language, { type: "language" }).of(lesson.language) ?? lesson.language })}
        </p>
      ) : null}
      <article lang={lesson.language} aria-labelledby="lesson-title">
        <h1 id="lesson-title">{lesson.title}</h1>
        <p className="meta">{t("course.minutes", { count: lesson.minutes })}</p>
        {/* Compiled and sanitised once at import (app/courses/markdown.server.ts); no raw HTML survives it. */}
        <div className="prose" dangerouslySetInnerHTML={{ __html: lesson.html }} />
      </article>
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
