// A supervisor assigns a course to an official who has just registered and follows them; the official finds the
// course in "My learning". Plus an axe scan of the supervision screen with a refused form on it.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoSeriousViolations, registerLearner, submitLogin } from "./support";

const SUPERVISOR = { email: "supervisor@example.org", password: "supervisor-demo-passphrase" };
const COURSE = { slug: "e2e-short-course", title: "Short course on the right to leave" };

async function inOwnContext<T>(browser: Browser, work: (page: Page) => Promise<T>) {
  const context = await browser.newContext();
  try {
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

async function openSupervision(page: Page) {
  await submitLogin(page, SUPERVISOR.email, SUPERVISOR.password);
  await expect(page.getByRole("heading", { level: 1, name: "My learning" })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assign and follow" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Assign and follow" })).toBeVisible();
}

test("a supervisor assigns a course to a new official, who finds it in My learning", async ({ page, browser }) => {
  const email = await inOwnContext(browser, (learner) => registerLearner(learner, "Kofi Mensah", "supervised"));

  await openSupervision(page);
  await page.getByLabel("Course", { exact: true }).selectOption({ label: COURSE.title });
  await page.getByLabel("Email addresses of the learners").fill(email);
  await page.getByRole("button", { name: "Assign the course" }).click();
  await expect(page.getByRole("status")).toHaveText(`${COURSE.title}: 1 newly assigned, 0 already enrolled.`);

  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell", { name: COURSE.title })).toBeVisible();
  await expect(row.getByRole("cell", { name: "0%", exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: "Not yet" })).toBeVisible();

  await inOwnContext(browser, async (learner) => {
    await submitLogin(learner, email);
    await expect(learner.getByRole("heading", { level: 1, name: "My learning" })).toBeVisible();
    await expect(learner.getByRole("heading", { level: 2, name: COURSE.title })).toBeVisible();
  });
});

test("axe finds no serious or critical violations on the supervision screen, with a refused form", async ({ page }) => {
  await openSupervision(page);
  await expectNoSeriousViolations(page, { screen: "supervision screen" });

  await page.getByLabel("Course", { exact: true }).selectOption({ label: COURSE.title });
  await page.getByLabel("Email addresses of the learners").fill("nobody.at.all@example.org");
  await page.getByRole("button", { name: "Assign the course" }).click();
  const emails = page.getByLabel("Email addresses of the learners");
  await expect(emails).toHaveAttribute("aria-invalid", "true");
  await expect(emails).toHaveAccessibleDescription(/Line 1: no account uses nobody\.at\.all@example\.org\. Nothing was assigned\./);
  await expectNoSeriousViolations(page, { screen: "supervision screen with a refused form" });
});
