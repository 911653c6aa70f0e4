// A lesson previewed in the studio as a learner would see it: the learner's LessonArticle over the compiler's HTML,
// with the compiler's messages for the file above it and the other lessons of the draft or version beside it.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LessonArticle } from "~/courses/lesson-article";

export type LessonPreviewData = {
  path: string;
  errors: string[];
  lesson?: { language: string; title: string; minutes: number; html: string };
  lessons: string[];
  base: string;
  backTo: { href: string; label: string };
  /** The draft's or version's quizzes to take in preview (ADR 0034). */
  quizzesHref?: string;
};

export function LessonPreviewPage({ path, errors, lesson, lessons, base, backTo, quizzesHref }: LessonPreviewData) {
  const { t } = useTranslation();
  return (
    <div>
      <p className="meta">
        <Link to={backTo.href}>{backTo.label}</Link>
      </p>
      <p className="notice notice--info" role="note">
        {t("studio.preview.notice", { path })}
      </p>
      {errors.length > 0 ? <pre className="course-errors">{errors.join("\n")}</pre> : null}
      {lesson ? (
        <div className="preview-frame">
          <LessonArticle language={lesson.language} title={lesson.title} minutes={lesson.minutes} html={lesson.html} bodyId="preview-body" />
        </div>
      ) : null}
      <nav aria-label={t("studio.preview.lessons")}>
        <h2>{t("studio.preview.lessons")}</h2>
        <ul>
          {lessons.map((other) => (
            <li key={other}>
              <Link to={`${base}/${other}`} aria-current={other === path ? "page" : undefined}>
                {other}
              </Link>
            </li>
          ))}
        </ul>
        {quizzesHref ? (
          <p>
            <Link to={quizzesHref}>{t("studioPreview.takeQuizzes")}</Link>
          </p>
        ) : null}
      </nav>
    </div>
  );
}
