// Course files → database versions. All or nothing per course: a course that fails validation is reported and
// its live version stays; an unchanged course (same content hash) makes no new version.
import { and, eq } from "drizzle-orm";
import path from "node:path";
import { db, transaction } from "~/db.server";
import { randomId } from "~/ids.server";
import { type CourseVersionMeta, type Localized } from "#db/schema/courses";
import { storeQuizDefinitions } from "~/quiz/definitions.server";
import { LANGUAGES } from "./format";
import { formatCourseError, type LoadedCourse } from "./compile.server";
import { courseFilesHash } from "./course-files.server";
import { listCourseFolders } from "./course-folder.server";
import { compileFolder, readFolder } from "./load.server";
import { courseImages, courseModules, courseVersionImages, courseVersions, courses, lessonBodies, lessons } from "#db/tables/courses";
import { confirmImageTypes } from "./images.server";

export type ImportOutcome =
  | { slug: string; outcome: "created" | "updated" | "unchanged"; versionId: string }
  | { slug: string; outcome: "rejected"; errors: string[] };

function versionMeta(course: LoadedCourse): CourseVersionMeta {
  const { meta } = course;
  return {
    title: course.title,
    summary: course.summary,
    objectives: course.objectives,
    audiences: meta.audiences,
    languages: meta.languages,
    defaultLanguage: meta.defaultLanguage,
    estimatedHours: meta.estimatedHours,
    creditHours: meta.creditHours,
    passMark: meta.passMark,
    certificateValidityMonths: meta.certificateValidityMonths,
    enrolment: meta.enrolment,
    prerequisites: meta.prerequisites,
    bibliography: course.bibliography,
    reviewerNotes: course.reviewerNotes,
  };
}

function searchText(course: LoadedCourse) {
  return [...Object.values(course.title), ...Object.values(course.summary)].join(" \n").toLowerCase();
}

/** Objectives per language → one entry per objective id with its text in each language. */
function objectivesById(objectives: Localized<{ id: string; text: string }[]>) {
  const byId = new Map<string, Localized>();
  for (const language of LANGUAGES) {
    for (const objective of objectives[language] ?? []) {
      byId.set(objective.id, { ...byId.get(objective.id), [language]: objective.text });
    }
  }
  return [...byId].map(([id, text]) => ({ id, text }));
}

export async function importCourse(course: LoadedCourse, now = Date.now()): Promise<ImportOutcome> {
  // The compiler recognised each image by its signature; file-type's fuller parse confirms it before a learner's
  // browser is ever handed the bytes with that Content-Type.
  const imageProblems = await confirmImageTypes(course.images);
  if (imageProblems.length > 0) return { slug: course.slug, outcome: "rejected", errors: imageProblems };
  return transaction(async (tx): Promise<ImportOutcome> => {
    const [existing] = await tx.select().from(courses).where(eq(courses.slug, course.slug)).limit(1);
    const [same] = await tx
      .select({ id: courseVersions.id })
      .from(courseVersions)
      .where(and(eq(courseVersions.courseSlug, course.slug), eq(courseVersions.contentHash, course.contentHash)))
      .limit(1);
    if (same) {
      if (existing?.liveVersionId !== same.id) {
        await tx.update(courses).set({ liveVersionId: same.id }).where(eq(courses.slug, course.slug));
        return { slug: course.slug, outcome: "updated", versionId: same.id };
      }
      return { slug: course.slug, outcome: "unchanged", versionId: same.id };
    }
    if (!existing) await tx.insert(courses).values({ slug: course.slug, createdAt: now });

    const versionId = randomId();
    await tx
      .insert(courseVersions)
      .values({
        id: versionId,
        courseSlug: course.slug,
        label: course.meta.version,
        contentHash: course.contentHash,
        meta: versionMeta(course),
        searchText: searchText(course),
        importedAt: now,
      });
    for (const image of course.images) {
      await tx
        .insert(courseImages)
        .values({ sha256: image.sha256, contentType: image.type, bytes: Buffer.from(image.bytes) })
        .onConflictDoNothing();
      await tx.insert(courseVersionImages).values({ versionId, path: image.path, sha256: image.sha256 });
    }
    let position = 0;
    for (const module of course.modules) {
      const quizId = Object.values(module.quiz)[0]!.id;
      await tx
        .insert(courseModules)
        .values({ versionId, moduleId: module.id, position: module.position, title: module.title, objectives: objectivesById(module.objectives), quizId });
      for (const lesson of module.lessons) {
        position += 1;
        await tx
          .insert(lessons)
          .values({
            versionId,
            lessonId: lesson.id,
            moduleId: module.id,
            position,
            minutes: lesson.minutes,
            required: lesson.required,
            title: lesson.title,
          });
        for (const language of LANGUAGES) {
          const html = lesson.html[language];
          if (html === undefined) continue;
          await tx
            .insert(lessonBodies)
            .values({
              versionId,
              lessonId: lesson.id,
              language,
              html,
              wordCount: lesson.wordCount[language] ?? 0,
              isOutdated: lesson.outdated.includes(language),
            });
        }
      }
      await storeQuizDefinitions(
        tx,
        versionId,
        LANGUAGES.flatMap((language) => {
          const definition = module.quiz[language];
          return definition ? [{ quizId: definition.id, moduleId: module.id, language, definition }] : [];
        }),
      );
    }
    await tx.update(courses).set({ liveVersionId: versionId }).where(eq(courses.slug, course.slug));
    return { slug: course.slug, outcome: existing ? "updated" : "created", versionId };
  });
}

/** One course folder; whatever goes wrong with it is that course's rejection, never the caller's exception. */
async function importFolder(coursesDir: string, folder: string, now: number): Promise<ImportOutcome> {
  const dir = path.join(coursesDir, folder);
  try {
    const read = readFolder(dir);
    // Start-up imports every course: hashing the files is cheap, validating and compiling them is not, so an
    // unchanged live course is recognised by its hash alone.
    if (read.course && read.errors.length === 0) {
      const live = await liveVersionWithHash(folder, courseFilesHash(read.course));
      if (live) return { slug: folder, outcome: "unchanged", versionId: live.id };
    }
    const result = compileFolder(read, { bibliographyHref: (slug, key) => `/courses/${slug}/sources#${key}` });
    if (!result.course) return { slug: folder, outcome: "rejected", errors: result.errors.map(formatCourseError) };
    return await importCourse(result.course, now);
  } catch (error) {
    return { slug: folder, outcome: "rejected", errors: [`${folder}: could not be imported: ${(error as Error).message}`] };
  }
}

export async function importCoursesFrom(coursesDir: string, now = Date.now()): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  await importCoursesGradually(coursesDir, (outcome) => outcomes.push(outcome), now);
  return outcomes;
}

/**
 * Imports course by course, yielding to the event loop between courses: the server imports after it starts
 * listening, so requests (served from the live versions) never wait for the whole curriculum to compile.
 */
export async function importCoursesGradually(coursesDir: string, onOutcome: (outcome: ImportOutcome) => void, now = Date.now()) {
  for (const folder of listCourseFolders(coursesDir)) {
    await new Promise((resolve) => setImmediate(resolve));
    onOutcome(await importFolder(coursesDir, folder, now));
  }
}

async function liveVersionWithHash(slug: string, hash: string) {
  const [live] = await db
    .select({ id: courseVersions.id })
    .from(courses)
    .innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
    .where(and(eq(courses.slug, slug), eq(courseVersions.contentHash, hash)))
    .limit(1);
  return live;
}
