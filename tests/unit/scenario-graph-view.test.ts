// The drawn graph (app/studio/scenario-graph.tsx), rendered on the server as the page is: an SVG image with a title
// and a description, problem steps marked by text as well as colour, and the same content as a nested list.
import { createInstance } from "i18next";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { describe, expect, it } from "vitest";
import fr from "~/i18n/locales/fr.json";
import en from "~/i18n/locales/en.json";
import { ScenarioGraphView } from "~/studio/scenario-graph-view";

async function render(language: "en" | "fr", scenario: Parameters<typeof ScenarioGraphView>[0]["scenario"]) {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ lng: language, resources: { en: { translation: en }, fr: { translation: fr } }, interpolation: { escapeValue: false } });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(ScenarioGraphView, { scenario })));
}

const withOrphan = {
  start: "classify",
  steps: [
    { id: "classify", type: "single", options: [{ id: "smuggled", next: "protect" }, { id: "victim", next: "protect" }] },
    { id: "protect", type: "true-false" },
    { id: "orphan", type: "true-false", next: "protect" },
  ],
};

describe("the scenario graph view", () => {
  it("draws an SVG image with title and description, marking the unreachable step in words and colour", async () => {
    const html = await render("en", withOrphan);
    expect(html).toMatch(/<svg role="img" aria-labelledby="scenario-graph-title scenario-graph-desc"/);
    expect(html).toContain('<title id="scenario-graph-title">Graph of the scenario&#x27;s steps</title>');
    expect(html).toContain("3 steps; 1 with a problem.");
    const orphan = /<g class="graph-node graph-node--problem" data-step="orphan">([\s\S]*?)<\/g>/.exec(html)?.[1];
    expect(orphan).toContain('stroke="#b00020"');
    expect(orphan).toContain("⚠ unreachable");
    expect(html).not.toMatch(/graph-node--problem" data-step="classify"/);
    expect(html).toContain("Step &quot;orphan&quot; cannot be reached from the first step.");
  });

  it("gives the same content as a nested list: each step, each choice and where it leads", async () => {
    const html = await render("en", withOrphan);
    expect(html).toContain("<li><span>Step classify (Single choice)</span><span> (start)</span><ul><li>option smuggled → protect</li><li>option victim → protect</li></ul></li>");
    expect(html).toContain("<li>every choice → the scenario ends</li>");
  });

  it("speaks the editor's language", async () => {
    const html = await render("fr", { start: "a", steps: [{ id: "a", type: "true-false", next: "b" }, { id: "b", type: "true-false", next: "a" }] });
    expect(html).toContain("Les étapes forment une boucle : a → b → a.");
    expect(html).toContain("impasse");
  });
});
