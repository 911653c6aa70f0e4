// Compiles course Markdown (lesson bodies, scenario cases) to sanitised HTML once, at import time, so learners'
// requests never run a Markdown parser and never see anything the sanitiser did not allow.
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import rehypeSlug from "rehype-slug";
import rehypeStringify from "rehype-stringify";
import remarkDirective from "remark-directive";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { SKIP, visit } from "unist-util-visit";
import type { BibliographyEntry, Language } from "./format";
import { isSafeHref } from "./safe-href";
import { sourceIn } from "./sources";

// Syntax-tree types come from the plugins themselves: the top-level @types/mdast and @types/hast are older
// majors pulled in by Remix's MDX tooling and do not match the trees these plugins produce.
const parser = unified().use(remarkParse).use(remarkGfm).use(remarkDirective);
const toHast = unified().use(remarkRehype);
type Root = ReturnType<typeof parser.parse>;
type RootContent = Root["children"][number];
type Paragraph = Extract<RootContent, { type: "paragraph" }>;
type PhrasingContent = Paragraph["children"][number];
type Text = Extract<PhrasingContent, { type: "text" }>;
type HastRoot = ReturnType<typeof toHast.runSync>;
type Element = Extract<HastRoot["children"][number], { type: "element" }>;
type ElementContent = Element["children"][number];

export const CALLOUT_NAMES = ["key-point", "case-study", "caution"] as const;
export type CalloutName = (typeof CALLOUT_NAMES)[number];

export type MarkdownLabels = {
  callouts: Record<CalloutName, string>;
  /** aria-label of the footnotes section. */
  footnotes: string;
  /** aria-label of a footnote's link back to where it is cited. */
  backToText: string;
};

// Compiled HTML is stored per language, so these labels are fixed at import time rather than looked up via i18n
// at render time.
export const MARKDOWN_LABELS: Record<Language, MarkdownLabels> = {
  en: {
    callouts: { "key-point": "Key point", "case-study": "Case study", caution: "Caution" },
    footnotes: "Notes",
    backToText: "Back to text",
  },
  fr: {
    callouts: { "key-point": "Point clé", "case-study": "Étude de cas", caution: "Attention" },
    footnotes: "Notes",
    backToText: "Retour au texte",
  },
  es: {
    callouts: { "key-point": "Punto clave", "case-study": "Estudio de caso", caution: "Precaución" },
    footnotes: "Notas",
    backToText: "Volver al texto",
  },
};

export type MarkdownError = { line?: number; message: string };

export type CompileOptions = {
  bibliography: readonly BibliographyEntry[];
  labels: MarkdownLabels;
  /** The language being compiled: footnotes name each instrument by its short name in that language. */
  language?: Language;
  /** Where a footnote's instrument name links to; the bibliography page of the course. */
  bibliographyHref: (key: string) => string;
  /** Line of the file on which `source` starts, so errors point into the file rather than into the body. */
  firstLine?: number;
  /**
   * Distinguishes footnote ids when several compiled fragments share a page (the cases of a quiz):
   * `fn-<idPrefix>N`. Lessons use none, giving `fn-N`.
   */
  idPrefix?: string;
  /** Off when the bibliography itself could not be read, so one broken file is not reported once per citation. */
  reportUnknownCitations?: boolean;
  /**
   * Turns an image's path as written (`media/map.png`) into the URL learners load it from, or says why it cannot
   * be shown. Without it (scenario cases, feedback) images are not part of the text.
   */
  resolveImage?: (url: string) => { src: string } | { error: string };
};

export type CompiledMarkdown = { html: string; wordCount: number; errors: MarkdownError[] };

export const CITATION = /\[\[([^[\]]*)\]\]/g;

/** `key` or `key, locator`, as written in lessons and in a question's `citation` field. */
export function parseCitation(text: string): { key: string; locator?: string } {
  const comma = text.indexOf(",");
  if (comma === -1) return { key: text.trim() };
  const locator = text.slice(comma + 1).trim();
  return { key: text.slice(0, comma).trim(), locator: locator || undefined };
}

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

// Extended only for the markup this module generates; everything a trainer could smuggle in as raw HTML is
// dropped by remark-rehype before sanitising, and `javascript:` URLs fail the default protocol list.
const FOOTNOTE_ID = /^fn(?:ref)?-[a-z0-9-]+$/;
/**
 * The only image source lesson HTML may hold: the course's media route, by content hash (see courses/README.md,
 * Images). Whatever else reaches an <img> (an external tracker, a data: URL) loses its src.
 */
export const LESSON_IMAGE_SRC = /^\/courses\/[a-z0-9]+(?:-[a-z0-9]+)*\/media\/[0-9a-f]{64}\.(?:png|jpg|webp)$/;
const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  // Defence in depth behind the compile-time check: no mailto:, irc: or anything else besides the web.
  protocols: { ...defaultSchema.protocols, href: ["http", "https"], src: ["http", "https"], cite: ["http", "https"] },
  // Ids here come only from heading slugs and footnote numbering (raw HTML never gets this far), and the
  // default "user-content-" prefix would break the `#fn-N` links the footnotes are specified to use.
  clobberPrefix: "",
  tagNames: [...(defaultSchema.tagNames ?? []), "aside", "section"],
  attributes: {
    ...defaultSchema.attributes,
    a: [
      // The first className definition wins, so the default (GFM footnotes) one is replaced rather than extended.
      ...(defaultSchema.attributes?.a ?? []).filter((definition) => !Array.isArray(definition) || definition[0] !== "className"),
      ["className", "footnote-source", "footnote-backref", "data-footnote-backref"],
      ["id", FOOTNOTE_ID],
    ],
    aside: [["className", "callout", ...CALLOUT_NAMES.map((name) => `callout-${name}`)], "ariaLabel"],
    p: [["className", "callout-title"]],
    section: [...(defaultSchema.attributes?.section ?? []), "ariaLabel"],
    li: [...(defaultSchema.attributes?.li ?? []), ["id", FOOTNOTE_ID]],
    img: [["src", LESSON_IMAGE_SRC], "alt", ["loading", "lazy"]],
  },
};

type Citation = { key: string; locator?: string; number: number; refs: number };

export function compileMarkdown(source: string, options: CompileOptions): CompiledMarkdown {
  const errors: MarkdownError[] = [];
  const lineOffset = (options.firstLine ?? 1) - 1;
  const at = (node: { position?: { start: { line: number } } }) =>
    node.position ? node.position.start.line + lineOffset : undefined;
  const sources = new Map(options.bibliography.map((entry) => [entry.key, entry]));
  const prefix = options.idPrefix ?? "";
  const citations: Citation[] = [];

  const tree = parser.parse(source);

  restoreTextDirectives(tree, source);

  // Counted before citations become footnote numbers and callouts get their titles: the trainer's prose only.
  const wordCount = proseWords(tree);

  // Links and images a trainer writes: http(s) or a same-site path only (courses/README.md, URLs). The sanitiser
  // below would drop a `javascript:` href silently; the author is told instead.
  visit(tree, (node) => {
    if ((node.type === "link" || node.type === "definition") && !isSafeHref(node.url, { allowRelative: true })) {
      errors.push({ line: at(node), message: `link to "${node.url}": only http:, https: and relative links are allowed` });
    }
  });

  // Images: only files of the course, each with a text alternative (WCAG 2.2 SC 1.1.1), reported at their line.
  visit(tree, "imageReference", (node, index, parent) => {
    if (!parent || index === undefined) return;
    errors.push({ line: at(node), message: "write an image as ![alt text](media/file.png), not as a reference" });
    parent.children.splice(index, 1);
    return index;
  });
  visit(tree, "image", (node, index, parent) => {
    if (!parent || index === undefined) return;
    const problems: string[] = [];
    if (!node.alt?.trim()) problems.push("image needs alt text");
    const resolved = options.resolveImage
      ? options.resolveImage(node.url)
      : { error: `image "${node.url}": images can be shown in lessons only` };
    if ("error" in resolved) problems.push(resolved.error);
    if (problems.length > 0) {
      for (const message of problems) errors.push({ line: at(node), message });
      parent.children.splice(index, 1);
      return index;
    }
    node.url = (resolved as { src: string }).src;
    node.title = null;
    node.data = { ...node.data, hProperties: { loading: "lazy" } };
  });

  visit(tree, (node) => {
    if (node.type === "leafDirective") {
      errors.push({ line: at(node), message: `unknown directive "::${node.name}"` });
      return SKIP;
    }
    if (node.type !== "containerDirective") return;
    if (!(CALLOUT_NAMES as readonly string[]).includes(node.name)) {
      errors.push({
        line: at(node),
        message: `unknown callout ":::${node.name}" (use :::key-point, :::case-study or :::caution)`,
      });
      return;
    }
    const name = node.name as CalloutName;
    const title = name === "case-study" ? node.attributes?.title?.trim() : undefined;
    const label = title ? `${options.labels.callouts[name]}: ${title}` : options.labels.callouts[name];
    node.data = {
      hName: "aside",
      hProperties: { className: ["callout", `callout-${name}`], ariaLabel: label },
    };
    node.children.unshift({
      type: "paragraph",
      data: { hProperties: { className: ["callout-title"] } },
      children: [{ type: "text", value: label }],
    });
  });

  visit(tree, "text", (node, index, parent) => {
    if (!parent || index === undefined || !node.value.includes("[[")) return;
    const parts: PhrasingContent[] = [];
    let last = 0;
    for (const match of node.value.matchAll(CITATION)) {
      const { key, locator } = parseCitation(match[1]);
      if (!sources.has(key)) {
        // A text node can span several lines of a paragraph; count down to the citation's own line.
        const line = at(node);
        const lineInNode = node.value.slice(0, match.index).split("\n").length - 1;
        if (options.reportUnknownCitations !== false) {
          errors.push({ line: line === undefined ? undefined : line + lineInNode, message: `unknown citation key "${key}"` });
        }
        continue;
      }
      if (match.index > last) parts.push({ type: "text", value: node.value.slice(last, match.index) });
      parts.push(citationReference(citations, key, locator, prefix));
      last = match.index + match[0].length;
    }
    if (parts.length === 0) return;
    if (last < node.value.length) parts.push({ type: "text", value: node.value.slice(last) });
    parent.children.splice(index, 1, ...(parts as typeof parent.children));
    return index + parts.length;
  });

  const hast = toHast.runSync(tree);
  if (citations.length > 0) {
    hast.children.push({ type: "text", value: "\n" }, footnotesSection(citations, sources, options, prefix));
  }
  const sanitised = unified().use(rehypeSlug).use(rehypeSanitize, sanitizeSchema).runSync(hast);
  const html = unified().use(rehypeStringify).stringify(sanitised);
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { html, wordCount, errors };
}

/** The words the study-time rule counts: prose only (no citation markers, fences, front matter or punctuation). */
export function markdownWordCount(source: string): number {
  const tree = parser.parse(source);
  restoreTextDirectives(tree, source);
  return proseWords(tree);
}

function proseWords(tree: Root): number {
  let words = 0;
  visit(tree, (node) => {
    if (node.type === "text" || node.type === "inlineCode") words += countWords(node.value.replace(CITATION, " "));
  });
  return words;
}

// remark-directive reads `10:30` or `Note:this` as a text directive; the format has no text directives, so
// anything parsed as one was prose and is put back verbatim.
function restoreTextDirectives(tree: Root, source: string) {
  visit(tree, "textDirective", (node, index, parent) => {
    if (!parent || index === undefined) return;
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    const value = start !== undefined && end !== undefined ? source.slice(start, end) : `:${node.name}`;
    parent.children.splice(index, 1, { type: "text", value, position: node.position });
    return index;
  });
  // A restored directive splits the surrounding text in three; citations are matched within one text node.
  visit(tree, (node) => {
    if (!("children" in node)) return;
    const children = node.children as RootContent[];
    for (let i = children.length - 1; i > 0; i--) {
      const previous = children[i - 1];
      const current = children[i];
      if (previous.type === "text" && current.type === "text") {
        (previous as Text).value += current.value;
        if (previous.position && current.position) previous.position.end = current.position.end;
        children.splice(i, 1);
      }
    }
  });
}

function citationReference(citations: Citation[], key: string, locator: string | undefined, prefix: string): PhrasingContent {
  // Repeated citations of the same passage share one footnote, as a legal text's "ibid." would.
  let citation = citations.find((c) => c.key === key && c.locator === locator);
  if (!citation) {
    citation = { key, locator, number: citations.length + 1, refs: 0 };
    citations.push(citation);
  }
  citation.refs += 1;
  const n = citation.number;
  const refId = citation.refs === 1 ? `fnref-${prefix}${n}` : `fnref-${prefix}${n}-${citation.refs}`;
  const anchor: Element = {
    type: "element",
    tagName: "a",
    properties: { href: `#fn-${prefix}${n}`, id: refId },
    children: [{ type: "text", value: String(n) }],
  };
  return {
    type: "text",
    value: String(n),
    data: { hName: "sup", hChildren: [anchor] },
  };
}

function footnotesSection(
  citations: Citation[],
  sources: Map<string, BibliographyEntry>,
  options: CompileOptions,
  prefix: string,
): Element {
  const items: ElementContent[] = citations.flatMap((citation) => {
    const entry = sources.get(citation.key)!;
    const children: ElementContent[] = [
      {
        type: "element",
        tagName: "a",
        properties: { href: options.bibliographyHref(citation.key), className: ["footnote-source"] },
        children: [{ type: "text", value: sourceIn(entry, options.language).short }],
      },
    ];
    if (citation.locator) children.push({ type: "text", value: `, ${citation.locator}` });
    children.push(
      { type: "text", value: " " },
      {
        type: "element",
        tagName: "a",
        properties: {
          href: `#fnref-${prefix}${citation.number}`,
          className: ["footnote-backref"],
          ariaLabel: options.labels.backToText,
        },
        children: [{ type: "text", value: "↩" }],
      },
    );
    return [
      { type: "text", value: "\n" },
      { type: "element", tagName: "li", properties: { id: `fn-${prefix}${citation.number}` }, children },
    ];
  });
  return {
    type: "element",
    tagName: "section",
    properties: { className: ["footnotes"], ariaLabel: options.labels.footnotes },
    children: [
      { type: "text", value: "\n" },
      { type: "element", tagName: "ol", properties: {}, children: [...items, { type: "text", value: "\n" }] },
      { type: "text", value: "\n" },
    ],
  };
}

/**
 * Short Markdown (a quiz explanation, an option's feedback) through the same parser and sanitiser as lessons, as
 * inline HTML: a single paragraph loses its <p> so it can sit in a sentence ("Right choice. — <em>Biao</em>…").
 */
export function compileInlineMarkdown(source: string, options: CompileOptions): CompiledMarkdown {
  const compiled = compileMarkdown(source, options);
  const single = /^<p>((?:(?!<\/?p>)[\s\S])*)<\/p>\s*$/.exec(compiled.html.trim());
  return single ? { ...compiled, html: single[1] } : compiled;
}
