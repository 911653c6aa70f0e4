// What a new user found on first use (issue 11), each checked in the browser: quiz explanations and feedback
// rendered from Markdown, the completed course linking to its certificate, the notice that a course is in English
// for a French reader, and a header that folds its navigation on a 360 px phone, with and without JavaScript.
import { expect, test, type Page } from "@playwright/test";
import { completeShortCourse, expectNoSeriousViolations, registerLearner, SHORT_COURSE } from "./support";

/** Through the header's language form, whatever language its labels are in now. */
async function chooseLanguage(page: Page, label: string) {
  const form = page.locator("form.language-switcher");
  await form.getByRole("combobox").selectOption({ label });
  await form.getByRole("button").click();
}

test("a learner reads rendered explanations, finds the certificate from the course, and a French reader is told the course is in English", async ({ page }) => {
  test.setTimeout(120_000);
  await registerLearner(page, `Inès Moreau ${Date.now().toString(36)}`, "newuser");
  await completeShortCourse(page);

  // The result screen with review: the explanation's *Covenant* is emphasis, not asterisks.
  const explanation = page.locator(".compiled", { hasText: "binds its States parties" });
  await expect(explanation.locator("em", { hasText: "Covenant" })).toBeVisible();
  await expect(page.getByText("*Covenant*")).toHaveCount(0);
  await expect(page.locator("main")).not.toContainText("**");

  // The completed course page leads to the certificate.
  await page.goto(`/courses/${SHORT_COURSE.slug}`);
  await expect(page.getByText(/Completed on/)).toBeVisible();
  await page.getByRole("link", { name: "View your certificate" }).click();
  await expect(page).toHaveURL(/\/certificates#certificate-[a-z2-7]{32}$/);
  const anchor = new URL(page.url()).hash.slice(1);
  await expect(page.locator(`[id="${anchor}"]`).getByRole("heading", { name: SHORT_COURSE.title })).toBeVisible();

  // In French, the English-only course says so, in French.
  await page.goto(`/courses/${SHORT_COURSE.slug}`);
  await chooseLanguage(page, "Français");
  await expect(page.getByRole("note")).toHaveText("Le contenu de ce cours n'existe qu'en anglais.");
  await expectNoSeriousViolations(page, { screen: "course page in French" });
  await expect(page.getByRole("link", { name: "Voir votre certificat" })).toBeVisible();
  await chooseLanguage(page, "English");
  await expect(page.getByRole("note")).toHaveCount(0);
});

for (const javaScriptEnabled of [true, false]) {
  test(`on a 360 px phone the header folds its navigation (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
    const page = await context.newPage();
    await page.goto("/courses");
    const header = page.locator("header.site-header");
    const height = (await header.boundingBox())!.height;
    expect(height, "the header takes a small part of the screen").toBeLessThan(740 * 0.15);
    const catalog = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Courses" });
    await expect(catalog).toBeHidden();

    const toggle = page.getByText("Menu", { exact: true });
    await toggle.click();
    await expect(catalog).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Log in" })).toBeVisible();
    if (javaScriptEnabled) await expectNoSeriousViolations(page, { screen: "phone menu, open" });
    await page.screenshot({ path: test.info().outputPath("phone-menu-open.png") });
    await catalog.click();
    await expect(page).toHaveURL(/\/courses$/);
    await context.close();
  });
}

test("on a wide screen the navigation is shown without a menu button", async ({ page }) => {
  await page.goto("/courses");
  await expect(page.getByText("Menu", { exact: true })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Courses" })).toBeVisible();
});
