// Accessibility of the account screens: an axe scan of each (WCAG 2.2 AA tags) and the keyboard way in.
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousViolations, registerLearner } from "./support";

// A fresh account, so no other test's changes (language, password) affect the screens scanned.
const signIn = (page: Page) => registerLearner(page, "Nomvula Dlamini", "a11y", { organisation: "Department of Home Affairs" });

test.describe("axe finds no serious or critical violations", () => {
  test("on the home page", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test("on the login page", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { level: 1, name: "Log in" })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test("on the login page showing an error", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email address").fill("nobody@example.org");
    await page.getByLabel("Password").fill("not the right passphrase");
    await page.getByRole("button", { name: "Log in", exact: true }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test("on the register page", async ({ page }) => {
    await page.goto("/register");
    await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test("on the register page with errors displayed", async ({ page }) => {
    await page.goto("/register");
    await page.getByLabel("Email address").fill("not-an-email");
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByRole("button", { name: "Create account", exact: true }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    await expect(page.locator('[aria-invalid="true"]')).toHaveCount(3); // full name, email, organisation
    await expectNoSeriousViolations(page);
  });

  test("on the dashboard", async ({ page }) => {
    await signIn(page);
    await expectNoSeriousViolations(page);
  });

  test("on the account page", async ({ page }) => {
    await signIn(page);
    await page.goto("/account");
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    await expectNoSeriousViolations(page);
  });
});

test.describe("keyboard", () => {
  test("the first Tab reaches the skip link, and activating it moves focus to main", async ({ page }) => {
    await page.goto("/");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport(); // it appears when focused

    await page.keyboard.press("Enter");
    await expect(page.locator("main")).toBeFocused();
    // The next Tab continues inside the main content, not back in the header.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);
  });
});
