import { useTranslation } from "react-i18next";

type Progress = {
  percent: number;
  lessonsDone: number;
  lessonsRequired: number;
  quizzesPassed: number;
  quizzesRequired: number;
  minutesLeft: number;
};

export function ProgressSummary({ progress }: { progress: Progress }) {
  const { t } = useTranslation();
  const label = t("progress.label", { percent: progress.percent });
  return (
    <div className="progress">
      <progress max={100} value={progress.percent} aria-label={label}>
        {progress.percent}%
      </progress>
      <p>
        {label} · {t("progress.lessons", { done: progress.lessonsDone, total: progress.lessonsRequired })} ·{" "}
        {t("progress.quizzes", { done: progress.quizzesPassed, total: progress.quizzesRequired })}
        {progress.minutesLeft > 0 ? ` · ${t("progress.timeLeft", { count: Math.ceil(progress.minutesLeft / 60 * 10) / 10 })}` : ""}
      </p>
    </div>
  );
}
