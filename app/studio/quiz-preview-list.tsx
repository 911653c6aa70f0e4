// The quizzes of a draft or of a version that a trainer can take in preview (ADR 0034): one plain form per quiz, so
// starting one works without JavaScript; or, when the course does not compile, the compiler's messages.
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Message } from "~/errors";
import { FormError } from "~/ui/form";

export type QuizPreviewListData = {
  heading: string;
  courseTitle: string | null;
  errors: string[];
  quizzes: Array<{ quizId: string; moduleTitle: string; title: string; questionCount: number; scenarioCount: number; passMark: number; feedback: "immediate" | "deferred" }>;
  links: Array<{ href: string; label: string }>;
};

export function QuizPreviewList({ heading, courseTitle, errors, quizzes, links, failure }: QuizPreviewListData & { failure?: Message }) {
  const { t } = useTranslation();
  return (
    <div>
      <p className="meta">
        {links.map((link, index) => (
          <span key={link.href}>
            {index > 0 ? " · " : null}
            <Link to={link.href}>{link.label}</Link>
          </span>
        ))}
      </p>
      <h1>{heading}</h1>
      <p className="notice notice--info" role="note">
        {t("studioPreview.notice")}
      </p>
      <FormError message={failure} />
      {!courseTitle ? (
        <>
          <p className="form-error">{t("studioPreview.list.invalid")}</p>
          <pre className="course-errors" tabIndex={0} aria-label={t("studioPreview.list.errors")}>
            {errors.join("\n")}
          </pre>
        </>
      ) : quizzes.length === 0 ? (
        <p>{t("studioPreview.list.none")}</p>
      ) : (
        <ul className="plain-list">
          {quizzes.map((quiz) => (
            <li key={quiz.quizId}>
              <h2>{quiz.title}</h2>
              <p className="meta">
                {t("studioPreview.list.module", { module: quiz.moduleTitle })} · {t("quiz.overview.questions", { count: quiz.questionCount })} ·{" "}
                {t("studioPreview.list.cases", { number: quiz.scenarioCount })} · {t("quiz.overview.passMark", { percent: quiz.passMark })} ·{" "}
                {quiz.feedback === "immediate" ? t("quiz.overview.immediate") : t("quiz.overview.deferred")}
              </p>
              <Form method="post">
                <input type="hidden" name="quizId" value={quiz.quizId} />
                <button type="submit" aria-label={t("studioPreview.list.startQuiz", { quiz: quiz.title })}>
                  {t("studioPreview.list.start")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
