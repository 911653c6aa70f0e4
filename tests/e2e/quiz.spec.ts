// A learner's way through the quizzes of e2e-quiz-practice (tests/fixtures/e2e-courses): module 1 (immediate
// feedback) with JavaScript, module 2 (deferred feedback) without, each failed once, the 3-second cooldown waited
// out, retried and passed; then the lessons, and the course complete. Axe scans every quiz screen on the way.
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousViolations, registerLearner } from "./support";

const COURSE = "/courses/e2e-quiz-practice";

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
  await registerLearner(page, "Tomasz Wiśniewski", "quiz", { organisation: "Border Guard" });
  await page.goto(COURSE);
  await page.getByRole("button", { name: "Enrol in this course" }).click();
  await expect(page.getByRole("heading", { name: "Your progress" })).toBeVisible();

  // --- Module 1, immediate feedback, with JavaScript -------------------------------------------------------
  await openQuiz(page, "Non-refoulement in refugee law", "Refugee-law check");
  await expect(page.getByText("Feedback after each answer")).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "quiz overview", soft: true });
  await page.getByRole("button", { name: "Start the quiz" }).click();
  await expect(page).toHaveURL(/\/attempts\/[a-z2-7]{32}$/);
  const question = page.getByRole("heading", { level: 2, name: "Which article of the Refugee Convention prohibits refoulement?" });
  await expect(question).toBeVisible();
  // Set after the page has loaded; a full reload anywhere below would lose it.
  await page.evaluate(() => ((window as unknown as { quizMarker: string }).quizMarker = "first attempt"));
  await expectNoSeriousViolations(page, { screen: "question screen", soft: true });

  // The answer comes back with the next screen: no page loader runs again after it (no GET of .data).
  const reloads: string[] = [];
  const onRequest = (request: { method(): string; url(): string }) => {
    if (request.method() === "GET" && request.url().includes(".data")) reloads.push(request.url());
  };
  page.on("request", onRequest);
  await page.getByLabel("Article 31").check();
  await page.getByRole("button", { name: "Check answer" }).click();
  await expect(page.getByRole("heading", { level: 3, name: "Not correct" })).toBeVisible();
  page.off("request", onRequest);
  expect(reloads).toEqual([]);
  await expect(page.getByText("No: article 31 concerns penalties for illegal entry.")).toBeVisible();
  await expect(page.getByText("Yes: article 33(1) sets out the prohibition.")).toHaveCount(0);
  await expectNoSeriousViolations(page, { screen: "feedback screen", soft: true });
  await page.getByRole("button", { name: "Go to review" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Review before you submit" })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "review screen", soft: true });
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
  await expectNoSeriousViolations(page, { screen: "result screen", soft: true });
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
