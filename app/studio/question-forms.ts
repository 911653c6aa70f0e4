// The question editor's model (issue 13): a quiz question as the course format writes it (courses/README.md,
// quiz.yaml) ⇄ flat form fields (`options.1.feedback`, `steps.0.options.2.next`), so that every question type is an
// ordinary HTML form that works without JavaScript. Pure: no YAML text, no compiler; question-yaml.ts puts a
// question into a quiz file and the studio validates it with the course compiler, whose `file:line` errors
// fieldAtLine maps back to these field names.
import type { QuestionType } from "~/courses/format";

export const QUESTION_TYPES = ["single", "multiple", "true-false", "matching", "ordering", "scenario"] as const satisfies readonly QuestionType[];
export const STEP_TYPES = ["single", "multiple", "true-false"] as const;
export type StepType = (typeof STEP_TYPES)[number];

/** Form fields by name, as a browser submits them (a checkbox that is not ticked is absent). */
export type QuestionFields = Record<string, string>;

/**
 * A question as YAML holds it (before the compiler's defaults): plain objects in the format's field order. Values a
 * trainer typed that are not what the format wants (points "three") stay as typed, for the compiler to report.
 */
export type RawQuestion = Record<string, unknown>;

type RawOption = Record<string, unknown>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const str = (value: unknown): string => (value === undefined || value === null ? "" : String(value));

// --- Question → fields -------------------------------------------------------------------------------------------

/** The form's fields for a question; fieldsToQuestion gives it back (compiling to the same question). */
export function questionToFields(question: RawQuestion): QuestionFields {
  const fields: QuestionFields = {};
  const put = (name: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== "") fields[name] = str(value);
  };
  for (const key of ["id", "type", "objective", "level", "prompt", "case", "explanation", "citation", "points", "start", "reviewerNotes"]) {
    put(key, question[key]);
  }
  const type = question.type;
  if (type === "single" || type === "multiple") putOptions(put, "options", question.options);
  if (type === "true-false") putTrueFalse(put, "", question);
  if (type === "matching") {
    list(question.categories).forEach((category, i) => {
      put(`categories.${i}.id`, category.id);
      put(`categories.${i}.text`, category.text);
    });
  }
  if (type === "matching" || type === "ordering") {
    list(question.items).forEach((item, i) => {
      put(`items.${i}.id`, item.id);
      put(`items.${i}.text`, item.text);
      if (type === "matching") put(`items.${i}.category`, item.category);
      put(`items.${i}.feedback`, item.feedback);
    });
  }
  if (type === "scenario") {
    list(question.steps).forEach((step, i) => {
      const at = `steps.${i}`;
      put(`${at}.id`, step.id);
      put(`${at}.type`, step.type);
      put(`${at}.prompt`, step.prompt);
      put(`${at}.next`, step.next);
      put(`${at}.reviewerNotes`, step.reviewerNotes);
      if (step.type === "true-false") putTrueFalse(put, `${at}.`, step);
      else putOptions(put, `${at}.options`, step.options);
    });
  }
  return fields;
}

function putOptions(put: (name: string, value: unknown) => void, at: string, options: unknown) {
  list(options).forEach((option, i) => {
    put(`${at}.${i}.id`, option.id);
    put(`${at}.${i}.text`, option.text);
    if (option.correct === true) put(`${at}.${i}.correct`, "true");
    else if (option.correct !== undefined && option.correct !== false) put(`${at}.${i}.correct`, option.correct);
    put(`${at}.${i}.feedback`, option.feedback);
    put(`${at}.${i}.next`, option.next);
  });
}

function putTrueFalse(put: (name: string, value: unknown) => void, prefix: string, question: Record<string, unknown>) {
  put(`${prefix}answer`, question.answer);
  const feedback = isRecord(question.feedback) ? question.feedback : {};
  put(`${prefix}feedback.true`, feedback.true);
  put(`${prefix}feedback.false`, feedback.false);
}

// --- Fields → question -------------------------------------------------------------------------------------------

/** Text as a form submits it (CRLF line ends) → as a file holds it. */
const text = (value: string | undefined): string | undefined => {
  const normalised = value?.replace(/\r\n?/g, "\n").trim();
  return normalised ? normalised : undefined;
};

/** A number when the field is one, else what was typed (the compiler then says it must be a number). */
const numberOrText = (value: string | undefined): number | string | undefined => {
  const typed = text(value);
  if (typed === undefined) return undefined;
  const number = Number(typed);
  return Number.isFinite(number) && /^-?\d+(\.\d+)?$/.test(typed) ? number : typed;
};

const bool = (value: string | undefined): boolean | string | undefined => {
  const typed = text(value);
  if (typed === undefined) return undefined;
  if (typed === "true" || typed === "on") return true;
  if (typed === "false") return false;
  return typed;
};

/** Indices present under `prefix.` (`options.0.id`, `options.3.text` → [0, 3]), in order. */
function indicesOf(fields: QuestionFields, prefix: string): number[] {
  const found = new Set<number>();
  const pattern = new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.(\\d+)\\.`);
  for (const name of Object.keys(fields)) {
    const match = pattern.exec(name);
    if (match) found.add(Number(match[1]));
  }
  return [...found].sort((a, b) => a - b);
}

/** Drops undefined fields, so the YAML has no `key: null` lines for what was left empty. */
function compact(entries: [string, unknown][]): Record<string, unknown> {
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

function optionsFrom(fields: QuestionFields, at: string, { withNext }: { withNext: boolean }): RawOption[] {
  return indicesOf(fields, at).map((i) =>
    compact([
      ["id", text(fields[`${at}.${i}.id`])],
      ["text", text(fields[`${at}.${i}.text`])],
      ["correct", bool(fields[`${at}.${i}.correct`]) === true ? true : undefined],
      ["feedback", text(fields[`${at}.${i}.feedback`])],
      ["next", withNext ? text(fields[`${at}.${i}.next`]) : undefined],
    ]),
  );
}

function trueFalseFrom(fields: QuestionFields, prefix: string): [string, unknown][] {
  return [
    ["answer", bool(fields[`${prefix}answer`])],
    ["feedback", compact([["true", text(fields[`${prefix}feedback.true`])], ["false", text(fields[`${prefix}feedback.false`])]])],
  ];
}

/** The question the form describes, fields in the format's order (what the YAML file will show). */
export function fieldsToQuestion(fields: QuestionFields): RawQuestion {
  const type = text(fields.type);
  const head: [string, unknown][] = [
    ["id", text(fields.id)],
    ["type", type],
    ["objective", text(fields.objective)],
    ["level", text(fields.level)],
    ["points", numberOrText(fields.points)],
    ["prompt", text(fields.prompt)],
  ];
  const tail: [string, unknown][] = [
    ["explanation", text(fields.explanation)],
    ["citation", text(fields.citation)],
    ["reviewerNotes", text(fields.reviewerNotes)],
  ];
  let body: [string, unknown][] = [];
  switch (type) {
    case "single":
    case "multiple":
      body = [["options", optionsFrom(fields, "options", { withNext: false })]];
      break;
    case "true-false":
      body = trueFalseFrom(fields, "");
      break;
    case "matching":
      body = [
        [
          "categories",
          indicesOf(fields, "categories").map((i) =>
            compact([["id", text(fields[`categories.${i}.id`])], ["text", text(fields[`categories.${i}.text`])]]),
          ),
        ],
        [
          "items",
          indicesOf(fields, "items").map((i) =>
            compact([
              ["id", text(fields[`items.${i}.id`])],
              ["text", text(fields[`items.${i}.text`])],
              ["category", text(fields[`items.${i}.category`])],
              ["feedback", text(fields[`items.${i}.feedback`])],
            ]),
          ),
        ],
      ];
      break;
    case "ordering":
      body = [
        [
          "items",
          indicesOf(fields, "items").map((i) =>
            compact([["id", text(fields[`items.${i}.id`])], ["text", text(fields[`items.${i}.text`])], ["feedback", text(fields[`items.${i}.feedback`])]]),
          ),
        ],
      ];
      break;
    case "scenario":
      head.push(["case", text(fields.case)]);
      body = [
        ["start", text(fields.start)],
        [
          "steps",
          indicesOf(fields, "steps").map((i) => {
            const at = `steps.${i}`;
            const stepType = text(fields[`${at}.type`]);
            return compact([
              ["id", text(fields[`${at}.id`])],
              ["type", stepType],
              ["prompt", text(fields[`${at}.prompt`])],
              ...(stepType === "true-false"
                ? trueFalseFrom(fields, `${at}.`)
                : ([["options", optionsFrom(fields, `${at}.options`, { withNext: true })]] as [string, unknown][])),
              ["next", text(fields[`${at}.next`])],
              ["reviewerNotes", text(fields[`${at}.reviewerNotes`])],
            ]);
          }),
        ],
      ];
      break;
  }
  // The README's order: a scenario's start and steps come after its explanation and citation, other types' answers
  // before them.
  const [explanation, citation, notes] = tail;
  return compact(type === "scenario" ? [...head, explanation, citation, ...body, notes] : [...head, ...body, explanation, citation, notes]);
}

// --- Editing actions (the form's submit buttons) ----------------------------------------------------------------

/**
 * What a submit button of the form asks for, besides saving: `add:options`, `remove:steps.1.options.2`,
 * `up:items.3`, `down:steps.0`. The list is named by its field prefix, so one rule serves every type.
 */
export type EditIntent = { action: "add" | "remove" | "up" | "down"; list: string; index?: number };

const LISTS = /^(options|categories|items|steps|steps\.\d+\.options)$/;

export function parseEditIntent(value: string | undefined): EditIntent | undefined {
  const match = /^(add|remove|up|down):([a-z.0-9]+)$/.exec(value ?? "");
  if (!match) return undefined;
  const action = match[1] as EditIntent["action"];
  if (action === "add") return LISTS.test(match[2]) ? { action, list: match[2] } : undefined;
  const entry = /^(.*)\.(\d+)$/.exec(match[2]);
  if (!entry || !LISTS.test(entry[1])) return undefined;
  return { action, list: entry[1], index: Number(entry[2]) };
}

/** The fields after adding, removing or moving an entry of a list (entries renumbered from 0, nothing else changed). */
export function applyEditIntent(fields: QuestionFields, intent: EditIntent): QuestionFields {
  const indices = indicesOf(fields, intent.list);
  const entries = indices.map((i) => entryFields(fields, `${intent.list}.${i}`));
  const rest = Object.fromEntries(Object.entries(fields).filter(([name]) => !name.startsWith(`${intent.list}.`)));
  const position = intent.index === undefined ? -1 : indices.indexOf(intent.index);
  if (intent.action === "add") entries.push(blankEntry(intent.list, fields, entries.length));
  else if (position === -1) return fields;
  else if (intent.action === "remove") entries.splice(position, 1);
  else {
    const to = intent.action === "up" ? position - 1 : position + 1;
    if (to < 0 || to >= entries.length) return fields;
    [entries[position], entries[to]] = [entries[to], entries[position]];
  }
  const renumbered: QuestionFields = { ...rest };
  entries.forEach((entry, i) => {
    for (const [name, value] of Object.entries(entry)) renumbered[`${intent.list}.${i}.${name}`] = value;
  });
  return renumbered;
}

function entryFields(fields: QuestionFields, at: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([name]) => name.startsWith(`${at}.`))
      .map(([name, value]) => [name.slice(at.length + 1), value]),
  );
}

/** A new entry with a fresh id, so the form compiles as soon as its texts are filled in. */
function blankEntry(listName: string, fields: QuestionFields, count: number): Record<string, string> {
  const used = new Set(Object.entries(fields).filter(([name]) => name.endsWith(".id")).map(([, value]) => value));
  const stem = listName === "steps" ? "step" : listName === "categories" ? "category" : listName.endsWith("options") ? "option" : "item";
  let n = count + 1;
  while (used.has(`${stem}-${n}`)) n++;
  const entry: Record<string, string> = { id: `${stem}-${n}` };
  if (listName === "steps") entry.type = "single";
  return entry;
}

/** A new question of a type: ids filled in, texts empty (the compiler lists what is missing). */
export function blankQuestion(type: QuestionType, id: string, objective: string): QuestionFields {
  const base: QuestionFields = { id, type, objective, level: type === "scenario" ? "application" : "recall" };
  switch (type) {
    case "single":
    case "multiple":
      return { ...base, "options.0.id": "option-1", "options.0.correct": "true", "options.1.id": "option-2" };
    case "true-false":
      return { ...base, answer: "true" };
    case "matching":
      return { ...base, "categories.0.id": "category-1", "categories.1.id": "category-2", "items.0.id": "item-1", "items.0.category": "category-1", "items.1.id": "item-2", "items.1.category": "category-2" };
    case "ordering":
      return { ...base, "items.0.id": "item-1", "items.1.id": "item-2", "items.2.id": "item-3" };
    case "scenario":
      return {
        ...base,
        start: "step-1",
        "steps.0.id": "step-1",
        "steps.0.type": "single",
        "steps.0.options.0.id": "option-1",
        "steps.0.options.0.correct": "true",
        "steps.0.options.1.id": "option-2",
      };
  }
}

/** The field names a path of the question's YAML stands for: ["options", 1, "next"] → "options.1.next". */
export function fieldName(path: (string | number)[]): string {
  return path.join(".");
}
