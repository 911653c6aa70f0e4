// Issue 14's journey, as the people involved would go through it in the browser: an admin builds a unit tree and
// gives the demo supervisor its top; the supervisor imports five officers into the sub-unit from a CSV file and
// assigns the trafficking course to the top unit, due in 7 days; one officer (French, non-ASCII name) follows the
// invitation from the captured email, sets a password, finds the assignment first on the dashboard and completes
// the course (every lesson, every module quiz answered from the course's own quiz files); the supervisor's dashboard
// then shows 1 of 5 complete, and both CSV exports hold what the screen shows. axe on every screen new to issue 14.
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import YAML from "yaml";
import { ADMIN, expectNoSeriousViolations, inOwnContext, mailTo, uniqueEmail } from "./support";

const SUPERVISOR = { email: "supervisor@example.org", password: "supervisor-demo-passphrase" };
const COURSE_DIR = path.join("courses", "trafficking-vs-smuggling");
const SLUG = "trafficking-vs-smuggling";
const OFFICER_PASSWORD = "customs sheds glow at dusk";

// ---- The UI's own words, from the locale files, so the French officer's screens are checked in French ----------
type Lang = "en" | "fr" | "es";
const locales = Object.fromEntries(
  (["en", "fr", "es"] as const).map((lang) => [lang, JSON.parse(fs.readFileSync(`app/i18n/locales/${lang}.json`, "utf8"))]),
) as Record<Lang, Record<string, unknown>>;

function t(lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], locales[lang]);
  if (typeof value !== "string") throw new Error(`no text ${key} in ${lang}`);
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name]));
}

// ---- The course, read from its files at test time ---------------------------------------------------------------
type Option = { id: string; correct?: boolean };
type Step = { id: string; type: "single" | "multiple" | "true-false"; options?: Option[]; answer?: boolean };
type Question = Omit<Step, "type"> & {
  type: Step["type"] | "matching" | "ordering" | "scenario";
  items?: { id: string; category?: string }[];
  steps?: Step[];
};
type Module = { id: string; lessons: string[]; quiz: { id: string; settings: { feedback: "immediate" | "deferred" }; questions: Question[] } };

const readYaml = (file: string) => YAML.parse(fs.readFileSync(file, "utf8"));
const frontMatterId = (file: string) => /^id:\s*(\S+)/m.exec(fs.readFileSync(file, "utf8"))![1];

function courseModules(): Module[] {
  return fs
    .readdirSync(COURSE_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^\d/.test(e.name))
    .map((e) => e.name)
    .sort()
    .map((folder) => {
      const dir = path.join(COURSE_DIR, folder);
      const lessons = fs
        .readdirSync(dir)
        .filter((f) => /^\d+-.+(?<!\.(fr|es))\.md$/.test(f))
        .sort()
        .map((f) => frontMatterId(path.join(dir, f)));
      return { id: readYaml(path.join(dir, "module.yaml")).id, lessons, quiz: readYaml(path.join(dir, "quiz.yaml")) };
    });
}

/** The text with any run of white space (French dates hold no-break spaces) matching any other. */
const loose = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+"));

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function logIn(page: Page, account: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My learning" })).toBeVisible();
}

// ---- Answering a quiz from its definition, whatever order the options are shown in -----------------------------
/**
 * Where the attempt screen is: result, review, feedback on a question, or a question (and scenario step) to answer.
 * Read in one go in the page, so that a screen being replaced is never read half old, half new.
 */
function screenOf(page: Page): Promise<string> {
  return page.evaluate(() => {
    const value = (selector: string) => document.querySelector<HTMLInputElement>(selector)?.value ?? "";
    if (document.querySelector("#result-heading")) return "result";
    if (document.querySelector("#review-heading")) return "review";
    const questionId = value('input[name="questionId"]');
    // While an answer is on its way the forms are disabled: the screen is about to change.
    if (!questionId || document.querySelector("fieldset:disabled")) return "loading";
    if (document.querySelector("#feedback-heading")) return `feedback ${questionId}`;
    return `question ${questionId} ${value('input[name="stepId"]')}`;
  });
}

async function waitForScreenAfter(page: Page, previous: string) {
  let screen = previous;
  await expect.poll(async () => (screen = await screenOf(page)), { timeout: 15_000 }).not.toMatch(new RegExp(`^(${previous.replace(/ /g, "\\s")}|loading)$`));
  return screen;
}

async function fillAnswer(page: Page, target: Question | Step) {
  switch (target.type) {
    case "single":
    case "multiple":
      for (const option of target.options!.filter((o) => o.correct)) await page.locator(`[id="${target.id}-${option.id}"]`).check();
      return;
    case "true-false":
      await page.locator(`[id="${target.id}-${String(target.answer)}"]`).check();
      return;
    case "matching":
      for (const item of (target as Question).items!) await page.locator(`[id="${target.id}-${item.id}"]`).selectOption(item.category!);
      return;
    case "ordering":
      // Listed in the correct order in the file.
      for (const [index, item] of (target as Question).items!.entries()) await page.locator(`[id="${target.id}-${item.id}"]`).selectOption(String(index + 1));
      return;
    case "scenario":
      throw new Error("a scenario is answered step by step");
  }
}

/** Starts the module's quiz and answers every question (and every step on a scenario's correct path) correctly. */
async function passQuiz(page: Page, lang: Lang, quiz: Module["quiz"]) {
  await page.goto(`/courses/${SLUG}/quizzes/${quiz.id}`);
  await page.getByRole("button", { name: t(lang, "quiz.overview.start") }).click();
  await expect(page).toHaveURL(/\/attempts\/[a-z2-7]{32}$/);
  const questions = new Map(quiz.questions.map((q) => [q.id, q]));
  let screen = await waitForScreenAfter(page, "loading");
  for (let guard = 0; guard < 200 && screen !== "review"; guard++) {
    const [kind, questionId, stepId] = screen.split(" ");
    if (kind === "feedback") {
      // Immediate feedback: every answer here is right.
      await expect(page.locator("#feedback-heading")).toHaveText(t(lang, "quiz.correct"));
      await page.locator('button[name="intent"][value="NEXT"]').click();
    } else {
      const question = questions.get(questionId)!;
      const target = question.type === "scenario" ? question.steps!.find((s) => s.id === stepId)! : question;
      await fillAnswer(page, target);
      await page.locator('button[name="intent"][value="ANSWER"]').click();
    }
    screen = await waitForScreenAfter(page, screen);
  }
  await page.locator('button[name="intent"][value="SUBMIT"]').click();
  await expect(page.locator("#result-heading")).toHaveText(t(lang, "quiz.passed"));
  await expect(page.getByText(/100\s?%/).first()).toBeVisible();
}

/** Each body row of a table, keyed by its column headings, with the text the screen shows. */
async function tableRecords(table: Locator): Promise<Record<string, string>[]> {
  const heads = (await table.locator("thead th").allInnerTexts()).map((s) => s.trim());
  const rows = await table.locator("tbody tr").all();
  return Promise.all(
    rows.map(async (row) => {
      const cells = (await row.locator("th, td").allInnerTexts()).map((s) => s.replace(/\s+/g, " ").trim());
      return Object.fromEntries(heads.map((h, i) => [h, cells[i]]));
    }),
  );
}

async function download(page: Page, linkName: string) {
  const started = page.waitForEvent("download");
  await page.getByRole("link", { name: linkName }).click();
  const file = await (await started).path();
  return fs.readFileSync(file!);
}

test("a supervisor imports five officers, assigns the trafficking course; an invited officer completes it; the dashboard and its exports show 1 of 5", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const stamp = Date.now().toString(36);
  const top = `Coastal Guard ${stamp}`;
  const post = `Harbour Post ${stamp}`;
  const postPath = `${top}/${post}`;
  const dueDate = inDays(7);
  const courseEn = readYaml(path.join(COURSE_DIR, "course.yaml")).title as string;
  const courseFr = readYaml(path.join(COURSE_DIR, "course.fr.yaml")).title as string;

  // --- 1. The admin builds the tree and gives its top to the demo supervisor -----------------------------------
  await inOwnContext(browser, async (admin) => {
    await logIn(admin, ADMIN);
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Units" }).click();
    await expect(admin.getByRole("heading", { level: 1, name: "Organisation units" })).toBeVisible();
    await admin.getByLabel("Name", { exact: true }).fill(top);
    await admin.getByRole("button", { name: "Create the unit" }).click();
    await expect(admin.getByRole("status")).toHaveText(`Unit “${top}” created.`);
    await admin.getByLabel("Name", { exact: true }).fill(post);
    await admin.getByLabel("Inside").selectOption({ label: top });
    await admin.getByRole("button", { name: "Create the unit" }).click();
    await expect(admin.getByRole("status")).toHaveText(`Unit “${post}” created.`);
    await admin.getByRole("link", { name: top, exact: true }).click();
    await expect(admin.getByRole("heading", { level: 1, name: `Unit: ${top}` })).toBeVisible();
    await admin.getByLabel("Email address of a supervisor account").fill(SUPERVISOR.email);
    await admin.getByRole("button", { name: "Give this unit to the supervisor" }).click();
    await expect(admin.getByRole("status")).toContainText("now supervises this unit");
  });

  // --- 2. The supervisor imports five officers into the harbour post --------------------------------------------
  const officers = [
    { name: "Zoë Müller-Łukasz", language: "fr" as const },
    { name: "Amadou Diallo", language: "en" as const },
    { name: "Lucía Fernández", language: "es" as const },
    { name: "Hannah O'Brien", language: "en" as const },
    { name: "Kwame Mensah", language: "en" as const },
  ].map((o) => ({ ...o, email: uniqueEmail("journey.officer") }));
  const zoe = officers[0];

  await logIn(page, SUPERVISOR);
  await page.goto("/supervise/import");
  await expect(page.getByRole("heading", { level: 1, name: "Import people from a CSV file" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: postPath })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "import form" });
  // Written as a spreadsheet would save it: UTF-8 with a BOM, CRLF, a quoted name with an apostrophe.
  const csv =
    "\uFEFFname,email,profile,unit,language\r\n" +
    officers.map((o) => `"${o.name}",${o.email},border-official,${postPath},${o.language}`).join("\r\n") +
    "\r\n";
  await page.getByLabel("CSV file").setInputFiles({ name: "officers.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByRole("button", { name: "Check and import" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Import complete" })).toBeVisible();
  await expect(page.getByText("5 created, 0 added to a unit, 0 already present.")).toBeVisible();
  // SMTP is configured here: the links go by email, never onto the page.
  await expect(page.getByText(t("en", "units.import.done.mailed"))).toBeVisible();
  await expect(page.locator("code", { hasText: "/welcome/" })).toHaveCount(0);
  await expectNoSeriousViolations(page, { screen: "import result" });

  await page.getByRole("link", { name: "See the people in your units" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "People in my units" })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search by name or email" }).fill(zoe.email);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByRole("row").filter({ hasText: zoe.email })).toContainText(zoe.name);
  await expect(page.getByRole("row").filter({ hasText: zoe.email })).toContainText(postPath);
  await expectNoSeriousViolations(page, { screen: "people list" });

  // Each officer's invitation arrives through the sender job, in their own language.
  const subjects: Record<Lang, string> = { en: t("en", "mail.invitation.subject"), fr: t("fr", "mail.invitation.subject"), es: t("es", "mail.invitation.subject") };
  const invitations = new Map<string, Awaited<ReturnType<typeof mailTo>>>();
  for (const officer of officers) {
    const mail = await mailTo(officer.email, { matching: /\/welcome\// });
    expect(mail.to).toEqual([officer.email.toLowerCase()]);
    expect(mail.subject).toBe(subjects[officer.language]);
    expect(mail.html).toContain(`<html lang="${officer.language}">`);
    expect(mail.text).toContain(t(officer.language, "mail.greeting", { name: officer.name }));
    expect(mail.text).toContain(t(officer.language, "mail.invitation.intro"));
    // Account mail: no unsubscribe link, in the text or the headers.
    expect(mail.headers["list-unsubscribe"]).toBeUndefined();
    expect(mail.links.filter((l) => l.includes("/welcome/"))).toHaveLength(1);
    invitations.set(officer.email, mail);
  }

  // --- 3. The supervisor assigns the course to the top unit, due in 7 days -------------------------------------
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compliance" }).click();
  await page.getByRole("link", { name: "Assign a course" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Assign a course" })).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "assignment form" });
  await page.getByLabel("Course", { exact: true }).selectOption({ label: courseEn });
  await page.getByLabel(/^A unit/).check();
  await page.getByLabel("Unit", { exact: true }).selectOption({ label: top });
  await page.getByLabel("On a date").check();
  await page.getByLabel("Due date", { exact: true }).fill(dueDate);
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Assignment: ${courseEn}` })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Assigned to");
  // The sub-unit's five officers are reached through the tree.
  for (const officer of officers) await expect(page.getByRole("row").filter({ hasText: officer.email })).toHaveCount(1);
  await expectNoSeriousViolations(page, { screen: "assignment page" });

  // --- 4. Zoë follows the link from her email and sets her password ---------------------------------------------
  const link = invitations.get(zoe.email)!.links.find((l) => l.includes("/welcome/"))!;
  expect(new URL(link).origin).toBe(new URL(page.url()).origin);
  const officerContext = await browser.newContext();
  try {
    const officer = await officerContext.newPage();
    // The link carries the mail's language: the page opens in French, like the message.
    await officer.goto(link);
    await expect(officer.getByRole("heading", { level: 1, name: t("fr", "access.welcome.title") })).toBeVisible();
    await expect(officer.getByLabel(t("fr", "access.welcome.fullName"))).toHaveValue(zoe.name);
    await expect(officer.getByLabel(t("fr", "access.welcome.language"))).toHaveValue("fr");
    await expectNoSeriousViolations(officer, { screen: "welcome page" });
    await officer.getByLabel(t("fr", "access.welcome.password"), { exact: true }).fill(OFFICER_PASSWORD);
    await officer.getByRole("button", { name: t("fr", "access.welcome.submit") }).click();

    // Signed in, in her language, with the assignment before everything else and its due date.
    await expect(officer).toHaveURL(/\/dashboard$/);
    await expect(officer.getByRole("heading", { level: 1, name: t("fr", "dashboard.title") })).toBeVisible();
    const headings = await officer.getByRole("heading", { level: 2 }).allTextContents();
    expect(headings[0]).toBe(t("fr", "dashboard.assigned.heading"));
    const assigned = officer.getByRole("region", { name: t("fr", "dashboard.assigned.heading") });
    const dueText = t("fr", "dashboard.assigned.due", {
      date: new Intl.DateTimeFormat("fr", { dateStyle: "medium", timeZone: "UTC" }).format(Date.parse(`${dueDate}T12:00:00Z`)),
    });
    await expect(assigned.getByRole("listitem").filter({ hasText: courseFr })).toContainText(loose(dueText));
    await expectNoSeriousViolations(officer, { screen: "learner dashboard with assignments" });

    // --- 5. She completes the course: every lesson, every module quiz -------------------------------------------
    // Assigning to her unit enrolled her: the card leads straight to the course.
    await expect(assigned.getByRole("button", { name: t("fr", "dashboard.assigned.start", { course: courseFr }) })).toHaveCount(0);
    await assigned.getByRole("link", { name: courseFr }).click();
    await expect(officer).toHaveURL(new RegExp(`/courses/${SLUG}$`));
    for (const module of courseModules()) {
      for (const lesson of module.lessons) {
        await officer.goto(`/courses/${SLUG}/lessons/${lesson}`);
        // "Marquer comme terminée" or "… et continuer" (the last lesson of the course has no next).
        await officer.getByRole("button", { name: t("fr", "lesson.complete") }).click();
        await expect(officer).not.toHaveURL(new RegExp(`/lessons/${lesson}$`));
      }
      await passQuiz(officer, "fr", module.quiz);
    }
    await officer.goto("/dashboard");
    await expect(assigned.getByRole("listitem").filter({ hasText: courseFr })).toContainText(t("fr", "compliance.status.completed-on-time"));
  } finally {
    await officerContext.close();
  }

  // --- 6. The supervisor's dashboard: 1 of 5 complete, and the exports hold the same ----------------------------
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compliance" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Compliance" })).toBeVisible();
  await page.getByLabel("Unit", { exact: true }).selectOption({ label: top });
  await page.getByLabel("Course", { exact: true }).selectOption({ label: courseEn });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText(`Showing ${top} and its sub-units.`)).toBeVisible();
  await expectNoSeriousViolations(page, { screen: "compliance dashboard" });

  const unitTable = page.getByRole("region", { name: "By unit" }).getByRole("table");
  const unitRows = await tableRecords(unitTable);
  const expected = {
    Assigned: "5",
    "Not started": "4",
    "In progress": "0",
    "Completed on time": "1",
    "Completed late": "0",
    Overdue: "0",
    "Certificates valid": "1",
    "Certificates expiring": "0",
    "Certificates expired": "0",
  };
  expect(unitRows).toEqual([
    { Unit: `${top} (whole unit)`, People: "5", ...expected },
    { Unit: postPath, People: "5", ...expected },
  ]);

  const peopleTable = page.getByRole("region", { name: "People", exact: true }).getByRole("table");
  const people = await tableRecords(peopleTable);
  expect(people).toHaveLength(5);
  const onScreen = new Map(people.map((row) => [row.Person, row]));
  for (const officer of officers) {
    const row = onScreen.get(`${officer.name} ${officer.email}`);
    expect(row, officer.name).toBeDefined();
    expect(row!.Units).toBe(postPath);
    expect(row!.Course).toBe(courseEn);
    expect(row!.Status).toBe(officer === zoe ? "Completed on time" : "Not started");
  }

  const peopleFile = await download(page, "Download the people list (CSV)");
  expect([...peopleFile.subarray(0, 3)], "UTF-8 byte order mark, for spreadsheet programs").toEqual([0xef, 0xbb, 0xbf]);
  const exported = parse(peopleFile, { bom: true, columns: true }) as Record<string, string>[];
  expect(exported).toHaveLength(5);
  for (const record of exported) {
    const row = onScreen.get(`${record.Person} ${record.Email}`);
    expect(row, `${record.Person} is on the screen`).toBeDefined();
    expect(record.Units).toBe(row!.Units);
    expect(record.Course).toBe(row!.Course);
    expect(record.Status).toBe(row!.Status);
    expect(record.Due).toBe(dueDate);
    expect(record.Completed === "").toBe(row!.Completed === "Not yet");
    expect(record.Certificate).toBe(record.Person === zoe.name ? "Valid" : "");
  }
  expect(exported.map((r) => r.Person)).toContain("Zoë Müller-Łukasz");

  const unitsFile = await download(page, "Download the unit figures (CSV)");
  expect([...unitsFile.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const exportedUnits = parse(unitsFile, { bom: true, columns: true }) as Record<string, string>[];
  expect(exportedUnits).toEqual(unitRows.map((row) => ({ ...row, Unit: row.Unit === `${top} (whole unit)` ? top : row.Unit })));

  // By now the sender has run many times: each officer had one invitation, never a second copy.
  const { readCapturedMail } = await import("../support/smtp-capture");
  const captured = readCapturedMail(process.env.E2E_MAIL_DIR!);
  for (const officer of officers) {
    expect(captured.filter((m) => m.to.includes(officer.email.toLowerCase()) && m.links.some((l) => l.includes("/welcome/")))).toHaveLength(1);
  }
});
