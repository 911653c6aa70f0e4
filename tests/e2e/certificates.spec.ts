// A learner earns a certificate, downloads it, anyone verifies it; an admin revokes it and the verification page
// says so. Against the production build (see playwright.config.ts), with axe scans of the new screens.
import fs from "node:fs/promises";
import { expect, test, type Browser } from "@playwright/test";
import { ADMIN, completeShortCourse, expectNoSeriousViolations, registerLearner, SHORT_COURSE as COURSE } from "./support";

async function loggedOutPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test("a learner earns a certificate, anyone verifies it, an admin revokes it", async ({ page, browser }) => {
  // One journey across three people and six axe scans: longer than the default minute on these machines.
  test.setTimeout(180_000);
  const holder = `Nadia Ferreira-Łąck ${Date.now().toString(36)}`;
  await registerLearner(page, holder, "cert", { organisation: "Directorate of Migration" });
  await completeShortCourse(page);

  // My certificates: the new certificate, valid, with its downloads.
  await page.goto("/certificates");
  await expect(page.getByRole("heading", { level: 1, name: "My certificates" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: COURSE.title })).toBeVisible();
  await expect(page.getByText("Valid", { exact: true })).toBeVisible();
  await expectNoSeriousViolations(page);

  const verifyHref = await page.getByRole("link", { name: `Public verification page of ${COURSE.title}` }).getAttribute("href");
  const id = verifyHref!.split("/").pop()!;
  expect(id).toMatch(/^[a-z2-7]{32}$/);

  const [pdf] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: `Download the PDF of ${COURSE.title}` }).click(),
  ]);
  expect(pdf.suggestedFilename()).toBe(`certificate-${id}.pdf`);
  const pdfBytes = await fs.readFile((await pdf.path())!);
  expect(pdfBytes.subarray(0, 5).toString()).toBe("%PDF-");

  const [credentialDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: `Download the digital credential (JSON) of ${COURSE.title}` }).click(),
  ]);
  const credentialPath = (await credentialDownload.path())!;
  const credential = JSON.parse(await fs.readFile(credentialPath, "utf8"));
  expect(credential.type).toContain("OpenBadgeCredential");
  expect(credential.proof.cryptosuite).toBe("eddsa-rdfc-2022");
  expect(credential.credentialSubject.identifier[0].identityHash).toBe(holder);

  // Anyone, logged out: the verification page and the file check.
  const visitor = await loggedOutPage(browser);
  await visitor.goto(`/verify/${id}`);
  await expect(visitor.getByRole("heading", { level: 1, name: "Certificate verification" })).toBeVisible();
  await expect(visitor.getByRole("heading", { level: 2, name: "Valid" })).toBeVisible();
  await expect(visitor.getByText(holder)).toBeVisible();
  await expectNoSeriousViolations(visitor);

  await visitor.goto("/verify");
  await expect(visitor.getByRole("heading", { level: 1, name: "Verify a certificate" })).toBeVisible();
  await expectNoSeriousViolations(visitor);
  await visitor.getByLabel("Or upload the credential file").setInputFiles(credentialPath);
  await visitor.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(visitor.getByRole("heading", { level: 2, name: /Result:\s*Valid/ })).toBeVisible();
  await expectNoSeriousViolations(visitor);

  // An admin revokes it, with a reason.
  const adminPage = await loggedOutPage(browser);
  await adminPage.goto("/login");
  await adminPage.getByLabel("Email address").fill(ADMIN.email);
  await adminPage.getByLabel("Password").fill(ADMIN.password);
  await adminPage.getByRole("button", { name: "Log in", exact: true }).click();
  await expect(adminPage.getByRole("heading", { level: 1, name: "My learning" })).toBeVisible();
  await adminPage.goto(`/admin/certificates?holder=${encodeURIComponent(holder)}`);
  await expect(adminPage.getByText("1 certificate", { exact: true })).toBeVisible();
  await adminPage.getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(adminPage.getByText("Give the reason for revoking this certificate.")).toBeVisible();
  await adminPage.getByLabel(`Reason for revoking the certificate of ${holder}`).fill("Completed under another person's account");
  await adminPage.getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(adminPage.getByRole("status")).toHaveText(`Certificate ${id} has been revoked.`);
  await expectNoSeriousViolations(adminPage);

  // The public page now says revoked, with the date and the reason.
  await visitor.goto(`/verify/${id}`);
  await expect(visitor.getByRole("heading", { level: 2, name: "Revoked" })).toBeVisible();
  await expect(visitor.getByText("Completed under another person's account")).toBeVisible();
  await expect(visitor.getByText(/was revoked by Lexmigra on/)).toBeVisible();

  // An unknown id is a 404 that says so.
  const unknown = await visitor.goto(`/verify/${"a".repeat(32)}`);
  expect(unknown?.status()).toBe(404);
  await expect(visitor.getByRole("heading", { level: 1, name: "Certificate not found" })).toBeVisible();
});
