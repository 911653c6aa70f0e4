// A quiz file's text ⇄ its questions, for the question editor: read the questions, put one back (the rest of the
// file, comments included, kept as written), and map the compiler's `file:line` errors to the edited question's
// form fields. Pure: text in, text out.
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node as YamlNode, parseDocument } from "yaml";
import type { RawQuestion } from "./question-forms";

type Path = (string | number)[];

function parse(text: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  return { doc: parseDocument(text, { lineCounter: lines, uniqueKeys: true }), lines };
}

/** The questions of a quiz file as written (no defaults applied); [] when the file is not a quiz YAML map. */
export function quizQuestions(text: string): RawQuestion[] {
  const value = parse(text).doc.toJS({ maxAliasCount: 50 }) as unknown;
  const questions = typeof value === "object" && value !== null ? (value as { questions?: unknown }).questions : undefined;
  return Array.isArray(questions) ? (questions as RawQuestion[]) : [];
}

// Short option-like entries are written on one line, as the course files write them: `- { id: a, text: A, … }`.
function styled(doc: Document, question: RawQuestion): YamlNode {
  const node = doc.createNode(question) as YamlNode;
  const flowLists = new Set(["options", "categories", "items"]);
  const walk = (n: unknown, key?: unknown) => {
    if (isMap(n)) for (const pair of n.items) walk(pair.value, isScalar(pair.key) ? pair.key.value : pair.key);
    else if (isSeq(n)) {
      for (const item of n.items) {
        if (isMap(item) && flowLists.has(String(key)) && JSON.stringify(item.toJSON()).length <= 100) item.flow = true;
        walk(item);
      }
    } else if (isScalar(n) && typeof n.value === "string" && n.value.includes("\n")) n.type = "BLOCK_LITERAL";
  };
  walk(node);
  return node;
}

/** The quiz text with question `index` replaced (or, with index = the number of questions, appended). */
export function withQuestion(text: string, index: number, question: RawQuestion): string {
  const { doc } = parse(text);
  const questions = doc.get("questions", true);
  if (!isSeq(questions) || index < 0 || index > questions.items.length) throw new RangeError(`no question #${index + 1}`);
  const node = styled(doc, question);
  if (index === questions.items.length) questions.items.push(node);
  else questions.items[index] = node;
  return doc.toString({ lineWidth: 0 });
}

export function withoutQuestion(text: string, index: number): string {
  const { doc } = parse(text);
  const questions = doc.get("questions", true);
  if (!isSeq(questions) || !questions.items[index]) throw new RangeError(`no question #${index + 1}`);
  questions.items.splice(index, 1);
  return doc.toString({ lineWidth: 0 });
}

export function withQuestionMoved(text: string, from: number, to: number): string {
  const { doc } = parse(text);
  const questions = doc.get("questions", true);
  if (!isSeq(questions) || !questions.items[from] || !questions.items[to]) throw new RangeError("no such question");
  const [moved] = questions.items.splice(from, 1);
  questions.items.splice(to, 0, moved);
  return doc.toString({ lineWidth: 0 });
}

/**
 * The form field a line of the quiz file belongs to, inside question `index`: the deepest key written on that line
 * (or the last one before it, for a line inside a multi-line text). Undefined when the line is not in that question.
 */
export function fieldAtLine(text: string, index: number, line: number): string | undefined {
  const { doc, lines } = parse(text);
  const questions = doc.get("questions", true);
  const question = isSeq(questions) ? (questions.items[index] as YamlNode | undefined) : undefined;
  if (!question?.range) return undefined;
  const lineOf = (offset: number) => lines.linePos(offset).line;
  if (line < lineOf(question.range[0]) || line > lineOf(Math.max(question.range[0], question.range[1] - 1))) return undefined;
  let best: { path: Path; line: number } = { path: [], line: lineOf(question.range[0]) };
  const walk = (node: unknown, path: Path) => {
    // One-line entries (`- { id: a, text: A, … }`) are named as a whole: a line cannot tell their keys apart.
    if (isMap(node) && !node.flow) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : "";
        const keyLine = isScalar(pair.key) && pair.key.range ? lineOf(pair.key.range[0]) : undefined;
        if (keyLine !== undefined && keyLine <= line && keyLine >= best.line) best = { path: [...path, key], line: keyLine };
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const itemLine = (item as YamlNode).range ? lineOf((item as YamlNode).range![0]) : undefined;
        if (itemLine !== undefined && itemLine <= line && itemLine > best.line) best = { path: [...path, i], line: itemLine };
        walk(item, [...path, i]);
      });
    }
  };
  walk(question, []);
  return best.path.join(".");
}
