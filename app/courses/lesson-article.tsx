// The learner's view of a lesson: title, study time and the compiled, sanitised body. The lesson page and the
// studio's previews both render it, so a preview is exactly what learners will see (issue 13).
import { useTranslation } from "react-i18next";

export function LessonArticle({ language, title, minutes, html, bodyId }: { language: string; title: string; minutes: number; html: string; bodyId: string }) {
  const { t } = useTranslation();
  return (
    <article lang={language} aria-labelledby="lesson-title">
      <h1 id="lesson-title">{title}</h1>
      <p className="meta">{t("course.minutes", { count: minutes })}</p>
      {/* Compiled and sanitised by the course compiler (app/courses/markdown.server.ts); no raw HTML survives it. */}
      <div id={bodyId} className="prose" dangerouslySetInnerHTML={{ __html: html }} />
    </article>
  );
}
