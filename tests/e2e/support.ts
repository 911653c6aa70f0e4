// What every journey needs: demo accounts, fresh learners registered through the real form, logging in, and the
// axe scan every new screen gets.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type Page } from "@playwright/test";

export const PASSPHRASE = "harbour lanterns drift north";
export const ADMIN = { email: "admin@example.org", password: "admin-demo-passphrase" };
export const LEARNER = { email: "border.official@example.org", password: "border-demo-passphrase" };

const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

let counter = 0;
/** An address no other test (or earlier run on the same database) has used. */
export const uniqueEmail = (stem: string) =>
  `${stem}.${Date.now().toString(36)}${++counter}${Math.random().toString(36).slice(2, 5)}@example.org`;

/** Zero serious or critical axe violations; the report names each rule and element. `soft` keeps the test going. */
export async function expectNoSeriousViolations(page: Page, { screen, soft = false }: { screen?: string; soft?: boolean } = {}) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  expect(results.passes.length, "axe checked something").toBeGreaterThan(0);
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")} — ${n.failureSummary}`).join("\n")}`)
    .join("\n\n");
  const message = `axe on ${screen ? `the ${screen} (${page.url()})` : page.url()}:\n${report}`;
  (soft ? expect.soft(serious.map((v) => v.id), message) : expect(serious.map((v) => v.id), message)).toEqual([]);
}

export type Person = { fullName: string; email: string; profile?: string; organisation?: string };

/** Fills in and sends the registration form; the caller checks the outcome. */
export async function submitRegistration(page: Page, person: Person) {
  await page.goto("/register");
  await page.getByLabel("Full name (as on certificates)").fill(person.fullName);
  await page.getByLabel("Email address").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(PASSPHRASE);
  if (person.profile) await page.getByLabel("Professional profile").selectOption(person.profile);
  await page.getByLabel("Organisation").fill(person.organisation ?? "Border Guard Service");
  await page.getByRole("button", { name: "Create account", exact: true }).click();
}

/**
 * Registration answers the same whether or not the address had an account: it never signs anyone in, it sends the
 * person to the login page with a notice. Log in from there.
 */
export async function logInAfterRegistration(page: Page, email: string) {
  await expect(page).toHaveURL(/\/login\?registered=1$/);
  await expect(page.getByRole("status")).toContainText("Thank you for registering.");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSPHRASE);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
}

/** A new learner, registered through the form, logged in and landed on "My learning"; returns the email. */
export async function registerLearner(page: Page, fullName: string, stem = "learner", extra: Partial<Person> = {}) {
  const email = uniqueEmail(stem);
  await submitRegistration(page, { fullName, email, ...extra });
  await logInAfterRegistration(page, email);
  await expect(page.getByRole("heading", { level: 1, name: "My learning" })).toBeVisible();
  return email;
}

/** Fills in and sends the login form; the caller checks the outcome. */
export async function submitLogin(page: Page, email: string, password = PASSPHRASE) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
}

export const SHORT_COURSE = { slug: "e2e-short-course", title: "Short course on the right to leave", quizId: "basics-quiz" };

/** Enrols, completes both lessons and passes the quiz of the short course (English only, certificate on completion). */
export async function completeShortCourse(page: Page) {
  await page.goto(`/courses/${SHORT_COURSE.slug}`);
  await page.getByRole("button", { name: "Enrol in this course" }).click();
  await page.getByRole("link", { name: "Start" }).first().click();
  await page.getByRole("button", { name: "Mark as complete and continue" }).click();
  await page.getByRole("button", { name: "Mark as complete", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${SHORT_COURSE.slug}$`));

  // The module quiz: two questions, deferred feedback.
  await page.goto(`/courses/${SHORT_COURSE.slug}/quizzes/${SHORT_COURSE.quizId}`);
  await page.getByRole("button", { name: "Start the quiz" }).click();
  await page.getByLabel("The International Covenant on Civil and Political Rights").check();
  await page.getByRole("button", { name: "Save answer and continue" }).click();
  await page.getByLabel("False", { exact: true }).check();
  await page.getByRole("button", { name: "Save answer and continue" }).click();
  // Saving the last answer leads to the review screen, where the attempt is submitted.
  await expect(page.getByRole("heading", { level: 2, name: "Review before you submit" })).toBeVisible();
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "You passed" })).toBeVisible();
}

/**
 * The next message to `address` that the capture server (tests/e2e/smtp-capture-server.ts) received, read from the
 * folder it writes to; `matching` picks one kind (a subject or link pattern). Waits up to `timeoutMs`: the app's
 * sender job runs every few seconds.
 */
export async function mailTo(address: string, { matching = /./, timeoutMs = 30_000 }: { matching?: RegExp; timeoutMs?: number } = {}) {
  const { readCapturedMail } = await import("../support/smtp-capture");
  const dir = process.env.E2E_MAIL_DIR!;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = readCapturedMail(dir).find((m) => m.to.includes(address.toLowerCase()) && (matching.test(m.subject) || m.links.some((l) => matching.test(l))));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no message to ${address} matching ${matching} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Runs `work` in a fresh browser context (another person's session), closed afterwards. */
export async function inOwnContext<T>(browser: Browser, work: (page: Page) => Promise<T>) {
  const context = await browser.newContext();
  try {
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

/** A loopback port nothing listens on, for a spec that starts its own server. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `node server.js` in production on its own port and data directory, with the e2e courses and the demo accounts. */
export function spawnServer(port: number, dataDir: string, env: Record<string, string>, stderr: "inherit" | "pipe" = "inherit") {
  return spawn(process.execPath, ["server.js"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      COURSES_DIR: path.resolve("tests/fixtures/e2e-courses"),
      DEMO: "1",
      NODE_ENV: "production",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...env,
    },
    stdio: ["ignore", "ignore", stderr],
  });
}
