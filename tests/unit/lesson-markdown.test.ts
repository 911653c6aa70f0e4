import { describe, expect, it } from "vitest";
import { compileMarkdown, countWords, MARKDOWN_LABELS, parseCitation } from "~/courses/markdown.server";

const bibliography = [
  { key: "tip-protocol", title: "Trafficking in Persons Protocol", short: "Trafficking Protocol", year: 2000 },
  { key: "som-protocol", title: "Smuggling of Migrants Protocol", short: "Smuggling Protocol", year: 2000 },
];

function compile(source: string, language: "en" | "fr" | "es" = "en", firstLine?: number) {
  return compileMarkdown(source, {
    bibliography,
    labels: MARKDOWN_LABELS[language],
    bibliographyHref: (key) => `/courses/demo/bibliography#${key}`,
    firstLine,
  });
}

describe("citations", () => {
  it("become numbered footnote references and a footnotes section naming source and locator", () => {
    const { html, errors } = compile("Act, means, purpose [[tip-protocol, art. 3(a)]]. Entry [[som-protocol]].");
    expect(errors).toEqual([]);
    expect(html).toContain('purpose <sup><a href="#fn-1" id="fnref-1">1</a></sup>.');
    expect(html).toContain('Entry <sup><a href="#fn-2" id="fnref-2">2</a></sup>.');
    expect(html).toContain('<section class="footnotes" aria-label="Notes">');
    expect(html).toContain(
      '<li id="fn-1"><a href="/courses/demo/bibliography#tip-protocol" class="footnote-source">Trafficking Protocol</a>, art. 3(a) <a href="#fnref-1" class="footnote-backref" aria-label="Back to text">↩</a></li>',
    );
    expect(html).toContain('<li id="fn-2"><a href="/courses/demo/bibliography#som-protocol" class="footnote-source">Smuggling Protocol</a> <a');
  });

  it("share one footnote when the same passage is cited again", () => {
    const { html } = compile("One [[tip-protocol, art. 3]]. Two [[tip-protocol, art. 3]]. Three [[tip-protocol, art. 5]].");
    expect(html).toContain('Two <sup><a href="#fn-1" id="fnref-1-2">1</a></sup>');
    expect(html).toContain('Three <sup><a href="#fn-2" id="fnref-2">2</a></sup>');
    expect(html.match(/<li id="fn-/g)).toHaveLength(2);
  });

  it("label the footnotes in the lesson's language", () => {
    const { html } = compile("Texte [[tip-protocol]].", "fr");
    expect(html).toContain('<section class="footnotes" aria-label="Notes">');
    expect(html).toContain('aria-label="Retour au texte"');
    expect(compile("Texto [[tip-protocol]].", "es").html).toContain('aria-label="Volver al texto"');
  });

  it("report an unknown key with its line in the file and leave it as text", () => {
    const { html, errors } = compile("First line.\nSecond [[nope, art. 1]] line.", "en", 6);
    expect(errors).toEqual([{ line: 7, message: 'unknown citation key "nope"' }]);
    expect(html).toContain("[[nope, art. 1]]");
    expect(html).not.toContain("footnotes");
  });

  it("are parsed as key and optional locator", () => {
    expect(parseCitation("tip-protocol, art. 3(a), para. 2")).toEqual({ key: "tip-protocol", locator: "art. 3(a), para. 2" });
    expect(parseCitation(" som-protocol ")).toEqual({ key: "som-protocol" });
  });
});

describe("callouts", () => {
  it("become labelled asides, with a case study's title in its label", () => {
    const { html, errors } = compile(
      ':::key-point\nConsent is irrelevant.\n:::\n\n:::case-study{title="The minivan"}\nA story.\n:::\n\n:::caution\nCareful.\n:::\n',
    );
    expect(errors).toEqual([]);
    expect(html).toContain('<aside class="callout callout-key-point" aria-label="Key point"><p class="callout-title">Key point</p><p>Consent is irrelevant.</p></aside>');
    expect(html).toContain('<aside class="callout callout-case-study" aria-label="Case study: The minivan">');
    expect(html).toContain('<aside class="callout callout-caution" aria-label="Caution">');
  });

  it("are labelled in the lesson's language", () => {
    expect(compile(":::key-point\nTexte.\n:::").html).toContain('aria-label="Key point"');
    expect(compile(":::key-point\nTexte.\n:::", "fr").html).toContain('aria-label="Point clé"');
    expect(compile(":::caution\nTexto.\n:::", "es").html).toContain('aria-label="Precaución"');
  });

  it("report any other directive name with its line", () => {
    const { errors } = compile("Intro.\n\n:::warning\nText.\n:::\n\n::embed\n", "en", 10);
    expect(errors).toEqual([
      { line: 12, message: 'unknown callout ":::warning" (use :::key-point, :::case-study or :::caution)' },
      { line: 16, message: 'unknown directive "::embed"' },
    ]);
  });

  it("leave colons in prose alone (times, verses, ratios)", () => {
    const { html, errors } = compile("The post opens at 10:30 and Note:this stays.");
    expect(errors).toEqual([]);
    expect(html).toBe("<p>The post opens at 10:30 and Note:this stays.</p>");
  });
});

describe("headings and GFM", () => {
  it("give headings id anchors", () => {
    const { html } = compile("## Three elements\n\n### The child exception\n\n## Three elements\n");
    expect(html).toContain('<h2 id="three-elements">Three elements</h2>');
    expect(html).toContain('<h3 id="the-child-exception">The child exception</h3>');
    expect(html).toContain('<h2 id="three-elements-1">Three elements</h2>');
  });

  it("render tables, emphasis and links", () => {
    const { html } = compile("| Element | Means |\n|---|---|\n| **Act** | [link](https://example.org) |\n");
    expect(html).toContain("<table>");
    expect(html).toContain("<strong>Act</strong>");
    expect(html).toContain('<a href="https://example.org">link</a>');
  });
});

describe("raw HTML and unsafe links", () => {
  it("renders a lesson with script, event handlers and javascript: links inert", () => {
    const { html } = compile(
      "Before.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) and <a href=\"javascript:alert(2)\" onclick=\"alert(3)\">y</a>\n\nAfter.",
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/onerror|onclick/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain("<p>Before.</p>");
    expect(html).toContain("<p>After.</p>");
    expect(html).toContain("<a>x</a>");
  });

  it("does not let a directive attribute smuggle in attributes", () => {
    const { html } = compile(':::case-study{title="x" onclick="alert(1)" style="color:red" id="evil"}\nText.\n:::');
    expect(html).not.toMatch(/onclick|style=|id="evil"/);
  });
});

describe("word count", () => {
  it("counts the body's words, not citations, markup or callout labels", () => {
    const { wordCount } = compile("## Two words\n\nThree more words [[tip-protocol, art. 3(a)]].\n\n:::key-point\nOne.\n:::\n");
    expect(wordCount).toBe(6);
  });

  it("counts contractions, hyphenated words and accented words as one each", () => {
    expect(countWords("L'État n'est pas self-evident, 3.5 fois.")).toBe(6);
  });

  it("is zero for a body without text", () => {
    expect(compile("\n\n<!-- nothing -->\n\n[[tip-protocol]]\n").wordCount).toBe(0);
  });
});
