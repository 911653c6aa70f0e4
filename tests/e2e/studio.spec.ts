// The authoring studio in the browser (issue 13): a trainer (whose studio is in Spanish) writes a short course from
// the template — metadata, bibliography, a lesson with a citation, a callout and an image, a single-choice question
// and a two-step scenario —; a second trainer with the reviewer permission approves and publishes it; a learner takes
// it; the trainer corrects an article number, it is approved and published again, and the learner sees the correction
// with their progress kept. Then the same kind of edit without JavaScript, and two trainers saving the same file.
// Axe scans every studio screen on the way. Labels and messages come from the locale files, not from this file.
//
// The image is added from the draft page's upload form into the module's media/ folder.
import fs from "node:fs";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { pngImage } from "../support/images";
import { expectNoSeriousViolations, LEARNER, submitLogin } from "./support";

type Messages = { [key: string]: string | Messages };
const locales: Record<"en" | "es", Messages> = {
  en: JSON.parse(fs.readFileSync("app/i18n/locales/en.json", "utf8")) as Messages,
  es: JSON.parse(fs.readFileSync("app/i18n/locales/es.json", "utf8")) as Messages,
};

/** A UI string as the app renders it: the locale file's text, plural form chosen by `count`, values filled in. */
function tr(language: "en" | "es", key: string, values: Record<string, string | number> = {}): string {
  const lookup = (path: string) => path.split(".").reduce<string | Messages | undefined>((node, part) => (typeof node === "object" ? node[part] : undefined), locales[language]);
  const plural = typeof values.count === "number" ? lookup(`${key}_${new Intl.PluralRules(language).select(values.count)}`) : undefined;
  const text = plural ?? lookup(key);
  if (typeof text !== "string") throw new Error(`no message ${key} in ${language}`);
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? `{{${name}}}`));
}
const es = (key: string, values?: Record<string, string | number>) => tr("es", key, values);
const en = (key: string, values?: Record<string, string | number>) => tr("en", key, values);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A message as a pattern: the values not given (a date, a count of words) match anything. */
function like(language: "en" | "es", key: string, values: Record<string, string | number> = {}): RegExp {
  const text = tr(language, key, Object.fromEntries(Object.entries(values).map(([name, value]) => [name, `\u0000${value}\u0000`])));
  return new RegExp(
    text
      .split(/(\u0000[^\u0000]*\u0000|\{\{\w+\}\})/)
      .map((part) => (part.startsWith("{{") ? ".+" : escape(part.replace(/\u0000/g, ""))))
      .join(""),
  );
}

const TRAINER = { email: "trainer@example.org", password: "trainer-demo-passphrase", name: "Tomás Ibáñez" };
const REVIEWER = { email: "reviewer@example.org", password: "reviewer-demo-passphrase", name: "Nadia Haddad" };

const SLUG = "studio-non-refoulement";
const TITLE = "Non-refoulement at the border";
const MODULE = "01-introduction";
const LESSON = `${MODULE}/01-overview.md`;
const IMAGE = `${MODULE}/media/crossing.png`;
const IMAGE_ALT = "Diagram of a border crossing: the barrier, the inspection booth and the waiting area";
const SINGLE_PROMPT = "Which article of the Refugee Convention prohibits refoulement?";
const CASE_TITLE = "The family at the barrier";
const STEP_1 = "The father says the family fled threats at home. What do you do first?";
const STEP_2 = "The supervisor asks you to turn the family back. May you?";

const COURSE_YAML = `slug: ${SLUG}
version: "1.0.0"
defaultLanguage: en
languages: [en]
title: "${TITLE}"
summary: What the prohibition of refoulement requires of an official at the border.
audiences: [border-officials]
estimatedHours: 0.25
creditHours: 0
passMark: 50
certificateValidityMonths: null
enrolment: open
objectives:
  - Recognise when sending a person back from the border would breach non-refoulement.
`;

const REFUGEE_CONVENTION = `- key: refugee-convention
  title: Convention relating to the Status of Refugees
  short: Refugee Convention
  year: 1951
  reference: UNTS vol. 189, p. 137
  url: https://treaties.un.org/
`;

const LESSON_HEAD = `---
id: overview
title: "The prohibition of refoulement"
minutes: 1
---

A refugee may not be expelled or returned in any manner whatsoever to the frontiers of territories where their life or freedom would be threatened `;
const KEY_POINT = "The prohibition applies at the border too: turning a person away at the barrier is a return.";

/** Shared by the tests below, which form one journey. */
const state = { draftId: "", trainer: undefined as unknown as BrowserContext, reviewer: undefined as unknown as BrowserContext, learner: undefined as unknown as BrowserContext };

async function loggedIn(browser: Browser, account: { email: string; password: string }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await submitLogin(page, account.email, account.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.close();
  return context;
}

const draftIdOf = (page: Page) => /\/studio\/drafts\/([^/?]+)/.exec(page.url())![1]!;

/** The CodeMirror editor the file page builds over its textarea (loaded after hydration). */
async function codeEditor(page: Page) {
  const content = page.locator(".cm-content");
  await expect(content).toBeVisible();
  // Styled: its layout sheet passed the CSP (it lays the gutter beside the text, not above it).
  await expect(page.locator(".cm-editor")).toHaveCSS("display", "flex");
  return content;
}

/** Replaces the whole text in CodeMirror as a person would: select all, paste. */
async function pasteInEditor(page: Page, text: string) {
  await (await codeEditor(page)).click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(text);
}

async function openFile(page: Page, draftId: string, path: string) {
  await page.goto(`/studio/drafts/${draftId}`);
  await page.getByRole("link", { name: path, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: es("studio.editor.heading", { path }) })).toBeVisible();
}

async function saveFile(page: Page) {
  await page.getByRole("button", { name: es("studio.editor.save"), exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: es("studio.editor.saved") })).toBeVisible();
}

async function expectDraftValid(page: Page) {
  await expect(page.getByRole("heading", { level: 2, name: es("studio.draft.checkHeading") })).toBeVisible();
  await expect(page.locator(".course-errors")).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: like("es", "studio.draft.valid") })).toBeVisible();
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  state.trainer = await loggedIn(browser, TRAINER);
  state.reviewer = await loggedIn(browser, REVIEWER);
  state.learner = await loggedIn(browser, LEARNER);
});

test.afterAll(async () => {
  await Promise.all([state.trainer, state.reviewer, state.learner].map((context) => context?.close()));
});

test("a trainer writes a course from the template: metadata, bibliography, an image, a lesson, a question and a scenario", async () => {
  test.setTimeout(90_000);
  const page = await state.trainer.newPage();

  // The studio home, in the trainer's language; a new course from the template.
  await page.goto("/studio");
  await expect(page.getByRole("heading", { level: 1, name: es("studio.home.title") })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "studio home" });
  const create = page.getByRole("region", { name: es("studio.home.createHeading") });
  await create.getByLabel(es("studio.home.titleLabel"), { exact: true }).fill(TITLE);
  await create.getByLabel(es("studio.home.slugLabel"), { exact: true }).fill(SLUG);
  await create.getByRole("button", { name: es("studio.home.createSubmit") }).click();
  await expect(page.getByRole("heading", { level: 1, name: es("studio.draft.heading", { course: SLUG }) })).toBeVisible();
  await expectDraftValid(page);
  await expectNoSeriousViolations(page, { screen: "new draft" });
  const firstDraft = draftIdOf(page);

  // Course metadata, in the code editor.
  await openFile(page, firstDraft, "course.yaml");
  await expectNoSeriousViolations(page, { screen: "file editor (JavaScript)" });
  // Previewed before any autosave, then changed again: the editor on screen after the preview is the one Save sends.
  await pasteInEditor(page, COURSE_YAML.replace("passMark: 50", "passMark: 80"));
  await page.getByRole("button", { name: es("studio.editor.preview"), exact: true }).click();
  await expect(page.getByRole("region", { name: es("studio.editor.previewHeading") })).toBeVisible();
  await expect(page.locator(".cm-editor")).toHaveCount(1);
  await expect(page.locator("#file-text")).toBeHidden();
  await pasteInEditor(page, COURSE_YAML);
  await saveFile(page);

  // The image, added from the draft page into the module's media folder (judged by its content, ADR 0027).
  await page.goto(`/studio/drafts/${firstDraft}`);
  state.draftId = firstDraft;
  await page.locator("#image-folder").selectOption(MODULE);
  await page.getByLabel(es("studio.images.file")).setInputFiles({ name: "crossing.png", mimeType: "image/png", buffer: pngImage(7, 8) });
  await page.getByRole("button", { name: es("studio.images.submit"), exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: IMAGE })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "draft page after adding an image" });
  // The validator wants the image shown by a lesson; the lesson below does.
  await expect(page.getByRole("list").getByText(IMAGE, { exact: true })).toBeVisible();
  await expect(page.locator(".course-errors")).toContainText(IMAGE);

  // The bibliography gains the Refugee Convention.
  await openFile(page, state.draftId, "bibliography.yaml");
  const bibliography = await page.locator("#file-text").inputValue();
  await pasteInEditor(page, `${bibliography.trimEnd()}\n${REFUGEE_CONVENTION}`);
  await saveFile(page);

  // The lesson: typed in CodeMirror, the citation and the callout from its toolbar; autosaved; previewed.
  await openFile(page, state.draftId, LESSON);
  await pasteInEditor(page, LESSON_HEAD);
  const toolbar = page.getByRole("toolbar", { name: es("studio.editor.toolbar") });
  await toolbar.getByRole("button", { name: es("studio.editor.citation") }).click();
  await page.keyboard.type("refugee-convention, art. 31");
  await page.keyboard.press("Escape"); // closes the key completion, if still open
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.insertText(".\n");
  await toolbar.getByRole("button", { name: es("studio.editor.keyPoint") }).click();
  await page.keyboard.insertText(KEY_POINT);
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.insertText(`\n![${IMAGE_ALT}](media/crossing.png)\n`);
  const text = page.locator("#file-text");
  await expect(text).toHaveValue(/threatened \[\[refugee-convention, art\. 31\]\]\.\n/);
  await expect(text).toHaveValue(new RegExp(`:::key-point\\n${escape(KEY_POINT)}\\n:::`));
  await expect(page.getByRole("status").filter({ hasText: es("studio.editor.autosaved") })).toBeVisible();
  await page.getByRole("button", { name: es("studio.editor.preview"), exact: true }).click();
  const preview = page.getByRole("region", { name: es("studio.editor.previewHeading") });
  await expect(preview.getByText(es("studio.editor.noErrors"))).toBeVisible();
  await expect(preview.getByRole("complementary", { name: "Key point" })).toContainText(KEY_POINT);
  await expect(preview.getByRole("region", { name: "Notes" })).toContainText("Refugee Convention, art. 31");
  await expect(preview.getByRole("img", { name: IMAGE_ALT })).toBeAttached();
  await expectNoSeriousViolations(page, { screen: "file editor with preview" });
  await saveFile(page);
  await expect(text).toHaveValue(/art\. 31/);

  // A single-choice question in the question editor.
  await page.goto(`/studio/drafts/${state.draftId}`);
  await page.getByRole("link", { name: es("studio.draft.editQuestions") }).click();
  await expect(page.getByRole("heading", { level: 1, name: es("studioEditors.page.editQuestion", { n: 1, module: MODULE }) })).toBeVisible();
  await page.getByRole("navigation", { name: es("studioEditors.page.addLabel") }).getByRole("link", { name: es("studioEditors.types.single"), exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: es("studioEditors.page.newQuestion") })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "question editor" });
  await page.getByLabel(es("studioEditors.question.prompt"), { exact: true }).fill(SINGLE_PROMPT);
  const option = (n: number) => page.getByRole("group", { name: es("studioEditors.question.optionN", { n }), exact: true });
  await option(1).getByLabel(es("studioEditors.question.optionText")).fill("Article 33");
  await option(1).getByLabel(es("studioEditors.question.feedback")).fill("Yes: article 33(1) prohibits refoulement.");
  await option(2).getByLabel(es("studioEditors.question.optionText")).fill("Article 31");
  await option(2).getByLabel(es("studioEditors.question.feedback")).fill("No: article 31 concerns refugees unlawfully in the country.");
  await page.getByLabel(es("studioEditors.question.explanation")).fill("Article 33(1) of the Refugee Convention prohibits refoulement.");
  await page.getByLabel(es("studioEditors.question.citation"), { exact: true }).fill("refugee-convention, art. 33(1)");
  await page.getByRole("button", { name: es("studioEditors.question.save") }).click();
  await expect(page).toHaveURL(new RegExp(`/quiz/${MODULE}/2\\?saved=1$`));
  await expect(page.getByLabel(es("studioEditors.question.prompt"), { exact: true })).toHaveValue(SINGLE_PROMPT);

  // A scenario with two steps: the graph marks the second step unreachable until the first leads to it.
  await page.getByRole("navigation", { name: es("studioEditors.page.addLabel") }).getByRole("link", { name: es("studioEditors.types.scenario"), exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: es("studioEditors.page.newQuestion") })).toBeVisible();
  await page.getByLabel(es("studioEditors.question.caseTitle")).fill(CASE_TITLE);
  await page.getByLabel(es("studioEditors.question.case")).fill("A family reaches the barrier at night and asks for protection [[refugee-convention, art. 33]].");
  await page.getByLabel(es("studioEditors.question.explanation")).fill("Article 33(1) forbids returning a refugee to a place of danger, at the border too.");
  await page.getByLabel(es("studioEditors.question.citation"), { exact: true }).fill("refugee-convention, art. 33");
  const step = (n: number, id: string) => page.getByRole("group", { name: es("studioEditors.question.stepN", { n, id }), exact: true });
  await step(1, "step-1").getByLabel(es("studioEditors.question.prompt")).fill(STEP_1);
  const stepOption = (n: number, id: string, o: number) => step(n, id).getByRole("group", { name: es("studioEditors.question.optionN", { n: o }), exact: true });
  await stepOption(1, "step-1", 1).getByLabel(es("studioEditors.question.optionText")).fill("Record the request and refer it to the asylum authority");
  await stepOption(1, "step-1", 1).getByLabel(es("studioEditors.question.feedback")).fill("Right: the request must be heard.");
  await stepOption(1, "step-1", 2).getByLabel(es("studioEditors.question.optionText")).fill("Refuse entry for lack of a visa");
  await stepOption(1, "step-1", 2).getByLabel(es("studioEditors.question.feedback")).fill("No: a visa is not a condition of protection.");
  await page.getByRole("button", { name: es("studioEditors.question.addStep") }).click();
  const graph = page.getByRole("region", { name: es("studioEditors.graph.heading") });
  await expect(graph.getByRole("alert")).toContainText(es("studioEditors.graph.problems.unreachable", { step: "step-2" }));
  await step(1, "step-1").getByLabel(es("studioEditors.question.stepNext")).selectOption("step-2");
  await step(2, "step-2").getByLabel(es("studioEditors.question.prompt")).fill(STEP_2);
  // A new step has no options yet: each one is added by the server (the same request as without JavaScript), and
  // the graph is drawn again from what the form holds: the second step is now reached.
  await step(2, "step-2").getByRole("button", { name: es("studioEditors.question.addOption") }).click();
  await step(2, "step-2").getByRole("button", { name: es("studioEditors.question.addOption") }).click();
  await expect(stepOption(2, "step-2", 2)).toBeVisible();
  await expect(graph.getByRole("alert")).toHaveCount(0);
  await stepOption(2, "step-2", 1).getByLabel(es("studioEditors.question.optionText")).fill("No: the prohibition binds every official");
  await stepOption(2, "step-2", 1).getByLabel(es("studioEditors.question.correct")).check();
  await stepOption(2, "step-2", 1).getByLabel(es("studioEditors.question.feedback")).fill("Right: a superior's order does not lift article 33(1).");
  await stepOption(2, "step-2", 2).getByLabel(es("studioEditors.question.optionText")).fill("Yes, if the order is in writing");
  await stepOption(2, "step-2", 2).getByLabel(es("studioEditors.question.feedback")).fill("No: no order lifts the prohibition.");
  await page.getByRole("button", { name: es("studioEditors.question.save") }).click();
  await expect(page).toHaveURL(new RegExp(`/quiz/${MODULE}/3\\?saved=1$`));
  await expect(graph.getByRole("img", { name: es("studioEditors.graph.title") })).toBeVisible();
  await expect(graph.getByRole("img", { name: es("studioEditors.graph.title") })).toHaveAccessibleName(
    new RegExp(escape(es("studioEditors.graph.desc", { steps: 2, problems: 0 }))),
  );
  const list = graph.getByRole("list").first();
  await expect(list).toContainText(es("studioEditors.graph.stepLabel", { id: "step-1", type: es("studioEditors.types.single") }));
  await expect(list).toContainText(es("studioEditors.graph.stepLabel", { id: "step-2", type: es("studioEditors.types.single") }));
  await expectNoSeriousViolations(page, { screen: "scenario editor with its graph" });

  // The draft checks clean; the translations page; submitted for review.
  await page.goto(`/studio/drafts/${state.draftId}`);
  await expectDraftValid(page);
  await expect(page.getByRole("status").filter({ hasText: like("es", "studio.draft.valid", { modules: 1, lessons: 1, questions: 3 }) })).toBeVisible();
  await page.getByRole("link", { name: es("studio.draft.translations") }).click();
  await expect(page.getByRole("heading", { level: 1, name: es("studioEditors.translations.heading") })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "translations" });
  await page.goto(`/studio/drafts/${state.draftId}`);
  await page.getByLabel(es("studio.draft.changeNote")).fill("New course on non-refoulement at the border.");
  await page.getByRole("button", { name: es("studio.draft.submit") }).click();
  await expect(page.getByText(es("studio.state.submitted"), { exact: true })).toBeVisible();
  // Four eyes: the author is not offered the approval.
  await expect(page.getByRole("button", { name: es("studio.draft.approve"), exact: true })).toHaveCount(0);
  await page.close();
});

test("the reviewer reads the submitted draft, approves it with a note and publishes it; the history shows who and why", async () => {
  const page = await state.reviewer.newPage();
  await page.goto("/studio");
  const pending = page.getByRole("region", { name: en("studio.home.newCoursesHeading") });
  await expect(pending.getByRole("listitem").filter({ hasText: SLUG })).toContainText(en("studio.state.submitted"));
  await pending.getByRole("link", { name: SLUG }).click();
  await expect(page.getByRole("heading", { level: 1, name: en("studio.draft.heading", { course: SLUG }) })).toBeVisible();
  await expect(page.getByText(like("en", "studio.draft.submitted", { name: TRAINER.name, note: "New course on non-refoulement at the border." }))).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "review screen" });

  // The lesson as learners will see it.
  await page.getByRole("listitem").filter({ hasText: LESSON }).getByRole("link", { name: en("studio.draft.preview") }).click();
  await expect(page.getByRole("heading", { level: 1, name: "The prohibition of refoulement" })).toBeVisible();
  await expect(page.getByRole("complementary", { name: "Key point" })).toContainText(KEY_POINT);
  await expectNoSeriousViolations(page, { screen: "lesson preview" });
  await page.getByRole("link", { name: en("studio.editor.back", { course: SLUG }) }).click();

  await page.getByLabel(en("studio.draft.approvalNote")).fill("Checked against the Convention text.");
  await page.getByRole("button", { name: en("studio.draft.approve"), exact: true }).click();
  await expect(page.getByText(en("studio.state.approved"), { exact: true })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "approved draft" });
  await page.getByRole("button", { name: en("studio.draft.publish"), exact: true }).click();

  await expect(page).toHaveURL(new RegExp(`/studio/courses/${SLUG}\\?published=`));
  await expect(page.getByRole("heading", { level: 1, name: en("studio.versions.heading", { course: SLUG }) })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "1.0.0" });
  await expect(row).toContainText(en("studio.versions.publishedBy", { name: REVIEWER.name }));
  await expect(row).toContainText(like("en", "studio.versions.approvedBy", { name: REVIEWER.name, note: "Checked against the Convention text." }));
  await expect(row).toContainText("New course on non-refoulement at the border.");
  await expect(row).toContainText(en("studio.versions.origins.studio"));
  await expectNoSeriousViolations(page, { screen: "version history" });
  await page.close();
});

test("a learner finds the course, reads the lesson and answers the question and the scenario", async () => {
  const page = await state.learner.newPage();
  await page.goto("/courses");
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 2, name: TITLE }) });
  await card.getByRole("link", { name: TITLE }).click();
  await page.getByRole("button", { name: "Enrol in this course" }).click();
  await page.getByRole("link", { name: "Start the first lesson" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "The prohibition of refoulement" })).toBeVisible();
  await expect(page.getByRole("complementary", { name: "Key point" })).toContainText(KEY_POINT);
  await expect(page.getByRole("region", { name: "Notes" })).toContainText("Refugee Convention, art. 31");
  const image = page.getByRole("img", { name: IMAGE_ALT });
  await expect(image).toBeVisible();
  // The image is served (not a broken picture) from its content address.
  expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(8);
  await page.getByRole("button", { name: /^Mark as complete/ }).click();
  // The last lesson's completion lands on the course page; leaving before that would abort the post.
  await expect(page).toHaveURL(new RegExp(`/courses/${SLUG}$`));

  await page.goto(`/courses/${SLUG}/quizzes/introduction-quiz`);
  await page.getByRole("button", { name: "Start the quiz" }).click();
  await page.getByLabel("The Trafficking Protocol").check();
  await page.getByRole("button", { name: "Save answer and continue" }).click();
  await expect(page.getByRole("heading", { level: 2, name: SINGLE_PROMPT })).toBeVisible();
  await page.getByLabel("Article 33", { exact: true }).check();
  await page.getByRole("button", { name: "Save answer and continue" }).click();
  await expect(page.getByRole("heading", { level: 2, name: `Case: ${CASE_TITLE}` })).toBeVisible();
  await page.getByLabel("Record the request and refer it to the asylum authority").check();
  await page.getByRole("button", { name: "Save answer and continue" }).click();
  await expect(page.getByRole("group", { name: STEP_2 })).toBeVisible();
  await page.getByRole("group", { name: STEP_2 }).getByLabel("No: the prohibition binds every official").check();
  await page.getByRole("button", { name: "Save answer and continue" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Review before you submit" })).toBeVisible();
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "You passed" })).toBeVisible();
  await page.close();
});

test("the trainer corrects the article number, the reviewer approves, and the learner sees the correction with their progress kept", async () => {
  const trainer = await state.trainer.newPage();
  await trainer.goto("/studio");
  await trainer.getByRole("button", { name: es("studio.home.newDraftFor", { course: TITLE }) }).click();
  await expect(trainer.getByRole("heading", { level: 1, name: es("studio.draft.heading", { course: SLUG }) })).toBeVisible();
  state.draftId = draftIdOf(trainer);
  await openFile(trainer, state.draftId, LESSON);
  const before = await trainer.locator("#file-text").inputValue();
  expect(before).toContain("[[refugee-convention, art. 31]]");
  await pasteInEditor(trainer, before.replace("art. 31]]", "art. 33]]"));
  await saveFile(trainer);
  await trainer.goto(`/studio/drafts/${state.draftId}`);
  await expectDraftValid(trainer);
  await trainer.getByLabel(es("studio.draft.changeNote")).fill("Non-refoulement is article 33, not 31.");
  await trainer.getByRole("button", { name: es("studio.draft.submit") }).click();
  await expect(trainer.getByText(es("studio.state.submitted"), { exact: true })).toBeVisible();
  await trainer.close();

  const reviewer = await state.reviewer.newPage();
  await reviewer.goto(`/studio/drafts/${state.draftId}`);
  await reviewer.getByLabel(en("studio.draft.approvalNote")).fill("Article number checked.");
  await reviewer.getByRole("button", { name: en("studio.draft.approve"), exact: true }).click();
  await reviewer.getByRole("button", { name: en("studio.draft.publish"), exact: true }).click();
  await expect(reviewer).toHaveURL(new RegExp(`/studio/courses/${SLUG}\\?published=`));
  // Two versions now: the diff between them shows the article number changed, and only that file.
  await reviewer.getByRole("button", { name: en("studio.versions.compare") }).click();
  const diff = reviewer.getByRole("region", { name: LESSON });
  await expect(diff.getByRole("deletion")).toContainText("[[refugee-convention, art. 31]]");
  await expect(diff.getByRole("insertion")).toContainText("[[refugee-convention, art. 33]]");
  await expect(reviewer.getByText(en("studio.diff.summary", { count: 1, from: "1.0.0", to: "1.0.0" }))).toBeVisible();
  await expectNoSeriousViolations(reviewer, { screen: "version diff" });
  await reviewer.close();

  const learner = await state.learner.newPage();
  await learner.goto(`/courses/${SLUG}/lessons/overview`);
  await expect(learner.getByRole("region", { name: "Notes" })).toContainText("Refugee Convention, art. 33");
  await expect(learner.getByRole("region", { name: "Notes" })).not.toContainText("art. 31");
  await learner.goto(`/courses/${SLUG}`);
  await expect(learner.getByRole("region", { name: "Your progress" }).getByText("1 of 1 lessons")).toBeVisible();
  await learner.close();
});

test("the same correction without JavaScript: textarea, server preview, save, review and publication", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await state.trainer.storageState() });
  try {
    const page = await context.newPage();
    await page.goto("/studio");
    await page.getByRole("button", { name: es("studio.home.newDraftFor", { course: TITLE }) }).click();
    await expect(page.getByRole("heading", { level: 1, name: es("studio.draft.heading", { course: SLUG }) })).toBeVisible();
    state.draftId = draftIdOf(page);
    await openFile(page, state.draftId, LESSON);
    await expect(page.locator(".cm-editor")).toHaveCount(0);
    const textarea = page.getByLabel(es("studio.editor.textLabel"));
    const text = await textarea.inputValue();
    await textarea.fill(text.replace("art. 33]]", "art. 33(1)]]"));
    await page.getByRole("button", { name: es("studio.editor.preview"), exact: true }).click();
    const preview = page.getByRole("region", { name: es("studio.editor.previewHeading") });
    await expect(preview.getByRole("region", { name: "Notes" })).toContainText("Refugee Convention, art. 33(1)");
    await expect(page.getByLabel(es("studio.editor.textLabel"))).toHaveValue(/art\. 33\(1\)\]\]/);
    await page.getByRole("button", { name: es("studio.editor.save"), exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: es("studio.editor.saved") })).toBeVisible();
    await expect(page.getByLabel(es("studio.editor.textLabel"))).toHaveValue(/art\. 33\(1\)\]\]/);
    await page.goto(`/studio/drafts/${state.draftId}`);
    await expectDraftValid(page);
    await expect(page.getByRole("listitem").filter({ hasText: LESSON })).toContainText(like("es", "studio.draft.fileMeta", { revision: 2 }));
    await page.getByLabel(es("studio.draft.changeNote")).fill("Pin-point the paragraph: article 33(1).");
    await page.getByRole("button", { name: es("studio.draft.submit") }).click();
    await expect(page.getByText(es("studio.state.submitted"), { exact: true })).toBeVisible();
  } finally {
    await context.close();
  }

  const reviewerContext = await browser.newContext({ javaScriptEnabled: false, storageState: await state.reviewer.storageState() });
  try {
    const page = await reviewerContext.newPage();
    await page.goto(`/studio/drafts/${state.draftId}`);
    await page.getByLabel(en("studio.draft.approvalNote")).fill("Paragraph confirmed.");
    await page.getByRole("button", { name: en("studio.draft.approve"), exact: true }).click();
    await page.getByRole("button", { name: en("studio.draft.publish"), exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/studio/courses/${SLUG}\\?published=`));
    await expect(page.getByRole("row").filter({ hasText: "Pin-point the paragraph" })).toContainText("Paragraph confirmed.");
  } finally {
    await reviewerContext.close();
  }

  const learner = await state.learner.newPage();
  await learner.goto(`/courses/${SLUG}/lessons/overview`);
  await expect(learner.getByRole("region", { name: "Notes" })).toContainText("Refugee Convention, art. 33(1)");
  await learner.close();

  // Axe cannot run in a page without JavaScript; the same screen (the plain textarea and the server's preview) is
  // what a page shows whose code editor never loads.
  const page = await state.trainer.newPage();
  await page.route(/\/assets\/editor\.client-[^/]+\.js$/, (route) => route.abort());
  await page.goto(`/studio/drafts/${state.draftId}/files/${LESSON}`);
  await page.getByRole("button", { name: es("studio.editor.preview"), exact: true }).click();
  await expect(page.getByRole("region", { name: es("studio.editor.previewHeading") }).getByRole("region", { name: "Notes" })).toBeVisible();
  await expect(page.locator(".cm-editor")).toHaveCount(0);
  await expect(page.getByLabel(es("studio.editor.textLabel"))).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "file editor without its code editor" });
  await page.close();
});

test("two trainers save the same file: the second sees both texts and loses nothing", async () => {
  const first = await state.trainer.newPage();
  await first.goto("/studio");
  await first.getByRole("button", { name: es("studio.home.newDraftFor", { course: TITLE }) }).click();
  await expect(first.getByRole("heading", { level: 1, name: es("studio.draft.heading", { course: SLUG }) })).toBeVisible();
  const draftId = draftIdOf(first);
  await openFile(first, draftId, LESSON);
  const second = await state.reviewer.newPage();
  await second.goto(`/studio/drafts/${draftId}/files/${LESSON}`);
  await expect(second.getByRole("heading", { level: 1, name: en("studio.editor.heading", { path: LESSON }) })).toBeVisible();
  const original = await first.locator("#file-text").inputValue();

  const mine = original.replace(KEY_POINT, `${KEY_POINT} So is a return to a third State that would send the person on.`);
  await pasteInEditor(first, mine);
  await saveFile(first);

  const theirs = original.replace("in any manner whatsoever", "in any manner whatsoever (expulsion, return, rejection at the frontier)");
  await pasteInEditor(second, theirs);
  await second.getByRole("button", { name: en("studio.editor.save"), exact: true }).click();
  const conflict = second.getByRole("region", { name: en("studio.conflict.heading") });
  await expect(conflict).toContainText(en("studio.conflict.message"));
  await expect(conflict.getByLabel(en("studio.conflict.current"))).toHaveValue(mine);
  await expect(second.locator("#file-text")).toHaveValue(theirs);
  await expectNoSeriousViolations(second, { screen: "save conflict" });

  // The second trainer merges both and saves: both changes are in the file.
  await pasteInEditor(second, mine.replace("in any manner whatsoever", "in any manner whatsoever (expulsion, return, rejection at the frontier)"));
  await second.getByRole("button", { name: en("studio.editor.save"), exact: true }).click();
  await expect(second.getByRole("status").filter({ hasText: en("studio.editor.saved") })).toBeVisible();
  await expect(second.locator("#file-text")).toHaveValue(/rejection at the frontier/);
  await expect(second.locator("#file-text")).toHaveValue(/So is a return to a third State/);

  // The studio's other screens on the way: analytics, linked from the studio's navigation.
  await second.getByRole("navigation", { name: en("studio.nav.label") }).getByRole("link", { name: en("studio.nav.analytics") }).click();
  await expect(second.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSeriousViolations(second, { screen: "question analytics" });
  await Promise.all([first.close(), second.close()]);
});
