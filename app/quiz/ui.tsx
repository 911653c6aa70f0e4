// The attempt screens. Every control is part of a plain form (works without JavaScript); with JavaScript the forms
// are fetchers, so answering does not reload the page. Nothing here receives answer data before the server's
// learner view allows it.
import { useFetcher } from "@remix-run/react";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Question } from "~/courses/format";
import { formErrorOf, useMessage } from "~/ui/form";
import type { Answer, StepAnswer } from "./answers";
import type { Choice, CurrentQuestion, FeedbackView, LearnerView, QuestionView, ResultView, ReviewItem, StepView } from "./learner-view";

type QuizForm = { seq: number; isHydrated: boolean };

/** Where an enhanced event's answer (the attempt's next screen) goes: the attempt page shows it. */
export const AttemptUpdates = createContext<(attempt: unknown) => void>(() => {});

/** One learner event. `hidden` fields ride along; children hold the answer controls and buttons. */
export function EventForm({ form, children, label, className }: { form: QuizForm; children: ReactNode; label?: string; className?: string }) {
  const fetcher = useFetcher<{ attempt?: unknown }>();
  const failure = formErrorOf(fetcher.data);
  const showAttempt = useContext(AttemptUpdates);
  const next = fetcher.state === "idle" ? fetcher.data?.attempt : undefined;
  useEffect(() => {
    if (next) showAttempt(next);
  }, [next, showAttempt]);
  const message = useMessage();
  return (
    <fetcher.Form method="post" aria-label={label} className={className}>
      {failure && fetcher.state === "idle" ? (
        <p className="form-error" role="alert">
          {message(failure)}
        </p>
      ) : null}
      <input type="hidden" name="seq" value={form.seq} />
      {form.isHydrated ? <input type="hidden" name="enhanced" value="1" /> : null}
      <fieldset disabled={fetcher.state !== "idle"} className="bare">
        {children}
      </fieldset>
    </fetcher.Form>
  );
}

function IntentButton({ intent, children, className, extra }: { intent: string; children: ReactNode; className?: string; extra?: Record<string, string> }) {
  return (
    <>
      {extra ? Object.entries(extra).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />) : null}
      <button type="submit" name="intent" value={intent} className={className}>
        {children}
      </button>
    </>
  );
}

export function QuestionScreen({ view, form, feedbackMode }: { view: LearnerView; form: QuizForm; feedbackMode: "immediate" | "deferred" }) {
  const { t } = useTranslation();
  const current = view.current!;
  const { question } = current;
  const headingRef = useRef<HTMLHeadingElement>(null);
  // After a fetcher moves to another question, focus its heading so screen readers and keyboards follow.
  useEffect(() => {
    if (form.isHydrated) headingRef.current?.focus();
  }, [question.id, form.isHydrated]);
  return (
    <section aria-labelledby="question-heading">
      <p className="meta">
        {t("quiz.progress", { number: view.number, total: view.total })} · {t("quiz.answered", { count: view.answeredCount, total: view.total })}
      </p>
      <h2 id="question-heading" ref={headingRef} tabIndex={-1}>
        {question.type === "scenario" ? t("quiz.caseTitle", { title: question.prompt }) : question.prompt}
      </h2>
      {question.type === "scenario" ? (
        <ScenarioBody question={question} form={form} feedbackMode={feedbackMode} feedback={view.state === "feedback" ? view.feedback : null} />
      ) : view.state === "feedback" && view.feedback ? (
        <>
          <AnswerDisplay question={question} answer={current.answer} />
          <FeedbackPanel feedback={view.feedback} choices={choicesOf(question)} />
        </>
      ) : (
        <AnswerForm question={question} current={current} form={form} feedbackMode={feedbackMode} />
      )}
      <QuestionNavigation view={view} current={current} form={form} />
    </section>
  );
}

/** What feedback entries are about; true/false entries are labelled by FeedbackPanel itself. */
function choicesOf(question: QuestionView | StepView): Choice[] {
  if ("options" in question) return question.options;
  if ("items" in question) return question.items;
  return [];
}

function AnswerForm({ question, current, form, feedbackMode }: { question: Exclude<QuestionView, { type: "scenario" }>; current: CurrentQuestion; form: QuizForm; feedbackMode: "immediate" | "deferred" }) {
  const { t } = useTranslation();
  return (
    <EventForm form={form} label={t("quiz.answerForm")}>
      <input type="hidden" name="questionId" value={question.id} />
      <AnswerControls target={question} answer={current.answer} disabled={current.isLocked} legend={t("quiz.yourAnswer")} />
      {current.isLocked ? null : feedbackMode === "immediate" ? (
        <IntentButton intent="ANSWER">{t("quiz.check")}</IntentButton>
      ) : (
        <div className="button-row">
          <IntentButton intent="ANSWER" extra={{ advance: "1" }}>
            {t("quiz.saveAndContinue")}
          </IntentButton>
        </div>
      )}
    </EventForm>
  );
}

/** The inputs of one question or scenario step, named as the attempt route (app/routes/attempts.$attemptId/form-events.ts) expects. */
function AnswerControls({ target, answer, disabled, legend }: { target: QuestionView | StepView; answer: Answer | StepAnswer | null; disabled: boolean; legend: string }) {
  const { t } = useTranslation();
  const id = target.id;
  switch (target.type) {
    case "single":
    case "multiple": {
      const chosen = answer && "optionId" in answer ? [answer.optionId] : answer && "optionIds" in answer ? answer.optionIds : [];
      return (
        <fieldset className="choices">
          <legend>
            {legend} {target.type === "multiple" ? <span className="hint">{t("quiz.chooseAll")}</span> : null}
          </legend>
          {target.options.map((option) => (
            <div key={option.id} className="choice">
              <input
                type={target.type === "single" ? "radio" : "checkbox"}
                id={`${id}-${option.id}`}
                name="option"
                value={option.id}
                defaultChecked={chosen.includes(option.id)}
                disabled={disabled}
              />
              <label htmlFor={`${id}-${option.id}`}>{option.text}</label>
            </div>
          ))}
        </fieldset>
      );
    }
    case "true-false": {
      const value = answer && "value" in answer ? answer.value : null;
      return (
        <fieldset className="choices">
          <legend>{legend}</legend>
          {[true, false].map((v) => (
            <div key={String(v)} className="choice">
              <input type="radio" id={`${id}-${v}`} name="value" value={String(v)} defaultChecked={value === v} disabled={disabled} />
              <label htmlFor={`${id}-${v}`}>{v ? t("quiz.true") : t("quiz.false")}</label>
            </div>
          ))}
        </fieldset>
      );
    }
    case "matching": {
      const placements = answer && "placements" in answer ? answer.placements : {};
      return (
        <fieldset className="matching">
          <legend>
            {legend} <span className="hint">{t("quiz.matchHint")}</span>
          </legend>
          {target.items.map((item) => (
            <div key={item.id} className="field">
              <label htmlFor={`${id}-${item.id}`}>{item.text}</label>
              <select id={`${id}-${item.id}`} name={`place.${item.id}`} defaultValue={placements[item.id] ?? ""} disabled={disabled}>
                <option value="">{t("quiz.chooseCategory")}</option>
                {target.categories.map((category) => (
                  <option key={category.id} value={category.id}>
                    {category.text}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </fieldset>
      );
    }
    case "ordering": {
      const order = answer && "order" in answer && answer.order.length > 0 ? answer.order : target.items.map((i) => i.id);
      return (
        <fieldset className="ordering">
          <legend>
            {legend} <span className="hint">{t("quiz.orderHint", { count: target.items.length })}</span>
          </legend>
          {target.items.map((item) => (
            <div key={item.id} className="field">
              <label htmlFor={`${id}-${item.id}`}>{item.text}</label>
              <select id={`${id}-${item.id}`} name={`position.${item.id}`} defaultValue={String(order.indexOf(item.id) + 1)} disabled={disabled}>
                {target.items.map((_, position) => (
                  <option key={position} value={String(position + 1)}>
                    {t("quiz.position", { position: position + 1 })}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </fieldset>
      );
    }
    case "scenario":
      return null;
  }
}

function ScenarioBody({ question, form, feedbackMode, feedback }: { question: Extract<QuestionView, { type: "scenario" }>; form: QuizForm; feedbackMode: "immediate" | "deferred"; feedback: FeedbackView | null }) {
  const { t } = useTranslation();
  return (
    <>
      {/* Compiled and sanitised at import. */}
      <div className="case prose" dangerouslySetInnerHTML={{ __html: question.case }} />
      {question.path.length > 0 ? (
        <ol className="scenario-path" aria-label={t("quiz.scenarioPath")}>
          {question.path.map(({ step, answer }) => (
            <li key={step.id}>
              <p>{step.prompt}</p>
              <p className="meta">
                {t("quiz.youAnswered")} {describeAnswer(step, answer, t)}
              </p>
            </li>
          ))}
        </ol>
      ) : null}
      {feedback ? <FeedbackPanel feedback={feedback} choices={choicesOf(question.path.find((p) => p.step.id === feedback.stepId)?.step ?? question)} /> : null}
      {question.currentStep && !feedback ? (
        <EventForm form={form} label={t("quiz.answerForm")}>
          <input type="hidden" name="questionId" value={question.id} />
          <input type="hidden" name="stepId" value={question.currentStep.id} />
          <AnswerControls target={question.currentStep} answer={null} disabled={false} legend={question.currentStep.prompt} />
          <IntentButton intent="ANSWER" extra={feedbackMode === "deferred" ? { advance: "1" } : undefined}>
            {feedbackMode === "immediate" ? t("quiz.check") : t("quiz.saveAndContinue")}
          </IntentButton>
        </EventForm>
      ) : null}
      {!question.currentStep ? <p className="notice">{t("quiz.scenarioDone")}</p> : null}
    </>
  );
}

function describeAnswer(target: QuestionView | StepView, answer: Answer | StepAnswer | null, t: (key: string) => string): string {
  if (!answer) return t("quiz.noAnswer");
  const text = (id: string) => ("options" in target ? target.options : "items" in target ? target.items : []).find((c) => c.id === id)?.text ?? id;
  if ("optionId" in answer) return text(answer.optionId);
  if ("optionIds" in answer) return answer.optionIds.map(text).join("; ");
  if ("value" in answer) return answer.value ? t("quiz.true") : t("quiz.false");
  if ("order" in answer) return answer.order.map(text).join(" → ");
  if ("placements" in answer && "categories" in target) {
    return Object.entries(answer.placements)
      .map(([item, category]) => `${text(item)}: ${target.categories.find((c) => c.id === category)?.text ?? category}`)
      .join("; ");
  }
  return "";
}

function AnswerDisplay({ question, answer }: { question: QuestionView; answer: Answer | null }) {
  const { t } = useTranslation();
  return (
    <p>
      <strong>{t("quiz.youAnswered")}</strong> {describeAnswer(question, answer, t)}
    </p>
  );
}

/**
 * Quiz explanations and feedback as compiled at import by the lessons' sanitising Markdown pipeline
 * (app/courses/markdown.server.ts): stored HTML, never parsed or trusted from the request.
 */
function Compiled({ html }: { html: string }) {
  return <span className="compiled" dangerouslySetInnerHTML={{ __html: html }} />;
}

function FeedbackPanel({ feedback, choices }: { feedback: FeedbackView; choices: Choice[] }) {
  const { t } = useTranslation();
  const label = (id: string) => choices.find((c) => c.id === id)?.text ?? (id === "true" ? t("quiz.true") : id === "false" ? t("quiz.false") : id);
  return (
    <section className={`feedback ${feedback.isCorrect ? "feedback--right" : "feedback--wrong"}`} aria-live="polite" aria-labelledby="feedback-heading">
      <h3 id="feedback-heading">{feedback.isCorrect ? t("quiz.correct") : feedback.score > 0 ? t("quiz.partlyCorrect") : t("quiz.incorrect")}</h3>
      <ul>
        {feedback.entries.map((entry) => (
          <li key={entry.id}>
            <strong>{label(entry.id)}</strong> — {entry.isCorrect ? t("quiz.rightChoice") : t("quiz.wrongChoice")}. <Compiled html={entry.feedback} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function QuestionNavigation({ view, current, form }: { view: LearnerView; current: CurrentQuestion; form: QuizForm }) {
  const { t } = useTranslation();
  const isFeedback = view.state === "feedback";
  return (
    <div className="quiz-nav">
      <EventForm form={form} label={t("quiz.navigation")} className="button-row">
        <input type="hidden" name="questionId" value={current.question.id} />
        {!isFeedback && (view.number ?? 1) > 1 ? (
          <IntentButton intent="PREVIOUS" className="secondary">
            {t("quiz.previous")}
          </IntentButton>
        ) : null}
        <button type="submit" name="intent" value="NEXT" className={isFeedback ? undefined : "secondary"}>
          {view.number === view.total ? t("quiz.toReview") : t("quiz.next")}
        </button>
        <button type="submit" name="intent" value="FLAG" className="secondary" aria-pressed={current.isFlagged}>
          {current.isFlagged ? t("quiz.unflag") : t("quiz.flag")}
        </button>
        {!isFeedback ? (
          <button type="submit" name="intent" value="REVIEW" className="secondary">
            {t("quiz.reviewAndSubmit")}
          </button>
        ) : null}
      </EventForm>
    </div>
  );
}

export function ReviewScreen({ view, form }: { view: LearnerView; form: QuizForm }) {
  const { t } = useTranslation();
  const review = view.review!;
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (form.isHydrated) headingRef.current?.focus();
  }, [form.isHydrated]);
  return (
    <section aria-labelledby="review-heading">
      <h2 id="review-heading" ref={headingRef} tabIndex={-1}>
        {t("quiz.reviewTitle")}
      </h2>
      <p>{t("quiz.answered", { count: view.answeredCount, total: view.total })}</p>
      <QuestionList title={t("quiz.unanswered")} empty={t("quiz.noneUnanswered")} refs={review.unanswered} form={form} />
      <QuestionList title={t("quiz.flagged")} empty={t("quiz.noneFlagged")} refs={review.flagged} form={form} />
      <EventForm form={form} label={t("quiz.submitForm")} className="button-row">
        <IntentButton intent="PREVIOUS" className="secondary">
          {t("quiz.backToQuestions")}
        </IntentButton>
        <IntentButton intent="SUBMIT">{t("quiz.submit")}</IntentButton>
      </EventForm>
    </section>
  );
}

function QuestionList({ title, empty, refs, form }: { title: string; empty: string; refs: { number: number; index: number; prompt: string }[]; form: QuizForm }) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{title}</h3>
      {refs.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ul>
          {refs.map((ref) => (
            <li key={ref.index}>
              <EventForm form={form}>
                <input type="hidden" name="index" value={ref.index} />
                <button type="submit" name="intent" value="GOTO" className="link-button">
                  {t("quiz.goTo", { number: ref.number })}
                </button>{" "}
                {ref.prompt}
              </EventForm>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ResultScreen({ result, sources }: { result: ResultView | null; sources: Record<string, string> }) {
  const { t } = useTranslation();
  if (!result) return <p>{t("quiz.resultHidden")}</p>;
  return (
    <section aria-labelledby="result-heading">
      <h2 id="result-heading">{result.isPassed ? t("quiz.passed") : t("quiz.failed")}</h2>
      <p className={result.isPassed ? "notice" : "form-error"}>
        {t("quiz.score", { percent: result.percent, points: round(result.points), maxPoints: round(result.maxPoints), passMark: result.passMark })}
        {result.endedBy === "timeout" ? ` ${t("quiz.endedByTimeout")}` : ""}
      </p>
      {result.questions ? (
        <>
          <h3>{t("quiz.reviewAnswers")}</h3>
          <ol className="review-list">
            {result.questions.map((item, index) => (
              <li key={index}>
                <ReviewEntry item={item} sources={sources} />
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}

const round = (n: number) => Math.round(n * 100) / 100;

function ReviewEntry({ item, sources }: { item: ReviewItem; sources: Record<string, string> }) {
  const { t } = useTranslation();
  if (item.policy === "answers") {
    return (
      <>
        <p>
          <strong>{item.question.prompt}</strong>
        </p>
        <p>
          {t("quiz.youAnswered")} {describeAnswer(item.question, item.answer, t)}
        </p>
      </>
    );
  }
  const { question, answer, grade } = item;
  return (
    <>
      <p>
        <strong>{question.prompt}</strong>{" "}
        <span className={`badge ${grade.isCorrect ? "badge--ok" : "badge--danger"}`}>
          {t("quiz.points", { points: round(grade.points), maxPoints: round(grade.maxPoints) })}
        </span>
      </p>
      <CorrectAnswer question={question} answer={answer} />
      {/* A div, not a p: an explanation of several paragraphs compiles to <p>s of its own. */}
      <div className="explanation">
        <Compiled html={question.explanation} />
      </div>
      <p className="meta">{t("quiz.source", { source: citationText(question.citation, sources) })}</p>
    </>
  );
}

function citationText(citation: string, sources: Record<string, string>) {
  const [key, ...locator] = citation.split(",");
  return [sources[key.trim()] ?? key.trim(), locator.join(",").trim()].filter(Boolean).join(", ");
}

function CorrectAnswer({ question, answer }: { question: Question; answer: Answer | null }) {
  const { t } = useTranslation();
  switch (question.type) {
    case "single":
    case "multiple": {
      const chosen = answer && "optionId" in answer ? [answer.optionId] : answer && "optionIds" in answer ? answer.optionIds : [];
      return (
        <ul>
          {question.options.map((o) => (
            <li key={o.id}>
              {o.text} {o.correct ? <span className="badge badge--ok">{t("quiz.correctAnswer")}</span> : null}{" "}
              {chosen.includes(o.id) ? <span className="badge">{t("quiz.yourChoice")}</span> : null}
              {chosen.includes(o.id) || o.correct ? <span className="meta"> — <Compiled html={o.feedback} /></span> : null}
            </li>
          ))}
        </ul>
      );
    }
    case "true-false":
      return (
        <p>
          {t("quiz.correctIs", { answer: question.answer ? t("quiz.true") : t("quiz.false") })}{" "}
          {answer && "value" in answer ? t("quiz.youChose", { answer: answer.value ? t("quiz.true") : t("quiz.false") }) : t("quiz.noAnswer")}{" "}
          <Compiled html={question.feedback[question.answer ? "true" : "false"]} />
        </p>
      );
    case "matching": {
      const placements = answer && "placements" in answer ? answer.placements : {};
      const category = (id: string | undefined) => question.categories.find((c) => c.id === id)?.text ?? t("quiz.noAnswer");
      return (
        <ul>
          {question.items.map((item) => (
            <li key={item.id}>
              {item.text}: <strong>{category(item.category)}</strong>
              {placements[item.id] !== item.category ? ` (${t("quiz.youChose", { answer: category(placements[item.id]) })})` : ""} — <Compiled html={item.feedback} />
            </li>
          ))}
        </ul>
      );
    }
    case "ordering": {
      const order = answer && "order" in answer ? answer.order : [];
      return (
        <ol>
          {question.items.map((item, position) => (
            <li key={item.id}>
              {item.text}
              {order[position] !== item.id ? ` (${t("quiz.youPlacedOther")})` : ""} — <Compiled html={item.feedback} />
            </li>
          ))}
        </ol>
      );
    }
    case "scenario": {
      const steps = answer && "steps" in answer ? answer.steps : {};
      return (
        <ol>
          {question.steps
            .filter((step) => steps[step.id])
            .map((step) => {
              const given = steps[step.id];
              const options = "options" in step ? step.options : [];
              const chosen = "optionId" in given ? [given.optionId] : "optionIds" in given ? given.optionIds : [];
              return (
                <li key={step.id}>
                  {step.prompt}
                  <ul>
                    {step.type === "true-false" ? (
                      <li>
                        {t("quiz.correctIs", { answer: step.answer ? t("quiz.true") : t("quiz.false") })} <Compiled html={step.feedback[step.answer ? "true" : "false"]} />
                      </li>
                    ) : (
                      options
                        .filter((o) => o.correct || chosen.includes(o.id))
                        .map((o) => (
                          <li key={o.id}>
                            {o.text} {o.correct ? <span className="badge badge--ok">{t("quiz.correctAnswer")}</span> : null}{" "}
                            {chosen.includes(o.id) ? <span className="badge">{t("quiz.yourChoice")}</span> : null} — <Compiled html={o.feedback} />
                          </li>
                        ))
                    )}
                  </ul>
                </li>
              );
            })}
        </ol>
      );
    }
  }
}

/** Time left, ticking with JavaScript; screen readers hear it only at thresholds, not every second. */
export function Countdown({ deadline, serverNow }: { deadline: number; serverNow: number }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(serverNow);
  const [announcement, setAnnouncement] = useState("");
  useEffect(() => {
    // The server's clock decides; only the offset to this browser's clock is used for ticking.
    const offset = serverNow - Date.now();
    const announced = new Set<number>();
    const tick = () => {
      const current = Date.now() + offset;
      setNow(current);
      const minutesLeft = Math.ceil((deadline - current) / 60_000);
      for (const threshold of [10, 5, 1]) {
        if (minutesLeft <= threshold && minutesLeft > 0 && !announced.has(threshold)) {
          announced.add(threshold);
          setAnnouncement(t("quiz.timeWarning", { count: minutesLeft }));
        }
      }
      if (current >= deadline && !announced.has(0)) {
        announced.add(0);
        setAnnouncement(t("quiz.timeUp"));
      }
    };
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [deadline, serverNow, t]);
  const left = Math.max(0, deadline - now);
  const minutes = Math.floor(left / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  return (
    <div className="countdown">
      <p role="timer" aria-live="off">
        {t("quiz.timeLeft", { time: `${minutes}:${String(seconds).padStart(2, "0")}` })}
      </p>
      <p className="visually-hidden" aria-live="assertive">
        {announcement}
      </p>
    </div>
  );
}
