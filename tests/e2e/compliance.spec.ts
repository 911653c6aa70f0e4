// A supervisor assigns a course to their unit with a due date and follows it on the compliance dashboard, down to
// the unit's people and as CSV; the official finds it first on their dashboard. Axe on each new screen.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoSeriousViolations, inOwnContext, LEARNER, submitLogin } from "./support";

const SUPERVISOR = { email: "supervisor@example.org", password: "supervisor-demo-passphrase" };
const COURSE = { slug: "e2e-short-course", title: "Short course on the right to leave" };

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

test("a supervisor assigns a course to a unit, follows it on the dashboard and exports it; the official sees it first", async ({ page, browser }) => {
  await submitLogin(page, SUPERVISOR.email, SUPERVISOR.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compliance" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Compliance" })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "compliance dashboard" });

  await page.getByRole("link", { name: "Assign a course" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Assign a course" })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "assignment form" });
  await page.getByLabel("Course", { exact: true }).selectOption({ label: COURSE.title });
  await page.getByLabel(/^A unit/).check();
  await page.getByLabel("Unit", { exact: true }).selectOption({ label: "Northern Region/Crossing Point 3" });
  await page.getByLabel("On a date").check();
  await page.getByLabel("Due date", { exact: true }).fill(inDays(7));
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Assignment: ${COURSE.title}` })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Assigned to");
  await expect(page.getByRole("row").filter({ hasText: LEARNER.email })).toHaveCount(1);
  await expectNoSeriousViolations(page, { screen: "assignment page" });

  // Drill down from the top of the supervisor's scope to the unit's people.
  await page.getByRole("link", { name: "Back to the compliance dashboard" }).click();
  await page.getByRole("link", { name: "Northern Region", exact: true }).click();
  await expect(page.getByText("Showing Northern Region and its sub-units.")).toBeVisible();
  const person = page.getByRole("row").filter({ hasText: LEARNER.email }).filter({ hasText: COURSE.title });
  await expect(person.first()).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "compliance drill-down" });

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the people list (CSV)" }).click();
  const file = await (await download).path();
  const csv = (await import("node:fs")).readFileSync(file!, "utf8");
  expect(csv.startsWith("\uFEFFPerson,Email,")).toBe(true);
  expect(csv).toContain(LEARNER.email);

  await inOwnContext(browser, async (learner) => {
    await submitLogin(learner, LEARNER.email, LEARNER.password);
    const assigned = learner.getByRole("region", { name: "Assigned to me" });
    await expect(assigned.getByRole("link", { name: COURSE.title })).toBeVisible();
    // "Assigned to me" comes before everything else on the page.
    const headings = await learner.getByRole("heading", { level: 2 }).allTextContents();
    expect(headings[0]).toBe("Assigned to me");
    await expectNoSeriousViolations(learner, { screen: "learner dashboard with assignments" });
  });
});

test("axe finds no serious violations on the assignment form refused for an address outside the supervisor's units", async ({ page }) => {
  await submitLogin(page, SUPERVISOR.email, SUPERVISOR.password);
  await expect(page.getByRole("heading", { level: 1, name: "My learning" })).toBeVisible();
  await page.goto("/supervise/assign");
  await page.getByLabel("Course", { exact: true }).selectOption({ label: COURSE.title });
  await page.getByLabel("People", { exact: true }).check();
  await page.getByLabel("Email addresses").fill("nobody.at.all@example.org");
  await page.getByLabel("Due date", { exact: true }).fill(inDays(7));
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  const emails = page.getByLabel("Email addresses");
  await expect(emails).toHaveAttribute("aria-invalid", "true");
  await expect(emails).toHaveAccessibleDescription(/Line 1: nobody\.at\.all@example\.org is not a person in the units you supervise/);
  await expectNoSeriousViolations(page, { screen: "assignment form with a refused address" });
});
