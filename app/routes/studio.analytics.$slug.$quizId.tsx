// /studio/analytics/<slug>/<quizId>?version=<id>: how learners answered each question of one quiz version (the live
// one unless chosen): facility, discrimination, flags, answer shares, the roll-up by cited article, SVG charts with
// their tables beside them, and CSV downloads of the same tables. Aggregates only (ADR 0028).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { parseParams, parseSearch, route, routeHeaders } from "~/http.server";
import { requireStudioUser } from "~/studio/access.server";
import { getLocale } from "~/i18n/i18next.server";
import { pageTitle } from "~/i18n/page-title.server";
import { ShareChart } from "~/studio/analytics-charts";
import { AnalyticsParams, AnalyticsSearch } from "~/studio/analytics-params";
import { quizAnalytics, type QuizAnalytics } from "~/studio/analytics.server";
import { MIN_LEARNERS, UNUSED_DISTRACTOR_MIN_ATTEMPTS, VERY_EASY_ABOVE, VERY_HARD_BELOW, type Breakdown, type OptionShare } from "~/studio/item-statistics";
import { useFormatters } from "~/ui/formatters";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;
export const headers = routeHeaders;

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  await requireStudioUser(request);
  const { slug, quizId } = parseParams(params, AnalyticsParams);
  const { version } = parseSearch(request, AnalyticsSearch);
  const locale = await getLocale(request);
  const analytics = await quizAnalytics(slug, quizId, version, locale);
  return { title: await pageTitle(request, "analytics.quiz.title", { quiz: analytics.quiz.title }), analytics };
});

type Question = QuizAnalytics["questions"][number];

export default function QuizAnalyticsPage() {
  const { t } = useTranslation();
  const { analytics } = useLoaderData<typeof loader>();
  const { number, date } = useFormatters();
  const { course, quiz, version, versions, questions } = analytics;
  const csv = (table: string) => `/studio/analytics/${course.slug}/${quiz.id}/csv?table=${table}&version=${version.id}`;
  return (
    <div className="analytics">
      <p>
        <Link to="/studio/analytics">{t("analytics.quiz.back")}</Link>
      </p>
      <h1>{t("analytics.quiz.title", { quiz: quiz.title })}</h1>
      <dl className="facts">
        <dt>{t("analytics.quiz.course")}</dt>
        <dd>{course.title}</dd>
        <dt>{t("analytics.quiz.module")}</dt>
        <dd>{quiz.moduleTitle}</dd>
      </dl>
      <Form method="get" className="field">
        <label htmlFor="analytics-version">{t("analytics.quiz.version")}</label>
        <div>
          <select id="analytics-version" name="version" defaultValue={version.id}>
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                {t(v.isLive ? "analytics.quiz.versionLive" : "analytics.quiz.versionOption", { label: v.label, date: date(v.importedAt) })}
              </option>
            ))}
          </select>{" "}
          <button type="submit">{t("analytics.quiz.show")}</button>
        </div>
      </Form>
      <p>{t("analytics.quiz.summary", { attempts: number(analytics.submittedAttempts), learners: number(analytics.learners) })}</p>
      {analytics.hasEnoughData ? null : (
        <p className="notice notice--warn" role="status">
          {t("analytics.quiz.notEnoughData", { min: MIN_LEARNERS, learners: number(analytics.learners) })}
        </p>
      )}
      <details>
        <summary>{t("analytics.quiz.howToRead")}</summary>
        <ul>
          <li>{t("analytics.quiz.facilityHelp")}</li>
          <li>{t("analytics.quiz.discriminationHelp")}</li>
          <li>{t("analytics.quiz.timeHelp")}</li>
          <li>{t("analytics.quiz.flagsHelp", { attempts: UNUSED_DISTRACTOR_MIN_ATTEMPTS })}</li>
        </ul>
      </details>
      <nav aria-labelledby="analytics-downloads">
        <h2 id="analytics-downloads" className="h-small">
          {t("analytics.quiz.downloads")}
        </h2>
        <ul className="inline-list">
          <li>
            <a href={csv("questions")} download>
              {t("analytics.quiz.downloadQuestions")}
            </a>
          </li>
          <li>
            <a href={csv("answers")} download>
              {t("analytics.quiz.downloadOptions")}
            </a>
          </li>
          <li>
            <a href={csv("citations")} download>
              {t("analytics.quiz.downloadCitations")}
            </a>
          </li>
        </ul>
      </nav>

      <FacilitySection questions={questions} />
      {analytics.hasEnoughData ? <RollupSection analytics={analytics} /> : null}
      {analytics.hasEnoughData ? <AnswersSection questions={questions} /> : null}
    </div>
  );
}

/**
 * A wide table scrolls sideways on a narrow screen; the scrolling box takes keyboard focus so that it can be scrolled
 * without a mouse (WCAG 2.1.1), and is a region named like the table so a screen reader says what it holds.
 */
function TableScroll({ labelledBy, children }: { labelledBy: string; children: React.ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </div>
  );
}

function usePercent() {
  const { percent } = useFormatters();
  return (share: number) => percent(share * 100);
}

function FacilitySection({ questions }: { questions: Question[] }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const share = usePercent();
  const withFigures = questions.filter((q) => q.stats.hasEnoughData);
  return (
    <section aria-labelledby="facility-heading">
      <h2 id="facility-heading">{t("analytics.facility.heading")}</h2>
      <div className="chart-with-table">
        {withFigures.length ? (
          <ShareChart
            title={t("analytics.facility.chartTitle")}
            description={t("analytics.facility.chartDescription")}
            bars={withFigures.map((q) => ({ label: `Q${q.number}`, value: q.stats.hasEnoughData ? q.stats.facility : 0 }))}
            format={share}
            marks={[VERY_HARD_BELOW, VERY_EASY_ABOVE]}
          />
        ) : null}
        <TableScroll labelledBy="facility-heading">
          <table id="question-table">
            <thead>
              <tr>
                <th scope="col">{t("analytics.table.number")}</th>
                <th scope="col">{t("analytics.table.question")}</th>
                <th scope="col">{t("analytics.table.type")}</th>
                <th scope="col">{t("analytics.table.citation")}</th>
                <th scope="col" className="numeric">{t("analytics.table.facility")}</th>
                <th scope="col" className="numeric">{t("analytics.table.discrimination")}</th>
                <th scope="col" className="numeric">{t("analytics.table.median")}</th>
                <th scope="col">{t("analytics.table.flags")}</th>
              </tr>
            </thead>
            <tbody>
              {questions.map((q) => {
                const s = q.stats;
                return (
                  <tr key={s.questionId} data-question={s.questionId}>
                    <td>Q{q.number}</td>
                    <th scope="row">{q.prompt}</th>
                    <td>{t(`analytics.types.${s.type}`)}</td>
                    <td>{s.citation.locator ? `${q.source}, ${s.citation.locator}` : q.source}</td>
                    {s.hasEnoughData ? (
                      <>
                        <td className="numeric" data-figure="facility">{share(s.facility)}</td>
                        <td className="numeric" data-figure="discrimination">{s.discrimination === null ? t("analytics.table.undefined") : number(s.discrimination)}</td>
                        <td className="numeric">{s.medianSeconds === null ? t("analytics.table.noTime") : t("analytics.table.seconds", { value: number(Math.round(s.medianSeconds)) })}</td>
                        <td data-figure="flags">
                          {s.flags.length ? s.flags.map((flag) => (flag === "unused-distractor" ? `${t(`analytics.flags.${flag}`)} (${s.unusedDistractors.map((id) => q.labels[id] ?? id).join("; ")})` : t(`analytics.flags.${flag}`))).join(", ") : t("analytics.table.none")}
                        </td>
                      </>
                    ) : (
                      <td colSpan={4}>{t("analytics.table.notEnoughData")}</td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      </div>
    </section>
  );
}

function RollupSection({ analytics }: { analytics: QuizAnalytics }) {
  const { t } = useTranslation();
  const share = usePercent();
  const numbers = (ids: string[]) => ids.map((id) => `Q${analytics.questions.find((q) => q.stats.questionId === id)?.number ?? "?"}`).join(", ");
  const article = (locator: string | null) => locator ?? t("analytics.rollup.whole");
  return (
    <section aria-labelledby="rollup-heading">
      <h2 id="rollup-heading">{t("analytics.rollup.heading")}</h2>
      <p>{t("analytics.rollup.intro")}</p>
      <div className="chart-with-table">
        <ShareChart
          title={t("analytics.rollup.chartTitle")}
          description={t("analytics.rollup.chartDescription")}
          bars={analytics.byCitation.map((row, i) => ({ label: `${i + 1}`, value: row.meanFacility }))}
          format={share}
        />
        <TableScroll labelledBy="rollup-heading">
          <table id="citation-table">
            <thead>
              <tr>
                <th scope="col">{t("analytics.table.number")}</th>
                <th scope="col">{t("analytics.rollup.instrument")}</th>
                <th scope="col">{t("analytics.rollup.article")}</th>
                <th scope="col">{t("analytics.rollup.questions")}</th>
                <th scope="col" className="numeric">{t("analytics.rollup.meanFacility")}</th>
              </tr>
            </thead>
            <tbody>
              {analytics.byCitation.map((row, i) => (
                <tr key={`${row.key}-${row.locator}`}>
                  <td>{i + 1}</td>
                  <th scope="row">{row.source}</th>
                  <td>{article(row.locator)}</td>
                  <td>{numbers(row.questionIds)}</td>
                  <td className="numeric">{share(row.meanFacility)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
      <h3 id="instrument-heading">{t("analytics.rollup.byInstrument")}</h3>
      <TableScroll labelledBy="instrument-heading">
        <table id="instrument-table">
          <thead>
            <tr>
              <th scope="col">{t("analytics.rollup.instrument")}</th>
              <th scope="col">{t("analytics.rollup.questions")}</th>
              <th scope="col" className="numeric">{t("analytics.rollup.meanFacility")}</th>
            </tr>
          </thead>
          <tbody>
            {analytics.byInstrument.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.source}</th>
                <td>{numbers(row.questionIds)}</td>
                <td className="numeric">{share(row.meanFacility)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

function AnswersSection({ questions }: { questions: Question[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="answers-heading">
      <h2 id="answers-heading">{t("analytics.answers.heading")}</h2>
      {questions.map((q) =>
        q.stats.hasEnoughData ? (
          <section key={q.stats.questionId} aria-labelledby={`answers-${q.stats.questionId}`} className="answers">
            <h3 id={`answers-${q.stats.questionId}`}>{t("analytics.answers.questionHeading", { number: q.number, prompt: q.prompt })}</h3>
            <BreakdownView question={q} breakdown={q.stats.breakdown} />
          </section>
        ) : null,
      )}
    </section>
  );
}

/** Letters for options (A, B, C…): short chart labels that the table beside spells out. */
const letter = (i: number) => String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : "");

function OptionsView({
  title,
  options,
  labels,
  labelPrefix = "",
  unanswered,
  labelledBy,
}: {
  title: string;
  options: OptionShare[];
  labels: Record<string, string>;
  labelPrefix?: string;
  unanswered?: number;
  labelledBy: string;
}) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const share = usePercent();
  // True/false has no option texts in the course format: its two answers are named here.
  const text = (option: OptionShare) =>
    labels[`${labelPrefix}${option.id}`] ?? (option.id === "true" ? t("analytics.answers.true") : option.id === "false" ? t("analytics.answers.false") : option.id);
  return (
    <div className="chart-with-table">
      <ShareChart
        title={title}
        description={t("analytics.answers.chartDescription")}
        bars={options.map((option, i) => ({ label: letter(i), value: option.share, isCorrect: option.isCorrect }))}
        format={share}
      />
      <TableScroll labelledBy={labelledBy}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("analytics.answers.option")}</th>
              <th scope="col">{t("analytics.answers.correct")}</th>
              <th scope="col" className="numeric">{t("analytics.answers.share")}</th>
              <th scope="col" className="numeric">{t("analytics.answers.picks")}</th>
            </tr>
          </thead>
          <tbody>
            {options.map((option, i) => (
              <tr key={option.id}>
                <th scope="row">
                  {letter(i)}. {text(option)}
                </th>
                <td>{option.isCorrect ? t("analytics.answers.yes") : t("analytics.answers.no")}</td>
                <td className="numeric">{share(option.share)}</td>
                <td className="numeric">{number(option.picks)}</td>
              </tr>
            ))}
            {unanswered !== undefined && unanswered > 0 ? (
              <tr>
                <th scope="row">{t("analytics.answers.unanswered")}</th>
                <td />
                <td className="numeric">{share(unanswered)}</td>
                <td />
              </tr>
            ) : null}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

function BreakdownView({ question, breakdown }: { question: Question; breakdown: Breakdown }) {
  const { t } = useTranslation();
  const share = usePercent();
  const labels = question.labels;
  switch (breakdown.kind) {
    case "options":
      return (
        <OptionsView
          title={t("analytics.answers.chartTitle", { number: question.number })}
          options={breakdown.options}
          labels={labels}
          unanswered={breakdown.unanswered}
          labelledBy={`answers-${question.stats.questionId}`}
        />
      );
    case "placements":
      return (
        <TableScroll labelledBy={`answers-${question.stats.questionId}`}>
          <table>
            <caption>{t("analytics.answers.matchingCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("analytics.answers.item")}</th>
                {breakdown.categories.map((category) => (
                  <th scope="col" className="numeric" key={category}>
                    {labels[`category:${category}`] ?? category}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {breakdown.items.map((item) => (
                <tr key={item.id}>
                  <th scope="row">{labels[item.id] ?? item.id}</th>
                  {breakdown.categories.map((category) => (
                    <td className="numeric" key={category}>
                      {category === item.correct ? `✓ ${share(item.shares[category] ?? 0)}` : share(item.shares[category] ?? 0)}
                    </td>
                  ))}
                </tr>
              ))}
              {breakdown.unanswered > 0 ? (
                <tr>
                  <th scope="row">{t("analytics.answers.unanswered")}</th>
                  <td colSpan={breakdown.categories.length} className="numeric">
                    {share(breakdown.unanswered)}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </TableScroll>
      );
    case "positions":
      return (
        <TableScroll labelledBy={`answers-${question.stats.questionId}`}>
          <table>
            <caption>{t("analytics.answers.orderingCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("analytics.answers.item")}</th>
                {breakdown.items.map((_, position) => (
                  <th scope="col" className="numeric" key={position}>
                    {t("analytics.answers.position", { number: position + 1 })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {breakdown.items.map((item) => (
                <tr key={item.id}>
                  <th scope="row">{labels[item.id] ?? item.id}</th>
                  {item.shares.map((value, position) => (
                    <td className="numeric" key={position}>
                      {position === item.correct ? `✓ ${share(value)}` : share(value)}
                    </td>
                  ))}
                </tr>
              ))}
              {breakdown.unanswered > 0 ? (
                <tr>
                  <th scope="row">{t("analytics.answers.unanswered")}</th>
                  <td colSpan={breakdown.items.length} className="numeric">
                    {share(breakdown.unanswered)}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </TableScroll>
      );
    case "steps":
      return (
        <ol className="scenario-steps">
          {breakdown.steps.map((step, i) => (
            <li key={step.id}>
              <h4 id={`answers-${question.stats.questionId}-${step.id}`}>{t("analytics.answers.step", { number: i + 1, prompt: labels[step.id] ?? step.id })}</h4>
              {step.hasEnoughData ? (
                <>
                  <p>{t("analytics.answers.reached", { share: share(step.reachedShare) })}</p>
                  <p>{t("analytics.answers.stepFacility", { facility: share(step.facility) })}</p>
                  <OptionsView title={t("analytics.answers.stepChartTitle", { step: i + 1, number: question.number })} options={step.options} labels={labels} labelPrefix={`${step.id}/`} labelledBy={`answers-${question.stats.questionId}-${step.id}`} />
                </>
              ) : (
                <p>{t("analytics.answers.stepNotEnoughData", { min: MIN_LEARNERS })}</p>
              )}
            </li>
          ))}
        </ol>
      );
  }
}
