// An admin creates an account; the invited person follows the link from the captured email, chooses a password and
// is in; the admin deactivates the account and the person is out. axe on each new screen.
import { expect, test } from "@playwright/test";
import fr from "../../app/i18n/locales/fr.json" with { type: "json" };
import { ADMIN, expectNoSeriousViolations, mailTo, submitLogin, uniqueEmail } from "./support";

test("admin invites, the person accepts from the email, the admin deactivates", async ({ browser, page }) => {
  const email = uniqueEmail("invited");
  await submitLogin(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/admin/users");
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "new account page" });
  await page.getByLabel("Full name (as on certificates)").fill("Mariam Yusuf");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Preferred language").selectOption("fr");
  await page.getByLabel("Organisation").fill("Border Police");
  await page.getByRole("button", { name: "Create the account and send the invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`invitation sent to ${email}`);

  const mail = await mailTo(email, { matching: /\/welcome\// });
  expect(mail.subject).toBe("Votre compte Lexmigra est prêt : choisissez votre mot de passe");
  const link = mail.links.find((l) => l.includes("/welcome/"))!;

  const invited = await (await browser.newContext()).newPage();
  // The link carries the mail's language, so the page opens in French like the message.
  await invited.goto(link);
  await expect(invited.getByRole("heading", { level: 1, name: fr.access.welcome.title })).toBeVisible();
  await expectNoSeriousViolations(invited, { screen: "welcome page" });
  await expect(invited.getByLabel(fr.access.welcome.fullName)).toHaveValue("Mariam Yusuf");
  await invited.getByLabel(fr.access.welcome.password, { exact: true }).fill("lighthouse keepers count gulls");
  await invited.getByRole("button", { name: fr.access.welcome.submit }).click();
  await expect(invited).toHaveURL(/\/dashboard$/);

  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await page.getByRole("link", { name: "Mariam Yusuf" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Account of Mariam Yusuf" })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "admin account page" });
  await page.getByRole("button", { name: "Deactivate the account" }).click();
  await expect(page.getByRole("status")).toContainText("The account is deactivated");
  await invited.goto("/dashboard");
  await expect(invited).toHaveURL(/\/login/);

  await page.goto("/admin/mail");
  await expect(page.getByRole("heading", { level: 1, name: "Outgoing mail" })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "outgoing mail page" });
});
