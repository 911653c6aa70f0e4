// An admin creates a unit and gives it to the demo supervisor; the supervisor imports five officers into it from a
// CSV file and finds them among the people of their units. axe scans the three new screens.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, expectNoSeriousViolations, inOwnContext, submitLogin, uniqueEmail } from "./support";

const SUPERVISOR = { email: "supervisor@example.org", password: "supervisor-demo-passphrase" };

async function logIn(page: Page, account: { email: string; password: string }) {
  await submitLogin(page, account.email, account.password);
  await expect(page.getByRole("heading", { level: 1, name: "My learning" })).toBeVisible();
}

test("an admin creates a unit, its supervisor imports five officers and sees them", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const unitName = `Airport Post ${Date.now().toString(36)}`;

  await inOwnContext(browser, async (admin) => {
    await logIn(admin, ADMIN);
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Units" }).click();
    await expect(admin.getByRole("heading", { level: 1, name: "Organisation units" })).toBeVisible();
    await expectNoSeriousViolations(admin, { screen: "unit tree" });
    await admin.getByLabel("Name", { exact: true }).fill(unitName);
    await admin.getByRole("button", { name: "Create the unit" }).click();
    await expect(admin.getByRole("status")).toHaveText(`Unit “${unitName}” created.`);
    await admin.getByRole("link", { name: unitName }).click();
    await expect(admin.getByRole("heading", { level: 1, name: `Unit: ${unitName}` })).toBeVisible();
    await admin.getByLabel("Email address of a supervisor account").fill(SUPERVISOR.email);
    await admin.getByRole("button", { name: "Give this unit to the supervisor" }).click();
    await expect(admin.getByRole("status")).toContainText("now supervises this unit");
    await expectNoSeriousViolations(admin, { screen: "unit page" });
  });

  await logIn(page, SUPERVISOR);
  await page.goto("/supervise/import");
  await expect(page.getByRole("heading", { level: 1, name: "Import people from a CSV file" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: unitName })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "import screen" });

  const officers = ["Amina Yusuf", "Bruno Costa", "Chen Wei", "Dalia Haddad", "Émile Laurent"].map((name) => ({ name, email: uniqueEmail("officer") }));
  const csv = ["name;email;profile;unit;language", ...officers.map((o, i) => `${o.name};${o.email};border-official;${unitName};${["en", "fr", "es"][i % 3]}`)].join("\n");

  // One bad row first: nothing is imported and the row is named.
  await page.getByLabel("CSV file").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(`${csv}\nBroken;not-an-address;border-official;${unitName};en\n`) });
  await page.getByRole("button", { name: "Check and import" }).click();
  await expect(page.getByRole("alert")).toHaveText("1 problem must be corrected; nothing was imported.");
  await expect(page.getByRole("row").filter({ hasText: "“not-an-address” is not a valid email address." })).toContainText("7");
  await expectNoSeriousViolations(page, { screen: "import screen with problems" });

  await page.getByLabel("CSV file").setInputFiles({ name: "officers.csv", mimeType: "text/csv", buffer: Buffer.from(`${csv}\n`) });
  await page.getByRole("button", { name: "Check and import" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Import complete" })).toBeVisible();
  await expect(page.getByText("5 created, 0 added to a unit, 0 already present.")).toBeVisible();

  await page.getByRole("link", { name: "See the people in your units" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "People in my units" })).toBeVisible();
  for (const officer of officers) {
    await page.getByRole("searchbox", { name: "Search by name or email" }).fill(officer.email);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page.getByRole("row").filter({ hasText: officer.email })).toContainText(unitName);
  }
  await expectNoSeriousViolations(page, { screen: "people list" });
  // The list now shows the last search: the last officer.
  const last = officers[officers.length - 1];
  await page.getByRole("link", { name: last.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Person: ${last.name}` })).toBeVisible();
  await expect(page.getByText("Not yet set (invitation not accepted)")).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "person page" });
});
