// A learner's way through the quizzes of e2e-quiz-practice (tests/fixtures/e2e-courses): module 1 (immediate
// feedback) with JavaScript, module 2 (deferred feedback) without, each failed once, the 3-second cooldown waited
// out, retried and passed; then the lessons, and the course complete. Axe scans every quiz screen on the way.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const PASSPHRASE = "harbour lanterns drift north";
const COURSE = "/courses/e2e-quiz-practice";

async function expectNoSeriousViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(results.passes.length, "axe checked something").toBeGreaterThan(0);
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")} — ${n.failureSummary}`).join("\n")}`)
    .join("\n\n");
  expect.soft(serious, `axe on the ${screen} (${page.url()}):\n${report}`).toEqual([]);
}

async function registerThroughForm(page: Page) {
  const email = `quiz.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.org`;
  await page.goto("/register");
  await page.getByLabel("Full name (as on certificates)").fill("Tomasz Wiśniewski");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSPHRASE);
  await page.getByLabel("Organisation").fill("Border Guard");
  await page.getByRole("button", { name: "Create account", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My learning" })).toBeVisible();
}

const moduleItem = (page: Page, title: string) => page.locator("li.module").filter({ has: page.getByRole("heading", { level: 3, name: title }) });

async function openQuiz(page: Page, moduleTitle: string, quizTitle: string) {
  await page.goto(COURSE);
  await moduleItem(page, moduleTitle).getByRole("link", { name: "Module quiz" }).click();
  await expect(page.getByRole("heading", { level: 1, name: quizTitle })).toBeVisible();
}

/** From a failed attempt's result: the quiz page names the time of the next attempt, and offers it once it has come. */
async function waitOutCooldown(page: Page, quizTitle: string, options: { isHydrated: boolean }) {
  await page.getByRole("link", { name: "Back to the quiz" }).click();
  await expect(page.getByRole("heading", { level: 1, name: quizTitle })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("You can try again at");
  await expect(page.getByRole("button", { name: "Start a new attempt" })).toHaveCount(0);
  await expect(async () => {
    if (options.isHydrated) await page.getByRole("link", { name: "Refresh" }).click();
    else await page.reload();
    await expect(page.getByRole("button", { name: "Start a new attempt" })).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000, intervals: [500] });
}

const marker = (page: Page) => page.evaluate(() => (window as unknown as { quizMarker?: string }).quizMarker ?? null);

test("a learner fails, waits out the cooldown, retries and passes both quizzes, with and without JavaScript, and completes the course", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await registerThroughForm(page);
  await page.goto(COURSE);
  await page.getByRole("button", { name: "Enrol in this course" }).click();
  await expect(page.getByRole("heading", { name: "Your progress" })).toBeVisible();

  // --- Module 1, immediate feedback, with JavaScript -------------------------------------------------------
  await openQuiz(page, "Non-refoulement in refugee law", "Refugee-law check");
  await expect(page.getByText("Feedback after each answer")).toBeVisible();
  await expectNoSeriousViolations(page, "quiz overview");
  await page.getByRole("button", { name: "Start the quiz" }).click();
  await expect(page).toHaveURL(/\/attempts\/[a-z2-7]{32}$/);
  const question = page.getByRole("heading", { level: 2, name: "Which article of the Refugee Convention prohibits refoulement?" });
  await expect(question).toBeVisible();
  // Set after the page has loaded; a full reload anywhere below would lose it.
  await page.evaluate(() => ((window as unknown as { quizMarker: string }).quizMarker = "first attempt"));
  await expectNoSeriousViolations(page, "question screen");

  await page.getByLabel("Article 31").check();
  await page.getByRole("button", { name: "Check answer" }).click();
  await expect(page.getByRole("heading", { level: 3, name: "Not correct" })).toBeVisible();
  await expect(page.getByText("No: article 31 concerns penalties for illegal entry.")).toBeVisible();
  await expect(page.getByText("Yes: article 33(1) sets out the prohibition.")).toHaveCount(0);
  await expectNoSeriousViolations(page, "feedback screen");
  await page.getByRole("button", { name: "Go to review" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Review before you submit" })).toBeVisible();
  await expectNoSeriousViolations(page, "review screen");
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "You did not pass this time" })).toBeVisible();
  expect(await marker(page), "the attempt page was not reloaded").toBe("first attempt");

  await waitOutCooldown(page, "Refugee-law check", { isHydrated: true });
  await page.getByRole("button", { name: "Start a new attempt" }).click();
  await expect(question).toBeVisible();
  await page.evaluate(() => ((window as unknown as { quizMarker: string }).quizMarker = "second attempt"));

  // Keyboard only: from the question heading, Tab into the radio group, choose, Tab to the button, Enter.
  await question.focus();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Article 33")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByLabel("Article 31")).toBeChecked();
  await page.keyboard.press("ArrowUp");
  await expect(page.getByLabel("Article 33")).toBeChecked();
  await expect(page.getByLabel("Article 33")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Check answer" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 3, name: "Correct" })).toBeVisible();

  await page.getByRole("button", { name: "Go to review" }).click();
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "You passed" })).toBeVisible();
  await expect(page.getByText("Score: 100%")).toBeVisible();
  await expect(page.getByText("Article 33(1) of the 1951 Convention.")).toBeVisible();
  await expectNoSeriousViolations(page, "result screen");
  expect(await marker(page), "the attempt page was not reloaded").toBe("second attempt");

  // --- Module 2, deferred feedback, without JavaScript ----------------------------------------------------
  const plain = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  try {
    const nojs = await plain.newPage();
    await openQuiz(nojs, "Non-refoulement and torture", "Torture-law check");
    await expect(nojs.getByText("Feedback after you submit")).toBeVisible();
    await nojs.getByRole("button", { name: "Start the quiz" }).click();
    const statement = nojs.getByRole("heading", {
      level: 2,
      name: "Article 3 of the Convention against Torture allows a return on national security grounds.",
    });
    await expect(statement).toBeVisible();
    await nojs.getByLabel("True").check();
    await nojs.getByRole("button", { name: "Save answer and continue" }).click();
    await expect(nojs.getByRole("heading", { level: 2, name: "Review before you submit" })).toBeVisible();
    await expect(nojs.getByText("Every question has an answer.")).toBeVisible();
    // Deferred: nothing about the answer's correctness before submission.
    await expect(nojs.getByText("No: the prohibition in article 3 has no security exception.")).toHaveCount(0);
    await nojs.getByRole("button", { name: "Submit answers" }).click();
    await expect(nojs.getByRole("heading", { level: 2, name: "You did not pass this time" })).toBeVisible();
    await expect(nojs.getByText("Article 3(1) is absolute.")).toBeVisible();

    await waitOutCooldown(nojs, "Torture-law check", { isHydrated: false });
    await nojs.getByRole("button", { name: "Start a new attempt" }).click();
    await expect(statement).toBeVisible();
    await nojs.getByLabel("False").check();
    await nojs.getByRole("button", { name: "Save answer and continue" }).click();
    await nojs.getByRole("button", { name: "Submit answers" }).click();
    await expect(nojs.getByRole("heading", { level: 2, name: "You passed" })).toBeVisible();
    await expect(nojs.getByText("Score: 100%")).toBeVisible();
  } finally {
    await plain.close();
  }

  // --- Lessons, then the course page ------------------------------------------------------------------------
  for (const [moduleTitle, lessonTitle] of [
    ["Non-refoulement in refugee law", "Article 33 of the Refugee Convention"],
    ["Non-refoulement and torture", "Article 3 of the Convention against Torture"],
  ] as const) {
    await page.goto(COURSE);
    await moduleItem(page, moduleTitle).getByRole("link", { name: lessonTitle }).click();
    await expect(page.getByRole("heading", { level: 1, name: lessonTitle })).toBeVisible();
    await page.getByRole("button", { name: /^Mark as complete/ }).click();
    await expect(page).not.toHaveURL(new RegExp(`lessons/${lessonTitle === "Article 33 of the Refugee Convention" ? "article-33" : "article-3"}$`));
  }

  await page.goto(COURSE);
  for (const moduleTitle of ["Non-refoulement in refugee law", "Non-refoulement and torture"]) {
    const module = moduleItem(page, moduleTitle);
    await expect(module.getByText("Passed (100%)")).toBeVisible();
    await expect(module.getByText("Done", { exact: true })).toBeVisible();
  }
  await expect(page.getByText("2 of 2 quizzes passed")).toBeVisible();
  await expect(page.getByText("100% complete").first()).toBeVisible();
  await expect(page.getByText(/^Completed on /)).toBeVisible();
});
