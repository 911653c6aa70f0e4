// The course library as a learner meets it: find a course in the catalog, enrol, work through lessons, leave and
// come back to the right lesson; a lesson without JavaScript; and an axe scan of each course screen. In Chromium
// against the production build (see playwright.config.ts).
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoSeriousViolations, registerLearner, submitLogin } from "./support";

const COURSE = {
  slug: "trafficking-vs-smuggling",
  title: "Trafficking in persons and smuggling of migrants",
  lessons: [
    { id: "trafficking-definition", title: "Trafficking in persons: act, means and purpose" },
    { id: "smuggling-definition", title: "Smuggling of migrants: the four elements" },
    { id: "benefit-and-family-assistance", title: "The benefit element and the family-assistance case" },
  ],
};

/** Required lessons of the real course, counted from its files so that a new lesson does not break the journey. */
function requiredLessonCount(slug: string): number {
  const dir = path.join("courses", slug);
  let total = 0;
  for (const module of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!module.isDirectory()) continue;
    for (const file of fs.readdirSync(path.join(dir, module.name))) {
      if (!/^\d+-[^.]+\.md$/.test(file)) continue; // default-language lessons only, not translations
      const text = fs.readFileSync(path.join(dir, module.name, file), "utf8");
      if (!/^required:\s*false\s*$/m.test(text.split(/^---\s*$/m)[1] ?? "")) total += 1;
    }
  }
  return total;
}

async function enrolIn(page: Page, slug: string) {
  await page.goto(`/courses/${slug}`);
  await page.getByRole("button", { name: "Enrol in this course" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Your progress" })).toBeVisible();
}

const lessonHeading = (page: Page, title: string) => page.getByRole("article").getByRole("heading", { level: 1, name: title });

async function withoutJavaScript<T>(browser: Browser, work: (page: Page) => Promise<T>) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

test("a border official finds a course, completes two lessons and comes back to the third", async ({ page }) => {
  const total = requiredLessonCount(COURSE.slug);
  const email = await registerLearner(page, "Petra Novak", "courses", { profile: "border-official" });

  // Find the course with the filters.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Courses" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Courses" })).toBeVisible();
  const filters = page.getByRole("search", { name: "Filter courses" });
  await filters.getByLabel("Audience").selectOption({ label: "Border and immigration officials" });
  await filters.getByLabel("Search titles and summaries").fill("smuggling");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]audience=border-officials/);
  await expect(page).toHaveURL(/[?&]q=smuggling/);
  // A judiciary-only course is filtered out (and so the filtered list is the one on screen).
  await expect(page.getByRole("link", { name: "Anti-discrimination law for the judiciary" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Immigration detention standards" })).toHaveCount(0);
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 2, name: COURSE.title }) });
  await expect(card).toBeVisible();
  await expect(card.getByText("Not enrolled")).toBeVisible();

  // Enrol and start.
  await card.getByRole("link", { name: COURSE.title }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE.slug}$`));
  await expect(page.getByRole("heading", { level: 1, name: COURSE.title })).toBeVisible();
  await page.getByRole("button", { name: "Enrol in this course" }).click();
  await expect(page.getByText(`0 of ${total} lessons`)).toBeVisible();
  await page.getByRole("link", { name: "Start the first lesson" }).click();

  // Two lessons, each marked complete with the button, which moves on to the next.
  const [first, second, third] = COURSE.lessons;
  await expect(lessonHeading(page, first!.title)).toBeVisible();
  await page.getByRole("button", { name: /^Mark as complete/ }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE.slug}/lessons/${second!.id}$`));
  await expect(lessonHeading(page, second!.title)).toBeVisible();
  await page.getByRole("button", { name: /^Mark as complete/ }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE.slug}/lessons/${third!.id}$`));
  await expect(lessonHeading(page, third!.title)).toBeVisible();

  // Progress on the course page, with both lessons marked done.
  await page.getByRole("link", { name: COURSE.title }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: COURSE.title })).toBeVisible();
  const progress = page.getByRole("region", { name: "Your progress" });
  await expect(progress.getByText(`2 of ${total} lessons`)).toBeVisible();
  // The lesson's own list item: the module's item around it has a heading.
  const lessonItem = (title: string) =>
    page.getByRole("listitem").filter({ has: page.getByRole("link", { name: title }), hasNot: page.getByRole("heading") });
  await expect(lessonItem(first!.title).getByText("Done")).toBeVisible();
  await expect(lessonItem(second!.title).getByText("Done")).toBeVisible();
  await expect(lessonItem(third!.title).getByText("Done")).toHaveCount(0);

  // Progress on the dashboard.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My learning" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My learning" })).toBeVisible();
  const mine = page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 2, name: COURSE.title }) });
  await expect(mine.getByText(`2 of ${total} lessons`)).toBeVisible();

  // Leave, come back, continue where they left off.
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
  await submitLogin(page, email);
  await expect(page.getByRole("heading", { level: 1, name: "My learning" })).toBeVisible();
  await page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { level: 2, name: COURSE.title }) })
    .getByRole("link", { name: "Continue where you left off" })
    .click();
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE.slug}/lessons/${third!.id}$`));
  await expect(lessonHeading(page, third!.title)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Mark as complete/ })).toBeVisible();
});

test("a lesson reads and is marked complete without JavaScript", async ({ browser }) => {
  await withoutJavaScript(browser, async (page) => {
    await registerLearner(page, "Tomás Ibarra", "courses", { profile: "border-official" });
    await enrolIn(page, COURSE.slug);
    const [first, second] = COURSE.lessons;
    await page.goto(`/courses/${COURSE.slug}/lessons/${first!.id}`);

    const article = page.getByRole("article");
    await expect(lessonHeading(page, first!.title)).toBeVisible();
    await expect(article.getByRole("heading", { level: 2, name: "Three elements" })).toBeVisible();
    await expect(article.getByText(/defines trafficking in persons through three elements/)).toBeVisible();
    // Citations are numbered footnote links to a notes section that names the instrument.
    await expect(article.locator('sup a[href="#fn-1"]').first()).toBeVisible();
    const notes = article.getByRole("region", { name: "Notes" });
    await expect(notes).toBeVisible();
    await expect(notes.getByRole("listitem").first()).toBeVisible();
    await expect(notes.getByRole("link", { name: "Trafficking Protocol" }).first()).toBeVisible();

    // "Mark as complete" is a plain form post: it records the completion and loads the next lesson.
    await page.getByRole("button", { name: /^Mark as complete/ }).click();
    await expect(page).toHaveURL(new RegExp(`/courses/${COURSE.slug}/lessons/${second!.id}$`));
    await expect(lessonHeading(page, second!.title)).toBeVisible();
    await page.goto(`/courses/${COURSE.slug}/lessons/${first!.id}`);
    await expect(page.getByText("You have completed this lesson.")).toBeVisible();
    await expect(page.getByRole("button", { name: /^Mark as complete/ })).toHaveCount(0);
    await page.goto(`/courses/${COURSE.slug}`);
    await expect(page.getByRole("region", { name: "Your progress" }).getByText(`1 of ${requiredLessonCount(COURSE.slug)} lessons`)).toBeVisible();
  });
});

test("a French reader finds the course's sources under their official French names", async ({ browser }) => {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  try {
    await page.goto(`/courses/${COURSE.slug}/sources`);
    const tip = page.locator("#tip-protocol");
    await expect(tip.getByText("Protocole relatif à la traite des personnes", { exact: true })).toBeVisible();
    await expect(tip.getByText(/^Protocole additionnel à la Convention des Nations Unies/)).toBeVisible();
    await expect(page.getByText("Trafficking Protocol", { exact: true })).toHaveCount(0);
    await expect(tip.getByRole("link")).toHaveAttribute("href", /^https:\/\/treaties\.un\.org\//);
    await expectNoSeriousViolations(page);
  } finally {
    await context.close();
  }
});

test.describe("axe finds no serious or critical violations", () => {
  test("on the catalog with filters applied", async ({ page }) => {
    await registerLearner(page, "Aylin Demir", "courses", { profile: "border-official" });
    await page.goto("/courses?audience=border-officials&q=smuggling");
    await expect(page.getByRole("heading", { level: 2, name: COURSE.title })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test("on a course page with the learner's progress", async ({ page }) => {
    await registerLearner(page, "Aylin Demir", "courses", { profile: "border-official" });
    await enrolIn(page, COURSE.slug);
    await expect(page.getByRole("heading", { level: 1, name: COURSE.title })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test("on a course page seen by a visitor", async ({ page }) => {
    await page.goto(`/courses/${COURSE.slug}`);
    await expect(page.getByRole("heading", { level: 1, name: COURSE.title })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test("on a lesson page", async ({ page }) => {
    await registerLearner(page, "Aylin Demir", "courses", { profile: "border-official" });
    await enrolIn(page, COURSE.slug);
    await page.goto(`/courses/${COURSE.slug}/lessons/${COURSE.lessons[0]!.id}`);
    await expect(lessonHeading(page, COURSE.lessons[0]!.title)).toBeVisible();
    await expectNoSeriousViolations(page);
  });
});
