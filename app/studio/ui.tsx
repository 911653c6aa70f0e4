// Small presentational pieces shared by the studio's pages.
import { useTranslation } from "react-i18next";

export function DraftState({ state, isConflict }: { state: string; isConflict: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <span className="badge">{t(`studio.state.${state}`)}</span>
      {isConflict ? <strong className="badge badge--warn"> {t("studio.home.conflict")}</strong> : null}
    </>
  );
}

export function CourseDiff({ diff, from, to }: { diff: { path: string; status: string; parts: { kind: string; text: string }[] }[]; from: string; to: string }) {
  const { t } = useTranslation();
  if (diff.length === 0) return <p role="status">{t("studio.diff.none", { from, to })}</p>;
  return (
    <div className="diff">
      <p>{t("studio.diff.summary", { count: diff.length, from, to })}</p>
      {diff.map((file) => (
        <section key={file.path} aria-label={file.path}>
          <h3>
            {file.path} <span className="badge">{t(`studio.diff.${file.status}`)}</span>
          </h3>
          <pre>
            {file.parts.map((part, index) =>
              part.kind === "added" ? (
                <ins key={index}>
                  <span className="visually-hidden">{t("studio.diff.addedText")} </span>
                  {part.text}
                </ins>
              ) : part.kind === "removed" ? (
                <del key={index}>
                  <span className="visually-hidden">{t("studio.diff.removedText")} </span>
                  {part.text}
                </del>
              ) : (
                <span key={index}>{part.text}</span>
              ),
            )}
          </pre>
        </section>
      ))}
    </div>
  );
}
