// The catalog, the course page and the lesson page, through their route loaders and actions the way Remix calls
// them, against this file's own temporary SQLite database holding four small courses made from the fixture.
import { cpSync, writeFileSync } from "node:fs";
import path from "node:path";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { recordQuizResult } from "~/courses/enrolment.server";
import { importCoursesFrom } from "~/courses/import.server";
import { loadCourse } from "~/courses/load.server";
import { compileMarkdown } from "~/courses/markdown.server";
import { forgetCachedVersions } from "~/courses/version-cache.server";
import { db, transaction } from "~/db.server";
import * as catalogRoute from "~/routes/courses._index";
import * as courseRoute from "~/routes/courses.$slug._index";
import * as lessonRoute from "~/routes/courses.$slug.lessons.$lessonId";
import * as sourcesRoute from "~/routes/courses.$slug.sources";
import * as dashboardRoute from "~/routes/dashboard";
import { freshDatabase } from "./db";
import { call, cookieFrom, formRequest, getRequest, type RouteResult } from "./http";
import { registerAccount, type Account } from "../support/accounts";
import { editFile, FIXTURE_COURSE as FIXTURE, passQuiz as passQuizDirectly, recordQuiz, temporaryDir } from "../support/courses";
import { certificates, courses, courseVersions, enrolments, lessonBodies, lessonCompletions, quizDefinitions, users } from "#db/tables";

// The real compiler, watched, so a test can tell whether serving a lesson parsed any Markdown.
vi.mock("~/courses/markdown.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/courses/markdown.server")>();
  return { ...real, compileMarkdown: vi.fn(real.compileMarkdown) };
});


// Lessons of every course below, in order: the second one is optional.
const FIRST = "trafficking-definition";
const OPTIONAL = "smuggling-definition";
const LAST = "referral";
const QUIZZES = ["definitions-quiz", "response-quiz"];

type Copy = {
  slug: string;
  title: string;
  summary: string;
  frenchTitle: string;
  audiences: string;
  enrolment?: "open" | "assigned";
  french?: boolean;
};

const BORDER: Copy = {
  slug: "border-basics",
  title: "Trafficking and smuggling at the border",
  summary: "Telling smuggled migrants from victims of trafficking, 100% self-paced.",
  frenchTitle: "Traite et trafic à la frontière",
  audiences: "[border-officials]",
};
const JUDICIAL: Copy = {
  slug: "judicial-review",
  title: "Detention review for judges",
  summary: "How a court reviews the lawfulness of immigration detention.",
  frenchTitle: "Le contrôle judiciaire de la rétention",
  audiences: "[judiciary]",
  french: true,
};
const EVERYONE: Copy = {
  slug: "open-to-all",
  title: "Migration law for everyone",
  summary: "The basic vocabulary of migration law.",
  frenchTitle: "Le droit des migrations pour tous",
  audiences: "[all]",
};
const ASSIGNED: Copy = {
  slug: "supervised-course",
  title: "Supervised course for IOM staff",
  summary: "Assigned by a supervisor.",
  frenchTitle: "Cours supervisé",
  audiences: "[iom-staff]",
  enrolment: "assigned",
};
const ALL = [BORDER, JUDICIAL, EVERYONE, ASSIGNED];

function writeCourse(coursesDir: string, copy: Copy) {
  const dir = path.join(coursesDir, copy.slug);
  cpSync(FIXTURE, dir, { recursive: true });
  editFile(dir, "course.yaml", "slug: fixture-course", `slug: ${copy.slug}`);
  editFile(dir, "course.yaml", "title: Trafficking and smuggling (test fixture)", `title: ${copy.title}`);
  editFile(dir, "course.yaml", "summary: A small course that exercises every part of the course format.", `summary: ${copy.summary}`);
  editFile(dir, "course.yaml", "audiences: [border-officials]", `audiences: ${copy.audiences}`);
  editFile(dir, "course.yaml", "enrolment: assigned", `enrolment: ${copy.enrolment ?? "open"}`);
  editFile(dir, "course.fr.yaml", "title: Traite et trafic (cours de test)", `title: ${copy.frenchTitle}`);
  editFile(dir, "course.fr.yaml", "summary: Un petit cours qui exerce chaque partie du format.", "summary: Résumé en français.");
  if (copy.french) {
    // Every lesson needs a translation before the course may list French.
    editFile(dir, "course.yaml", "languages: [en]", "languages: [en, fr]");
    writeFileSync(
      path.join(dir, "01-definitions/02-smuggling.fr.md"),
      "---\nid: smuggling-definition\ntitle: Le trafic de migrants\nminutes: 2\nrequired: false\n---\n\nLe trafic suppose un avantage [[som-protocol, art. 3 a)]].\n",
    );
    writeFileSync(
      path.join(dir, "02-response/01-referral.fr.md"),
      "---\nid: referral\ntitle: Du soupçon à l'orientation\nminutes: 3\n---\n\nSéparer, appeler un interprète, orienter [[tip-protocol, art. 6]].\n",
    );
  }
}

// --- People and requests ------------------------------------------------------------------------------------------

type Learner = Account;

/** A new account, registered through the form's action, signed in by it. */
const register = (preferredLanguage: "en" | "fr" | "es" = "en"): Promise<Learner> =>
  registerAccount({ fullName: "Rosa Delgado", preferredLanguage });

type CatalogBody = { courses: { slug: string; title: string; status: string }[] };

async function catalog(query = "", cookie?: string) {
  const result = await call(catalogRoute.loader, getRequest(`/courses${query}`, { cookie }));
  expect(result.status).toBe(200);
  return (result.body as CatalogBody).courses;
}
const slugsOf = (cards: { slug: string }[]) => cards.map((c) => c.slug);

type CourseBody = {
  isSignedIn: boolean;
  course: Awaited<ReturnType<typeof import("~/courses/courses.server").getCourseForLearner>>;
};
const coursePage = (slug: string, cookie?: string) =>
  call(courseRoute.loader, getRequest(`/courses/${slug}`, { cookie }), { slug });
const courseOf = async (slug: string, cookie?: string) => {
  const result = await coursePage(slug, cookie);
  expect(result.status).toBe(200);
  return (result.body as CourseBody).course;
};
const enrolThroughPage = (slug: string, cookie?: string) =>
  call(courseRoute.action, formRequest(`/courses/${slug}`, {}, { cookie }), { slug });

type LessonBody = { lesson: Extract<Awaited<ReturnType<typeof import("~/courses/courses.server").getLesson>>, { isEnrolled: true }> };
const lessonPage = (slug: string, lessonId: string, cookie?: string) =>
  call(lessonRoute.loader, getRequest(`/courses/${slug}/lessons/${lessonId}`, { cookie }), { slug, lessonId });
const markComplete = (slug: string, lessonId: string, cookie: string, next?: string) =>
  call(
    lessonRoute.action,
    formRequest(`/courses/${slug}/lessons/${lessonId}`, next === undefined ? {} : { next }, { cookie }),
    { slug, lessonId },
  );

const passQuiz = (learner: Learner, slug: string, quizId: string, percent = 90) => passQuizDirectly(learner.id, slug, quizId, percent);

const completionRows = async (learner: Learner, slug: string) =>
  (await db
    .select()
    .from(lessonCompletions)
    .where(and(eq(lessonCompletions.userId, learner.id), eq(lessonCompletions.courseSlug, slug))));
const enrolmentOf = async (learner: Learner, slug: string) =>
  (await db.select().from(enrolments).where(and(eq(enrolments.userId, learner.id), eq(enrolments.courseSlug, slug))));

async function enrolled(slug: string, preferredLanguage: "en" | "fr" | "es" = "en") {
  const learner = await register(preferredLanguage);
  expect((await enrolThroughPage(slug, learner.cookie)).status).toBe(302);
  return learner;
}

function expectRedirect(result: RouteResult, location: string) {
  expect(result.status).toBe(302);
  expect(result.headers.get("Location")).toBe(location);
}

beforeAll(async () => {
  await freshDatabase();
  const root = temporaryDir("lexmigra-pages-");
  for (const copy of ALL) writeCourse(root, copy);
  const outcomes = await importCoursesFrom(root);
  expect(outcomes.map((o) => [o.slug, o.outcome])).toEqual(
    ALL.map((c) => c.slug)
      .sort()
      .map((slug) => [slug, "created"]),
  );
});

beforeEach(async () => {
  vi.mocked(compileMarkdown).mockClear();
});

// --- Catalog --------------------------------------------------------------------------------------------------------

describe("the catalog", () => {
  it("lists every live course by title, all not enrolled for a visitor", async () => {
    const cards = await catalog();
    expect(cards.map((c) => [c.title, c.status])).toEqual([
      [JUDICIAL.title, "not-enrolled"],
      [EVERYONE.title, "not-enrolled"],
      [ASSIGNED.title, "not-enrolled"],
      [BORDER.title, "not-enrolled"],
    ]);
  });

  it("filters by audience, keeping the courses meant for everyone", async () => {
    expect(slugsOf(await catalog("?audience=border-officials"))).toEqual([EVERYONE.slug, BORDER.slug]);
    expect(slugsOf(await catalog("?audience=judiciary"))).toEqual([JUDICIAL.slug, EVERYONE.slug]);
    expect(slugsOf(await catalog("?audience=iom-staff"))).toEqual([EVERYONE.slug, ASSIGNED.slug]);
  });

  it("ignores an audience it does not know instead of hiding everything", async () => {
    expect(await catalog("?audience=astronauts")).toHaveLength(ALL.length);
  });

  it("filters by language", async () => {
    expect(slugsOf(await catalog("?language=fr"))).toEqual([JUDICIAL.slug]);
    expect(await catalog("?language=en")).toHaveLength(ALL.length);
    expect(await catalog("?language=es")).toEqual([]);
  });

  it("searches titles and summaries, whatever the letter case", async () => {
    expect(slugsOf(await catalog("?q=DETENTION"))).toEqual([JUDICIAL.slug]);
    expect(slugsOf(await catalog("?q=vocabulary"))).toEqual([EVERYONE.slug]);
    expect(slugsOf(await catalog(`?q=${encodeURIComponent("  migration law ")}`))).toEqual([EVERYONE.slug]);
  });

  it("searches the translated titles too", async () => {
    expect(slugsOf(await catalog(`?q=${encodeURIComponent("Rétention")}`))).toEqual([JUDICIAL.slug]);
  });

  it("combines the audience with the search text", async () => {
    expect(slugsOf(await catalog("?audience=border-officials&q=trafficking"))).toEqual([BORDER.slug]);
    expect(await catalog("?audience=judiciary&q=trafficking")).toEqual([]);
  });

  it("treats % and _ in the search text as the characters themselves, not wildcards", async () => {
    expect(await catalog(`?q=${encodeURIComponent("_")}`)).toEqual([]);
    // BORDER's summary says "100% self-paced".
    expect(slugsOf(await catalog(`?q=${encodeURIComponent("100% self")}`))).toEqual([BORDER.slug]);
  });

  it("shows each card's status for the signed-in learner", async () => {
    const learner = await register();
    expect((await enrolThroughPage(BORDER.slug, learner.cookie)).status).toBe(302);
    expect((await enrolThroughPage(EVERYONE.slug, learner.cookie)).status).toBe(302);
    for (const lessonId of [FIRST, LAST]) await markComplete(EVERYONE.slug, lessonId, learner.cookie);
    for (const quizId of QUIZZES) await passQuiz(learner, EVERYONE.slug, quizId);

    const statuses = Object.fromEntries((await catalog("", learner.cookie)).map((c) => [c.slug, c.status]));

    expect(statuses).toEqual({
      [BORDER.slug]: "enrolled",
      [EVERYONE.slug]: "completed",
      [JUDICIAL.slug]: "not-enrolled",
      [ASSIGNED.slug]: "not-enrolled",
    });
    // Another learner's enrolments are not this one's.
    const other = await register();
    expect((await catalog("", other.cookie)).every((c) => c.status === "not-enrolled")).toBe(true);
  });
});

// --- Course page ----------------------------------------------------------------------------------------------------

describe("the course page", () => {
  it("shows a visitor the course without progress", async () => {
    const result = await coursePage(BORDER.slug);
    expect(result.status).toBe(200);
    const body = result.body as CourseBody;
    expect(body.isSignedIn).toBe(false);
    expect(body.course).toMatchObject({ slug: BORDER.slug, title: BORDER.title, isEnrolled: false, progress: null, continueLessonId: null });
  });

  it("enrols a signed-in learner in an open course and then shows their progress from the first lesson", async () => {
    const learner = await register();
    expect((await courseOf(BORDER.slug, learner.cookie)).isEnrolled).toBe(false);

    const result = await enrolThroughPage(BORDER.slug, learner.cookie);

    expectRedirect(result, `/courses/${BORDER.slug}`);
    const course = await courseOf(BORDER.slug, learner.cookie);
    expect(course.isEnrolled).toBe(true);
    expect(course.progress).toMatchObject({ lessonsDone: 0, lessonsRequired: 2, quizzesPassed: 0, quizzesRequired: 2, percent: 0 });
    expect(course.continueLessonId).toBe(FIRST);
    expect(await enrolmentOf(learner, BORDER.slug)).toHaveLength(1);
  });

  it("enrols once however often the form is sent", async () => {
    const learner = await register();
    await enrolThroughPage(BORDER.slug, learner.cookie);
    const again = await enrolThroughPage(BORDER.slug, learner.cookie);
    expectRedirect(again, `/courses/${BORDER.slug}`);
    expect(await enrolmentOf(learner, BORDER.slug)).toHaveLength(1);
  });

  it("refuses self-enrolment in a course that supervisors assign", async () => {
    const learner = await register();
    const result = await enrolThroughPage(ASSIGNED.slug, learner.cookie);
    expect(result.status).toBe(403);
    expect(await enrolmentOf(learner, ASSIGNED.slug)).toEqual([]);
  });

  it("sends a visitor who tries to enrol to the login page, and back afterwards", async () => {
    const result = await enrolThroughPage(BORDER.slug);
    expectRedirect(result, `/login?redirectTo=${encodeURIComponent(`/courses/${BORDER.slug}`)}`);
  });

  it("answers 404 for a slug that names no course", async () => {
    const learner = await register();
    expect((await coursePage("no-such-course")).status).toBe(404);
    expect((await coursePage("no-such-course", learner.cookie)).status).toBe(404);
    expect((await enrolThroughPage("no-such-course", learner.cookie)).status).toBe(404);
    expect((await db.select({ n: count() }).from(courses).where(eq(courses.slug, "no-such-course")))[0]!.n).toBe(0);
  });

  it.each(["Border-Basics", "border_basics", "border--basics", "..%2Fsecrets", "-border-basics"])(
    "answers 404 for the malformed slug %s",
    async (slug) => {
      const learner = await register();
      expect((await coursePage(slug, learner.cookie)).status).toBe(404);
      expect((await enrolThroughPage(slug, learner.cookie)).status).toBe(404);
    },
  );
});

// --- Lesson page ----------------------------------------------------------------------------------------------------

describe("the lesson page", () => {
  it("requires login, coming back to the lesson afterwards", async () => {
    const result = await lessonPage(BORDER.slug, FIRST);
    expectRedirect(result, `/login?redirectTo=${encodeURIComponent(`/courses/${BORDER.slug}/lessons/${FIRST}`)}`);
  });

  it("sends a learner who is not enrolled to the course page, whether the lesson exists or not", async () => {
    const learner = await register();
    expectRedirect(await lessonPage(BORDER.slug, FIRST, learner.cookie), `/courses/${BORDER.slug}`);
    expectRedirect(await lessonPage(BORDER.slug, "no-such-lesson", learner.cookie), `/courses/${BORDER.slug}`);
    // Another learner's enrolment and mark are not this one's.
    const other = await enrolled(BORDER.slug);
    expect((await markComplete(BORDER.slug, FIRST, other.cookie)).status).toBe(302);
    expectRedirect(await lessonPage(BORDER.slug, FIRST, learner.cookie), `/courses/${BORDER.slug}`);
  });

  it("answers 404 for a course that does not exist", async () => {
    const learner = await register();
    expect((await lessonPage("no-such-course", FIRST, learner.cookie)).status).toBe(404);
  });

  it("answers 404 for an unknown or malformed lesson id", async () => {
    const learner = await enrolled(BORDER.slug);
    expect((await lessonPage(BORDER.slug, "no-such-lesson", learner.cookie)).status).toBe(404);
    expect((await lessonPage(BORDER.slug, "Referral", learner.cookie)).status).toBe(404);
    expect((await lessonPage(BORDER.slug, "referral_", learner.cookie)).status).toBe(404);
  });

  it("serves the title, neighbours and completion mark of the lesson", async () => {
    const learner = await enrolled(BORDER.slug);
    const result = await lessonPage(BORDER.slug, OPTIONAL, learner.cookie);
    expect(result.status).toBe(200);
    const { lesson } = result.body as LessonBody;
    expect(lesson).toMatchObject({
      courseSlug: BORDER.slug,
      courseTitle: BORDER.title,
      lessonId: OPTIONAL,
      title: "Smuggling of migrants",
      minutes: 2,
      language: "en",
      isComplete: false,
      previous: { lessonId: FIRST, title: "Trafficking in persons" },
      next: { lessonId: LAST, title: "From suspicion to referral" },
    });
    expect(lesson).not.toHaveProperty("isEnrolled");
  });

  it("shows the learner's own completion mark, not another learner's nor another lesson's", async () => {
    const learner = await enrolled(BORDER.slug);
    const other = await enrolled(BORDER.slug);
    expect((await markComplete(BORDER.slug, OPTIONAL, other.cookie)).status).toBe(302);
    expect((await markComplete(BORDER.slug, FIRST, learner.cookie)).status).toBe(302);
    const mark = async (lessonId: string) => ((await lessonPage(BORDER.slug, lessonId, learner.cookie)).body as LessonBody).lesson;
    expect(await mark(OPTIONAL)).toMatchObject({ isComplete: false });
    expect(await mark(FIRST)).toMatchObject({ isComplete: true });
  });

  it("serves the HTML stored at import byte for byte, parsing no Markdown", async () => {
    const learner = await enrolled(BORDER.slug);
    const stored = (await db
      .select({ html: lessonBodies.html, versionId: lessonBodies.versionId })
      .from(lessonBodies)
      .innerJoin(courses, eq(courses.liveVersionId, lessonBodies.versionId))
      .where(and(eq(courses.slug, BORDER.slug), eq(lessonBodies.lessonId, FIRST), eq(lessonBodies.language, "en"))))[0]!;
    vi.mocked(compileMarkdown).mockClear();

    const result = await lessonPage(BORDER.slug, FIRST, learner.cookie);

    expect(result.status).toBe(200);
    const { lesson } = result.body as LessonBody;
    expect(lesson.html).toBe(stored.html);
    expect(lesson.html).toContain("Trafficking requires an act, a means and a purpose");
    expect(lesson.html).toContain('class="footnotes"');
    expect(compileMarkdown).not.toHaveBeenCalled();
  });

  it("is watched by a spy that does see Markdown being compiled (so the test above can fail)", async () => {
    expect(loadCourse(FIXTURE).errors).toEqual([]);
    expect(vi.mocked(compileMarkdown).mock.calls.length).toBeGreaterThan(0);
  });

  it("serves the learner's language where the lesson has it, else the course's default language", async () => {
    const learner = await enrolled(BORDER.slug, "fr");
    const translated = (await lessonPage(BORDER.slug, FIRST, learner.cookie)).body as LessonBody;
    expect(translated.lesson).toMatchObject({ language: "fr", title: "La traite des personnes", courseTitle: BORDER.frenchTitle });
    expect(translated.lesson.html).toContain("La traite suppose un acte");
    const fallback = (await lessonPage(BORDER.slug, LAST, learner.cookie)).body as LessonBody;
    expect(fallback.lesson).toMatchObject({ language: "en", title: "From suspicion to referral" });
  });
});

describe("the lesson page's weight and conditional GETs", () => {
  const loadWith = (slug: string, lessonId: string, cookie: string, context: { isDataRequest: boolean; documentOnly: Map<string, string> }) =>
    call(
      (args) => lessonRoute.loader({ ...args, context: { ...args.context, ...context } } as never),
      getRequest(`/courses/${slug}/lessons/${lessonId}`, { cookie }),
      { slug, lessonId },
    );

  it("sends the body once: rendered into the document and left out of its data, but in a client-side navigation's data", async () => {
    const learner = await enrolled(BORDER.slug);
    const document = { isDataRequest: false, documentOnly: new Map<string, string>() };
    const asDocument = await loadWith(BORDER.slug, FIRST, learner.cookie, document);
    expect((asDocument.body as LessonBody).lesson.html).toBeUndefined();
    expect(document.documentOnly.get("lesson-body")).toContain("Trafficking requires an act, a means and a purpose");

    const navigation = { isDataRequest: true, documentOnly: new Map<string, string>() };
    const asData = await loadWith(BORDER.slug, FIRST, learner.cookie, navigation);
    expect((asData.body as LessonBody).lesson.html).toContain("Trafficking requires an act, a means and a purpose");
    expect(navigation.documentOnly.size).toBe(0);
  });

  it("names version, language, learner and progress in its ETag: the same page keeps it, a completion changes it", async () => {
    const learner = await enrolled(BORDER.slug);
    const etag = async (lessonId: string, who = learner) => (await lessonPage(BORDER.slug, lessonId, who.cookie)).headers.get("ETag");
    const first = await etag(FIRST);
    expect(first).toMatch(/^W\/"[^"]+"$/);
    expect(await etag(FIRST)).toBe(first);
    expect((await lessonPage(BORDER.slug, FIRST, learner.cookie)).headers.get("Cache-Control")).toBe("private, no-cache");
    expect(await etag(OPTIONAL)).not.toBe(first);

    expectRedirect(await markComplete(BORDER.slug, FIRST, learner.cookie), `/courses/${BORDER.slug}`);
    const afterCompletion = await etag(FIRST);
    expect(afterCompletion).not.toBe(first);
    expect(await etag(FIRST)).toBe(afterCompletion);

    const other = await enrolled(BORDER.slug);
    expect(await etag(FIRST, other)).not.toBe(first);
    const french = await enrolled(BORDER.slug, "fr");
    expect(await etag(FIRST, french)).not.toBe(await etag(FIRST, other));
  });
});

// --- Mark as complete -----------------------------------------------------------------------------------------------

describe("marking a lesson complete", () => {
  it("records the completion once however often it is posted, and goes on to the next lesson", async () => {
    const learner = await enrolled(BORDER.slug);

    const first = await markComplete(BORDER.slug, FIRST, learner.cookie, OPTIONAL);
    expectRedirect(first, `/courses/${BORDER.slug}/lessons/${OPTIONAL}`);
    const [row] = await completionRows(learner, BORDER.slug);
    const second = await markComplete(BORDER.slug, FIRST, learner.cookie, OPTIONAL);

    expectRedirect(second, `/courses/${BORDER.slug}/lessons/${OPTIONAL}`);
    expect(await completionRows(learner, BORDER.slug)).toEqual([row]);
    expect(row).toMatchObject({ lessonId: FIRST });
    const { lesson } = (await lessonPage(BORDER.slug, FIRST, learner.cookie)).body as LessonBody;
    expect(lesson.isComplete).toBe(true);
    const course = await courseOf(BORDER.slug, learner.cookie);
    expect(course.progress).toMatchObject({ lessonsDone: 1, percent: 25 });
    expect(course.continueLessonId).toBe(OPTIONAL);
  });

  it("goes back to the course page after the last lesson", async () => {
    const learner = await enrolled(BORDER.slug);
    expectRedirect(await markComplete(BORDER.slug, LAST, learner.cookie), `/courses/${BORDER.slug}`);
    expect((await completionRows(learner, BORDER.slug)).map((r) => r.lessonId)).toEqual([LAST]);
  });

  it("never redirects to another site, whatever the form says comes next", async () => {
    const learner = await enrolled(BORDER.slug);
    for (const next of ["https://evil.example", "//evil.example", "../../admin"]) {
      expectRedirect(await markComplete(BORDER.slug, FIRST, learner.cookie, next), `/courses/${BORDER.slug}`);
    }
  });

  it("is refused for a learner who is not enrolled, and records nothing", async () => {
    const learner = await register();
    expect((await markComplete(BORDER.slug, FIRST, learner.cookie, OPTIONAL)).status).toBe(403);
    expect(await completionRows(learner, BORDER.slug)).toEqual([]);
  });

  it("answers 404 for a lesson the course does not have", async () => {
    const learner = await enrolled(BORDER.slug);
    expect((await markComplete(BORDER.slug, "no-such-lesson", learner.cookie)).status).toBe(404);
    expect(await completionRows(learner, BORDER.slug)).toEqual([]);
  });

  it("sends a visitor to the login page", async () => {
    const result = await call(lessonRoute.action, formRequest(`/courses/${BORDER.slug}/lessons/${FIRST}`, {}), { slug: BORDER.slug, lessonId: FIRST });
    expectRedirect(result, `/login?redirectTo=${encodeURIComponent(`/courses/${BORDER.slug}/lessons/${FIRST}`)}`);
  });
});

// --- Course completion ----------------------------------------------------------------------------------------------

describe("course completion", () => {
  const completedAt = async (learner: Learner, slug: string) => (await enrolmentOf(learner, slug))[0]!.completedAt;
  const certificateCount = async (learner: Learner, slug: string) =>
    (await db
      .select({ n: count() })
      .from(certificates)
      .where(and(eq(certificates.userId, learner.id), eq(certificates.courseSlug, slug))))[0]!.n;

  it("is recorded once, by the quiz pass that completes every required lesson and quiz", async () => {
    const learner = await enrolled(JUDICIAL.slug);
    await markComplete(JUDICIAL.slug, FIRST, learner.cookie, OPTIONAL);
    await markComplete(JUDICIAL.slug, LAST, learner.cookie);
    expect(await passQuiz(learner, JUDICIAL.slug, QUIZZES[0]!)).toMatchObject({ isComplete: false, isNewlyComplete: false });
    // A failed attempt passes nothing.
    await recordQuiz(learner.id, JUDICIAL.slug, QUIZZES[1]!, 20, false);
    expect(await completedAt(learner, JUDICIAL.slug)).toBeNull();

    const last = await passQuiz(learner, JUDICIAL.slug, QUIZZES[1]!, 80);

    expect(last).toMatchObject({ isComplete: true, isNewlyComplete: true, percent: 100 });
    const recorded = await completedAt(learner, JUDICIAL.slug);
    expect(recorded).not.toBeNull();
    expect(await certificateCount(learner, JUDICIAL.slug)).toBe(1);

    // More activity after completion neither records it again nor issues another certificate.
    expect(await passQuiz(learner, JUDICIAL.slug, QUIZZES[0]!, 100)).toMatchObject({ isComplete: true, isNewlyComplete: false });
    await markComplete(JUDICIAL.slug, OPTIONAL, learner.cookie, LAST);
    expect(await completedAt(learner, JUDICIAL.slug)).toBe(recorded);
    expect(await certificateCount(learner, JUDICIAL.slug)).toBe(1);
    const course = await courseOf(JUDICIAL.slug, learner.cookie);
    expect(course.completedAt).toBe(recorded);
    expect(course.progress).toMatchObject({ isComplete: true, percent: 100, minutesLeft: 0 });
    expect(course.continueLessonId).toBeNull();
  });

  it("is recorded by the lesson that completes the course when the quizzes were passed first", async () => {
    const learner = await enrolled(JUDICIAL.slug);
    for (const quizId of QUIZZES) await passQuiz(learner, JUDICIAL.slug, quizId);
    await markComplete(JUDICIAL.slug, FIRST, learner.cookie, OPTIONAL);
    expect(await completedAt(learner, JUDICIAL.slug)).toBeNull();

    await markComplete(JUDICIAL.slug, LAST, learner.cookie);

    const recorded = await completedAt(learner, JUDICIAL.slug);
    expect(recorded).not.toBeNull();
    await markComplete(JUDICIAL.slug, LAST, learner.cookie);
    expect(await completedAt(learner, JUDICIAL.slug)).toBe(recorded);
    expect(await certificateCount(learner, JUDICIAL.slug)).toBe(1);
  });

  it("does not wait for the optional lesson", async () => {
    const learner = await enrolled(JUDICIAL.slug);
    for (const quizId of QUIZZES) await passQuiz(learner, JUDICIAL.slug, quizId);
    await markComplete(JUDICIAL.slug, FIRST, learner.cookie, OPTIONAL);
    await markComplete(JUDICIAL.slug, LAST, learner.cookie);
    const course = await courseOf(JUDICIAL.slug, learner.cookie);
    expect(course.completedAt).not.toBeNull();
    // Still something to read: "continue" leads to the optional lesson.
    expect(course.continueLessonId).toBe(OPTIONAL);
  });

  it("shows on the dashboard next to the courses still in progress", async () => {
    const learner = await enrolled(JUDICIAL.slug);
    for (const quizId of QUIZZES) await passQuiz(learner, JUDICIAL.slug, quizId);
    for (const lessonId of [FIRST, OPTIONAL, LAST]) await markComplete(JUDICIAL.slug, lessonId, learner.cookie);
    await enrolThroughPage(BORDER.slug, learner.cookie);
    await markComplete(BORDER.slug, FIRST, learner.cookie, OPTIONAL);

    const result = await call(dashboardRoute.loader, getRequest("/dashboard", { cookie: learner.cookie }));

    expect(result.status).toBe(200);
    const { courses: mine } = result.body as {
      courses: { slug: string; completedAt: number | null; continueLessonId: string | null; progress: { lessonsDone: number } }[];
    };
    const bySlug = Object.fromEntries(mine.map((c) => [c.slug, c]));
    expect(Object.keys(bySlug).sort()).toEqual([BORDER.slug, JUDICIAL.slug].sort());
    expect(bySlug[JUDICIAL.slug]).toMatchObject({ continueLessonId: null, progress: { lessonsDone: 2 } });
    expect(bySlug[JUDICIAL.slug]!.completedAt).not.toBeNull();
    expect(bySlug[BORDER.slug]).toMatchObject({ completedAt: null, continueLessonId: OPTIONAL, progress: { lessonsDone: 1 } });
  });
});

// --- Sources and reviewer notes -------------------------------------------------------------------------------------

type SourcesBody = { title: string; bibliography: { key: string; title: string; short: string; url: string | null }[] };
const sourcesPage = (slug: string, cookie?: string) =>
  call(sourcesRoute.loader, getRequest(`/courses/${slug}/sources`, { cookie }), { slug });

describe("the sources page and footnotes", () => {
  it("name each instrument in the learner's language", async () => {
    const french = await enrolled(JUDICIAL.slug, "fr");
    const result = await sourcesPage(JUDICIAL.slug, french.cookie);
    expect(result.status).toBe(200);
    const { bibliography } = result.body as SourcesBody;
    expect(bibliography.map((entry) => [entry.key, entry.short])).toEqual([
      ["tip-protocol", "Protocole relatif à la traite"],
      ["som-protocol", "Protocole relatif au trafic illicite de migrants"],
    ]);
    expect(bibliography[0].title).toMatch(/^Protocole visant à prévenir/);
    expect(bibliography[0].url).toBe("https://treaties.un.org/");

    const english = (await sourcesPage(JUDICIAL.slug)).body as SourcesBody;
    expect(english.bibliography.map((entry) => entry.short)).toEqual(["Trafficking Protocol", "Smuggling Protocol"]);

    const lesson = (await lessonPage(JUDICIAL.slug, OPTIONAL, french.cookie)).body as LessonBody;
    expect(lesson.lesson.html).toContain('class="footnote-source">Protocole relatif au trafic illicite de migrants</a>, art. 3 a)');
    expect(lesson.lesson.html).toContain('href="/courses/judicial-review/sources#som-protocol"');
  });

  it("links no URL that is not http(s), even one that reached the database", async () => {
    const [live] = await db
      .select({ id: courseVersions.id, meta: courseVersions.meta })
      .from(courseVersions)
      .innerJoin(courses, eq(courses.liveVersionId, courseVersions.id))
      .where(eq(courses.slug, EVERYONE.slug));
    const meta = { ...live!.meta, bibliography: live!.meta.bibliography.map((entry) => ({ ...entry, url: "javascript:alert(1)" })) };
    await transaction(async (tx) => {
      await tx.update(courseVersions).set({ meta }).where(eq(courseVersions.id, live!.id));
    });
    // The application never rewrites a version, so it caches what it read; this test's hand edit must be seen.
    forgetCachedVersions();
    const { bibliography } = (await sourcesPage(EVERYONE.slug)).body as SourcesBody;
    expect(bibliography.map((entry) => entry.url)).toEqual([null, null]);
  });
});

describe("reviewer notes", () => {
  it("are stored with the version", async () => {
    const [live] = await db
      .select({ meta: courseVersions.meta })
      .from(courseVersions)
      .innerJoin(courses, eq(courses.liveVersionId, courseVersions.id))
      .where(eq(courses.slug, BORDER.slug));
    expect(live!.meta.reviewerNotes?.map((note) => note.where)).toContain('question "first-step"');
  });

  it("reach no learner page and no stored lesson or quiz", async () => {
    const learner = await enrolled(BORDER.slug);
    const pages = [
      await catalog("", learner.cookie),
      (await coursePage(BORDER.slug, learner.cookie)).body,
      (await lessonPage(BORDER.slug, OPTIONAL, learner.cookie)).body,
      (await sourcesPage(BORDER.slug, learner.cookie)).body,
    ];
    for (const page of pages) {
      expect(JSON.stringify(page)).not.toMatch(/reviewerNotes|NOTE-|UNTC record/);
    }
    const stored = [
      ...(await db.select({ text: lessonBodies.html }).from(lessonBodies)),
      ...(await db.select({ definition: quizDefinitions.definition }).from(quizDefinitions)),
    ];
    expect(stored.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored)).not.toMatch(/reviewerNotes|NOTE-/);
  });
});
