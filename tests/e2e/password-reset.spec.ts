// "Forgot your password?" end to end: the message arrives at a real SMTP server (tests/e2e/smtp-capture-server.ts),
// its link opens the reset page, the new password logs in; axe on each new screen.
import { expect, test } from "@playwright/test";
import { expectNoSeriousViolations, mailTo, PASSPHRASE, registerLearner } from "./support";

const NEW_PASSWORD = "lighthouse keepers count gulls";

test("forgot password → email → reset link → log in with the new password", async ({ page }) => {
  const email = await registerLearner(page, "Wanjiru Kamau", "reset");
  await page.getByRole("button", { name: "Log out" }).click();
  // Wait for the logout to land: going to /login while the session still stands redirects to the dashboard.
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();

  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "forgot-password page" });
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send the reset link" }).click();
  await expect(page.getByRole("status")).toContainText(`If ${email} has an account`);

  const mail = await mailTo(email, { matching: /reset-password/ });
  expect(mail.subject).toBe("Reset your Lexmigra password");
  expect(mail.html).toContain('<html lang="en">');
  const link = mail.links.find((l) => l.includes("/reset-password/"))!;
  expect(new URL(link).origin).toBe(new URL(page.url()).origin);

  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "reset-password page" });
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page).toHaveURL(/\/login\?passwordReset=1$/);
  await expect(page.getByRole("status")).toContainText("Your password has been changed");

  // The old password no longer works; the new one does.
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSPHRASE);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("The email address or password is not correct.");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My learning" })).toBeVisible();

  // The link was for one use.
  const again = await page.goto(link);
  expect(again?.status()).toBe(410);
  await expect(page.getByRole("heading", { level: 1, name: "This link cannot be used" })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "used-link page" });
});
