// A trainer previews a draft as a learner (issue 13, ADR 0034): opens a draft, reads a lesson in preview, takes the
// draft's quiz with one right and one wrong answer, sees the feedback and the result, with and without JavaScript;
// axe on each of those screens; then reorders and deletes the quiz's questions in the question editor. Each draft is
// a copy of the short e2e course under a fresh identifier, so no other journey's data is touched.
import { expect, test, type Page } from "@playwright/test";
import { pngImage } from "../support/images";
import { expectNoSeriousViolations, submitLogin } from "./support";

const TRAINER = { email: "reviewer@example.org", password: "reviewer-demo-passphrase" };
const SOURCE = "e2e-short-course";

/** A new draft: a copy of the short course under a fresh identifier; returns the draft page's address. */
async function openDraft(page: Page) {
  await submitLogin(page, TRAINER.email, TRAINER.password);
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/studio");
  const slug = `preview-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  const copy = page.locator("details", { has: page.locator(`#dup-${SOURCE}`) });
  await copy.locator("summary").click();
  await copy.locator(`#dup-${SOURCE}`).fill(slug);
  await copy.getByRole("button", { name: "Create the copy" }).click();
  await expect(page).toHaveURL(/\/studio\/drafts\/[a-z2-7]{32}$/);
  return { slug, url: page.url() };
}

async function takeQuiz(page: Page, { axe }: { axe: boolean }) {
  await page.getByRole("link", { name: "Take the quizzes in preview" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Quizzes of the draft of");
  await expect(page.getByRole("note")).toContainText("nothing is recorded");
  if (axe) await expectNoSeriousViolations(page, { screen: "draft's quiz list" });
  await page.getByRole("button", { name: "Take Right to leave check in preview" }).click();
  await expect(page).toHaveURL(/\/studio\/previews\/[a-z2-7]{32}$/);

  await expect(page.getByRole("heading", { level: 2 })).toHaveText("Which instrument makes the right to leave binding on its States parties?");
  // The question page holds nothing of the answers: no feedback, no mark of the right option.
  expect(await page.content()).not.toContain("treaty</strong> obligation");
  if (axe) await expectNoSeriousViolations(page, { screen: "preview question" });
  await page.getByLabel("The International Covenant on Civil and Political Rights").check();
  await page.getByRole("button", { name: "Save answer and continue" }).click();

  await expect(page.getByRole("heading", { level: 2 })).toHaveText("The right to leave any country includes a right to enter any other country.");
  await page.getByLabel("True").check();
  await page.getByRole("button", { name: "Save answer and continue" }).click();

  await expect(page.getByRole("heading", { level: 2, name: "Review before you submit" })).toBeVisible();
  if (axe) await expectNoSeriousViolations(page, { screen: "preview review" });
  await page.getByRole("button", { name: "Submit answers", exact: true }).click();

  // One right, one wrong: 50 %, the course's pass mark; the full review shows each answer with its feedback.
  await expect(page.getByRole("heading", { level: 2, name: "You passed" })).toBeVisible();
  await expect(page.getByText("Score: 50% (1 of 2 points). Pass mark: 50%.")).toBeVisible();
  await expect(page.getByText("Yes: article 12(2) is a")).toBeVisible();
  await expect(page.getByText("The correct answer is: False. you chose: True")).toBeVisible();
  if (axe) await expectNoSeriousViolations(page, { screen: "preview result" });
  await page.getByRole("link", { name: "Back to the quizzes" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Quizzes of the draft of");
}

test("a trainer previews a draft's lesson and takes its quiz, recording nothing", async ({ page }) => {
  await openDraft(page);
  await page.getByRole("link", { name: "Preview as a learner" }).first().click();
  await expect(page.getByRole("note")).toContainText("Nothing is recorded");
  await expect(page.locator("#preview-body")).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "lesson preview" });
  await takeQuiz(page, { axe: true });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the same preview works with plain forms", async ({ page }) => {
    await openDraft(page);
    await takeQuiz(page, { axe: false });
  });
});

async function reorderAndDelete(page: Page, { axe }: { axe: boolean }) {
  await openDraft(page);
  await page.getByRole("link", { name: "Edit questions" }).first().click();
  await expect(page).toHaveURL(/\/quiz\/01-basics\/1$/);
  const order = page.getByRole("region", { name: "Questions of this quiz" }).getByRole("listitem");
  await expect(order).toHaveText([/binding on its States parties/, /right to enter any other country/]);
  if (axe) await expectNoSeriousViolations(page, { screen: "question editor with its order" });

  await page.getByRole("button", { name: "Move down" }).click();
  await expect(page).toHaveURL(/\/quiz\/01-basics\/2\?done=moved$/);
  await expect(page.getByRole("status")).toHaveText("The question was moved.");
  await expect(order).toHaveText([/right to enter any other country/, /binding on its States parties/]);

  await page.getByRole("button", { name: "Delete this question…" }).click();
  await expect(page).toHaveURL(/\/quiz\/01-basics\/2\?delete=1$/);
  await expect(page.getByRole("heading", { name: "Delete question 2?" })).toBeVisible();
  if (axe) await expectNoSeriousViolations(page, { screen: "question delete confirmation" });
  await page.getByRole("button", { name: "Delete the question" }).click();
  await expect(page).toHaveURL(/\/quiz\/01-basics\/1\?done=deleted$/);
  await expect(page.getByRole("status")).toHaveText("The question was deleted.");
  await expect(order).toHaveText([/right to enter any other country/]);
}

test("a trainer reorders and deletes a draft quiz's questions", async ({ page }) => {
  await reorderAndDelete(page, { axe: true });
});

test.describe("reordering without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("moves and deletes with plain forms", async ({ page }) => {
    await reorderAndDelete(page, { axe: false });
  });
});

// Issue 13, ADR 0027: a trainer adds a lesson image from the draft page (content-checked upload) and shows it in a
// lesson; the preview loads it from the draft. The upload is done with JavaScript (axe on the page with the new
// form and its confirmation), the lesson is edited without it (the plain textarea and the server's preview).
test("a trainer adds an image to a draft from the browser and shows it in a lesson", async ({ browser, page }) => {
  const { url } = await openDraft(page);
  const folder = await page.locator("#image-folder option").nth(1).getAttribute("value");
  expect(folder).toMatch(/^\d\d-/);
  await page.locator("#image-folder").selectOption(folder!);
  await page.getByLabel("Image file").setInputFiles({ name: "Crossing point map.png", mimeType: "image/png", buffer: pngImage(7, 16) });
  await page.getByRole("button", { name: "Add the image" }).click();
  const stored = `${folder}/media/crossing-point-map.png`;
  await expect(page.getByRole("status").filter({ hasText: stored })).toBeVisible();
  await expect(page.getByText(stored, { exact: true })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "draft page after adding an image" });

  // A text file dressed as a PNG is refused with the field's message, and nothing is added.
  await page.getByLabel("Image file").setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("not an image\n") });
  await page.getByRole("button", { name: "Add the image" }).click();
  await expect(page.getByText("Only PNG, JPEG and WebP images are accepted (checked by their content).")).toBeVisible();
  await expect(page.getByText(`${folder}/media/notes.png`)).toHaveCount(0);

  const plain = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  try {
    const editor = await plain.newPage();
    await editor.goto(url);
    await editor.locator(`a[href*="/files/${folder}/"][href$=".md"]`).first().click();
    const textarea = editor.getByLabel("File content");
    await textarea.fill(`${await textarea.inputValue()}\n\n![Map of the crossing point](media/crossing-point-map.png)\n`);
    await editor.getByRole("button", { name: "Preview", exact: true }).click();
    const image = editor.locator(".studio-preview img[alt='Map of the crossing point']");
    await expect(image).toBeVisible();
    const served = await editor.request.get(new URL((await image.getAttribute("src"))!, url).href);
    expect(served.status()).toBe(200);
    expect(served.headers()["content-type"]).toBe("image/png");
    expect(Buffer.from(await served.body())).toEqual(pngImage(7, 16));
  } finally {
    await plain.close();
  }
});

// Issue 13: with JavaScript the lesson preview follows the text as the trainer types (the server renders it, as
// learners will see it), without pressing Preview and without rebuilding the editor. Modules and lessons move up
// and down from the draft page.
test("the preview follows the text as a trainer types, and lessons and modules move", async ({ page }) => {
  const { url } = await openDraft(page);
  const folder = await page.locator("#image-folder option").nth(1).getAttribute("value");
  await page.locator(`a[href*="/files/${folder}/"][href$=".md"]`).first().click();
  const editor = page.locator(".cm-content");
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n\nA sentence typed just now for the live preview.\n");
  const section = page.locator(".studio-preview");
  await expect(section.locator("#preview-body")).toContainText("A sentence typed just now for the live preview.");
  await expect(section.getByText("Updates as you type; nothing is saved until you press Save.")).toBeVisible();
  // The editor kept its text and focus: typing goes on where it was, and the preview follows again.
  await page.keyboard.type("And a second one.");
  await expect(section.locator("#preview-body")).toContainText("And a second one.");
  await expectNoSeriousViolations(page, { screen: "file editor with live preview" });

  await page.goto(url);
  const lessons = page.locator(`a[href*="/files/${folder}/"][href$=".md"]`);
  const first = (await lessons.nth(0).textContent())!.trim();
  const second = (await lessons.nth(1).textContent())!.trim();
  await page.getByRole("button", { name: `Move ${first} down` }).click();
  // The two lessons exchanged their numeric prefixes, and the course still compiles.
  const prefix = (p: string) => p.slice(folder!.length + 1, folder!.length + 3);
  const renamed = (p: string, to: string) => `${folder}/${to}${p.slice(folder!.length + 3)}`;
  await expect(page.getByRole("link", { name: renamed(first, prefix(second)), exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: renamed(second, prefix(first)), exact: true })).toBeVisible();
  await expect(page.locator("section[aria-labelledby=check-heading] [role=status]")).toBeVisible();
});
