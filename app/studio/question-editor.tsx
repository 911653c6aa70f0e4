// The question editor (issue 13): one form per question type, built from the flat fields of question-forms.ts.
// Server-rendered and complete without JavaScript: adding, removing and moving an option, item, category or step are
// submit buttons (`intent=add:options`, `remove:steps.1`…) that the route applies and renders again; with JavaScript
// Remix's <Form> sends the same requests without reloading the page. Messages are the course compiler's, next to
// the field they concern (aria-invalid + aria-describedby, WCAG 3.3.1).
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { fieldsToQuestion, type QuestionFields, STEP_TYPES } from "./question-forms";
import type { ScenarioInput } from "./scenario-graph";
import { ScenarioGraphView } from "./scenario-graph-view";

type Objective = { id: string; text: string };

export type QuestionEditorProps = {
  fields: QuestionFields;
  /** Compiler messages by field name ("" or an unknown name: shown at the top). */
  errors: Record<string, string[]>;
  objectives: Objective[];
  /** Bibliography keys, offered for the citation field. */
  citationKeys: string[];
  /** Hidden inputs the route needs back (the draft's revision for its optimistic-concurrency check). */
  hidden?: ReactNode;
  /** The scenario's branch graph, drawn by the route from the same fields. */
  graph?: ReactNode;
  isBusy?: boolean;
};

const idOf = (name: string) => `q-${name.replace(/\./g, "-")}`;

type Ctx = { fields: QuestionFields; errors: Record<string, string[]> };

function Errors({ ctx, name }: { ctx: Ctx; name: string }) {
  const messages = ctx.errors[name];
  if (!messages?.length) return null;
  return (
    <span className="error" id={`${idOf(name)}-error`}>
      {messages.join(" ")}
    </span>
  );
}

function aria(ctx: Ctx, name: string) {
  const invalid = Boolean(ctx.errors[name]?.length);
  return invalid ? { "aria-invalid": true as const, "aria-describedby": `${idOf(name)}-error` } : {};
}

function TextInput({ ctx, name, label, multiline, list, hint }: { ctx: Ctx; name: string; label: string; multiline?: boolean; list?: string; hint?: string }) {
  const id = idOf(name);
  const common = { id, name, defaultValue: ctx.fields[name] ?? "", ...aria(ctx, name) };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? <span className="hint">{hint}</span> : null}
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" list={list} {...common} />}
      <Errors ctx={ctx} name={name} />
    </div>
  );
}

function Select({ ctx, name, label, options }: { ctx: Ctx; name: string; label: string; options: { value: string; label: string }[] }) {
  const id = idOf(name);
  const value = ctx.fields[name] ?? "";
  const known = options.some((option) => option.value === value);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value} {...aria(ctx, name)}>
        {known ? null : <option value={value}>{value || "—"}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Errors ctx={ctx} name={name} />
    </div>
  );
}

function Checkbox({ ctx, name, label }: { ctx: Ctx; name: string; label: string }) {
  const id = idOf(name);
  return (
    <div className="field field--checkbox">
      <input type="checkbox" id={id} name={name} value="true" defaultChecked={ctx.fields[name] === "true"} {...aria(ctx, name)} />
      <label htmlFor={id}>{label}</label>
      <Errors ctx={ctx} name={name} />
    </div>
  );
}

/** Indices present in the fields under `prefix.` (the same rule as question-forms.ts). */
function entries(fields: QuestionFields, prefix: string): number[] {
  const found = new Set<number>();
  const pattern = new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.(\\d+)\\.`);
  for (const name of Object.keys(fields)) {
    const match = pattern.exec(name);
    if (match) found.add(Number(match[1]));
  }
  return [...found].sort((a, b) => a - b);
}

function EntryButtons({ at, label, isFirst, isLast }: { at: string; label: string; isFirst: boolean; isLast: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="entry-actions">
      <button type="submit" name="intent" value={`up:${at}`} disabled={isFirst} className="button--secondary">
        {t("studioEditors.question.moveUp", { what: label })}
      </button>
      <button type="submit" name="intent" value={`down:${at}`} disabled={isLast} className="button--secondary">
        {t("studioEditors.question.moveDown", { what: label })}
      </button>
      <button type="submit" name="intent" value={`remove:${at}`} className="button--secondary">
        {t("studioEditors.question.remove", { what: label })}
      </button>
    </div>
  );
}

function ListErrors({ ctx, name }: { ctx: Ctx; name: string }) {
  return ctx.errors[name]?.length ? (
    <p className="error" id={`${idOf(name)}-error`}>
      {ctx.errors[name].join(" ")}
    </p>
  ) : null;
}

function ChoiceOptions({ ctx, at, stepIds }: { ctx: Ctx; at: string; stepIds?: string[] }) {
  const { t } = useTranslation();
  const indices = entries(ctx.fields, at);
  return (
    <fieldset className="editor-list">
      <legend>{t("studioEditors.question.options")}</legend>
      <ListErrors ctx={ctx} name={at} />
      {indices.map((i, position) => {
        const name = `${at}.${i}`;
        const label = t("studioEditors.question.optionN", { n: position + 1 });
        return (
          <fieldset key={name} className="editor-entry">
            <legend>{label}</legend>
            <ListErrors ctx={ctx} name={name} />
            <TextInput ctx={ctx} name={`${name}.id`} label={t("studioEditors.question.id")} />
            <TextInput ctx={ctx} name={`${name}.text`} label={t("studioEditors.question.optionText")} />
            <Checkbox ctx={ctx} name={`${name}.correct`} label={t("studioEditors.question.correct")} />
            <TextInput ctx={ctx} name={`${name}.feedback`} label={t("studioEditors.question.feedback")} multiline />
            {stepIds ? (
              <Select
                ctx={ctx}
                name={`${name}.next`}
                label={t("studioEditors.question.optionNext")}
                options={[{ value: "", label: t("studioEditors.question.nextDefault") }, ...stepIds.map((id) => ({ value: id, label: id }))]}
              />
            ) : null}
            <EntryButtons at={name} label={label} isFirst={position === 0} isLast={position === indices.length - 1} />
          </fieldset>
        );
      })}
      <button type="submit" name="intent" value={`add:${at}`} className="button--secondary">
        {t("studioEditors.question.addOption")}
      </button>
    </fieldset>
  );
}

function TrueFalse({ ctx, prefix }: { ctx: Ctx; prefix: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Select
        ctx={ctx}
        name={`${prefix}answer`}
        label={t("studioEditors.question.answer")}
        options={[
          { value: "true", label: t("studioEditors.question.true") },
          { value: "false", label: t("studioEditors.question.false") },
        ]}
      />
      <TextInput ctx={ctx} name={`${prefix}feedback.true`} label={t("studioEditors.question.feedbackTrue")} multiline />
      <TextInput ctx={ctx} name={`${prefix}feedback.false`} label={t("studioEditors.question.feedbackFalse")} multiline />
    </>
  );
}

function Items({ ctx, withCategory }: { ctx: Ctx; withCategory: boolean }) {
  const { t } = useTranslation();
  const indices = entries(ctx.fields, "items");
  const categories = entries(ctx.fields, "categories").map((i) => ctx.fields[`categories.${i}.id`]).filter(Boolean);
  return (
    <fieldset className="editor-list">
      <legend>{withCategory ? t("studioEditors.question.items") : t("studioEditors.question.itemsInOrder")}</legend>
      <ListErrors ctx={ctx} name="items" />
      {indices.map((i, position) => {
        const name = `items.${i}`;
        const label = t("studioEditors.question.itemN", { n: position + 1 });
        return (
          <fieldset key={name} className="editor-entry">
            <legend>{label}</legend>
            <ListErrors ctx={ctx} name={name} />
            <TextInput ctx={ctx} name={`${name}.id`} label={t("studioEditors.question.id")} />
            <TextInput ctx={ctx} name={`${name}.text`} label={t("studioEditors.question.itemText")} />
            {withCategory ? (
              <Select ctx={ctx} name={`${name}.category`} label={t("studioEditors.question.category")} options={categories.map((id) => ({ value: id, label: id }))} />
            ) : null}
            <TextInput ctx={ctx} name={`${name}.feedback`} label={t("studioEditors.question.feedback")} multiline />
            <EntryButtons at={name} label={label} isFirst={position === 0} isLast={position === indices.length - 1} />
          </fieldset>
        );
      })}
      <button type="submit" name="intent" value="add:items" className="button--secondary">
        {t("studioEditors.question.addItem")}
      </button>
    </fieldset>
  );
}

function Categories({ ctx }: { ctx: Ctx }) {
  const { t } = useTranslation();
  const indices = entries(ctx.fields, "categories");
  return (
    <fieldset className="editor-list">
      <legend>{t("studioEditors.question.categories")}</legend>
      <ListErrors ctx={ctx} name="categories" />
      {indices.map((i, position) => {
        const name = `categories.${i}`;
        const label = t("studioEditors.question.categoryN", { n: position + 1 });
        return (
          <fieldset key={name} className="editor-entry">
            <legend>{label}</legend>
            <ListErrors ctx={ctx} name={name} />
            <TextInput ctx={ctx} name={`${name}.id`} label={t("studioEditors.question.id")} />
            <TextInput ctx={ctx} name={`${name}.text`} label={t("studioEditors.question.categoryText")} />
            <EntryButtons at={name} label={label} isFirst={position === 0} isLast={position === indices.length - 1} />
          </fieldset>
        );
      })}
      <button type="submit" name="intent" value="add:categories" className="button--secondary">
        {t("studioEditors.question.addCategory")}
      </button>
    </fieldset>
  );
}

function Steps({ ctx }: { ctx: Ctx }) {
  const { t } = useTranslation();
  const indices = entries(ctx.fields, "steps");
  const stepIds = indices.map((i) => ctx.fields[`steps.${i}.id`]).filter(Boolean);
  return (
    <fieldset className="editor-list">
      <legend>{t("studioEditors.question.steps")}</legend>
      <ListErrors ctx={ctx} name="steps" />
      {indices.map((i, position) => {
        const name = `steps.${i}`;
        const label = t("studioEditors.question.stepN", { n: position + 1, id: ctx.fields[`${name}.id`] ?? "" });
        const type = ctx.fields[`${name}.type`] ?? "single";
        return (
          <fieldset key={name} className="editor-entry" id={`step-${ctx.fields[`${name}.id`] ?? i}`}>
            <legend>{label}</legend>
            <ListErrors ctx={ctx} name={name} />
            <TextInput ctx={ctx} name={`${name}.id`} label={t("studioEditors.question.id")} />
            <Select ctx={ctx} name={`${name}.type`} label={t("studioEditors.question.stepType")} options={STEP_TYPES.map((value) => ({ value, label: t(`studioEditors.types.${value}`) }))} />
            <TextInput ctx={ctx} name={`${name}.prompt`} label={t("studioEditors.question.prompt")} multiline />
            {type === "true-false" ? <TrueFalse ctx={ctx} prefix={`${name}.`} /> : <ChoiceOptions ctx={ctx} at={`${name}.options`} stepIds={stepIds} />}
            <Select
              ctx={ctx}
              name={`${name}.next`}
              label={t("studioEditors.question.stepNext")}
              options={[{ value: "", label: t("studioEditors.question.nextEnd") }, ...stepIds.map((id) => ({ value: id, label: id }))]}
            />
            <TextInput ctx={ctx} name={`${name}.reviewerNotes`} label={t("studioEditors.question.reviewerNotes")} multiline />
            <EntryButtons at={name} label={label} isFirst={position === 0} isLast={position === indices.length - 1} />
          </fieldset>
        );
      })}
      <button type="submit" name="intent" value="add:steps" className="button--secondary">
        {t("studioEditors.question.addStep")}
      </button>
    </fieldset>
  );
}

export function QuestionEditor({ fields, errors, objectives, citationKeys, hidden, graph, isBusy }: QuestionEditorProps) {
  const { t } = useTranslation();
  const ctx: Ctx = { fields, errors };
  const type = fields.type ?? "single";
  const stepIds = entries(fields, "steps").map((i) => fields[`steps.${i}.id`]).filter(Boolean);
  const body = (
    <>
      <TextInput ctx={ctx} name="id" label={t("studioEditors.question.id")} hint={t("studioEditors.question.idHint")} />
      <input type="hidden" name="type" value={type} />
      <p className="meta">{t("studioEditors.question.typeIs", { type: t(`studioEditors.types.${type}`) })}</p>
      <Select ctx={ctx} name="objective" label={t("studioEditors.question.objective")} options={objectives.map((o) => ({ value: o.id, label: `${o.id}: ${o.text}` }))} />
      <Select
        ctx={ctx}
        name="level"
        label={t("studioEditors.question.level")}
        options={[
          { value: "recall", label: t("studioEditors.question.recall") },
          { value: "application", label: t("studioEditors.question.application") },
        ]}
      />
      <TextInput ctx={ctx} name="points" label={t("studioEditors.question.points")} hint={t("studioEditors.question.pointsHint")} />
      <TextInput ctx={ctx} name="prompt" label={type === "scenario" ? t("studioEditors.question.caseTitle") : t("studioEditors.question.prompt")} multiline />
      {type === "scenario" ? <TextInput ctx={ctx} name="case" label={t("studioEditors.question.case")} hint={t("studioEditors.question.caseHint")} multiline /> : null}
      {type === "single" || type === "multiple" ? <ChoiceOptions ctx={ctx} at="options" /> : null}
      {type === "true-false" ? <TrueFalse ctx={ctx} prefix="" /> : null}
      {type === "matching" ? <Categories ctx={ctx} /> : null}
      {type === "matching" || type === "ordering" ? <Items ctx={ctx} withCategory={type === "matching"} /> : null}
      <TextInput ctx={ctx} name="explanation" label={t("studioEditors.question.explanation")} multiline />
      <TextInput ctx={ctx} name="citation" label={t("studioEditors.question.citation")} hint={t("studioEditors.question.citationHint")} list="citation-keys" />
      <datalist id="citation-keys">
        {citationKeys.map((key) => (
          <option key={key} value={key} />
        ))}
      </datalist>
      {type === "scenario" ? (
        <>
          <Select ctx={ctx} name="start" label={t("studioEditors.question.start")} options={stepIds.map((id) => ({ value: id, label: id }))} />
          {graph ?? <ScenarioGraphView scenario={scenarioOf(fields)} />}
          <Steps ctx={ctx} />
        </>
      ) : null}
      <TextInput ctx={ctx} name="reviewerNotes" label={t("studioEditors.question.reviewerNotes")} hint={t("studioEditors.question.reviewerNotesHint")} multiline />
    </>
  );
  // Messages no field of this form showed (a field the form does not have): listed at the top, not lost.
  const rendered = renderedNames(fields);
  const unplaced = Object.entries(errors).filter(([name]) => !rendered.has(name));
  return (
    <Form method="post" className="question-editor" preventScrollReset aria-labelledby="question-editor-title">
      {unplaced.length > 0 ? (
        <div className="form-error" role="alert">
          <p>{t("studioEditors.question.problems")}</p>
          <ul>
            {unplaced.map(([name, messages]) => (
              <li key={name}>{messages.join(" ")}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {hidden}
      {body}
      <div className="form-actions">
        <button type="submit" name="intent" value="save" disabled={isBusy}>
          {t("studioEditors.question.save")}
        </button>
      </div>
    </Form>
  );
}

/** The scenario the form describes, as the graph reads it (whatever is half-written stays as typed). */
export function scenarioOf(fields: QuestionFields): ScenarioInput {
  const question = fieldsToQuestion(fields);
  const steps = Array.isArray(question.steps) ? (question.steps as Record<string, unknown>[]) : [];
  return {
    start: typeof question.start === "string" ? question.start : undefined,
    steps: steps.map((step, i) => ({
      id: typeof step.id === "string" ? step.id : `#${i + 1}`,
      type: typeof step.type === "string" ? step.type : undefined,
      next: typeof step.next === "string" ? step.next : undefined,
      options: Array.isArray(step.options)
        ? (step.options as Record<string, unknown>[]).map((option, j) => ({
            id: typeof option.id === "string" ? option.id : `#${j + 1}`,
            next: typeof option.next === "string" ? option.next : undefined,
          }))
        : undefined,
    })),
  };
}

/** Every name next to which the form shows messages: its controls and its lists and their entries. */
export function renderedNames(fields: QuestionFields): Set<string> {
  const type = fields.type ?? "single";
  const names = new Set(["id", "objective", "level", "points", "prompt", "explanation", "citation", "reviewerNotes"]);
  const add = (...list: string[]) => list.forEach((name) => names.add(name));
  const options = (at: string, withNext: boolean) => {
    add(at);
    for (const i of entries(fields, at)) add(`${at}.${i}`, `${at}.${i}.id`, `${at}.${i}.text`, `${at}.${i}.correct`, `${at}.${i}.feedback`, ...(withNext ? [`${at}.${i}.next`] : []));
  };
  if (type === "single" || type === "multiple") options("options", false);
  if (type === "true-false") add("answer", "feedback.true", "feedback.false");
  if (type === "matching") {
    add("categories");
    for (const i of entries(fields, "categories")) add(`categories.${i}`, `categories.${i}.id`, `categories.${i}.text`);
  }
  if (type === "matching" || type === "ordering") {
    add("items");
    for (const i of entries(fields, "items")) add(`items.${i}`, `items.${i}.id`, `items.${i}.text`, `items.${i}.feedback`, ...(type === "matching" ? [`items.${i}.category`] : []));
  }
  if (type === "scenario") {
    add("case", "start", "steps");
    for (const i of entries(fields, "steps")) {
      const at = `steps.${i}`;
      add(at, `${at}.id`, `${at}.type`, `${at}.prompt`, `${at}.next`, `${at}.reviewerNotes`);
      if (fields[`${at}.type`] === "true-false") add(`${at}.answer`, `${at}.feedback.true`, `${at}.feedback.false`);
      else options(`${at}.options`, true);
    }
  }
  return names;
}
