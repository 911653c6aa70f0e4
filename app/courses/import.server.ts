// Course files → database versions. All or nothing per course: a course that fails validation is reported and
// its live version stays; an unchanged course (same content hash) makes no new version.
import { and, desc, eq, sql } from "drizzle-orm";
import path from "node:path";
import { db, transaction, type Tx } from "~/db.server";
import { randomId } from "~/ids.server";
import { type CourseVersionMeta, type Localized, type VersionOrigin } from "#db/schema/courses";
import { storeQuizDefinitions } from "~/quiz/definitions.server";
import { LANGUAGES } from "./format";
import { compileCourse, formatCourseError, type LoadedCourse } from "./compile.server";
import { courseFilesHash, type CourseFiles } from "./course-files.server";
import { listCourseFolders } from "./course-folder.server";
import { compileFolder, readFolder } from "./load.server";
import { courseImages, courseModules, courseVersionFiles, courseVersionImages, courseVersions, courses, lessonBodies, lessons } from "#db/tables/courses";
import { confirmImageTypes } from "./images.server";

export type ImportOutcome =
  | { slug: string; outcome: "created" | "updated" | "unchanged"; versionId: string }
  | { slug: string; outcome: "rejected"; errors: string[] }
  /** ADR 0018: the folder changed after a studio publication; it became a conflict draft (if a studio takes it). */
  | { slug: string; outcome: "conflict"; liveVersion: VersionRef; diskLabel: string; draftId?: string };

export type VersionRef = { id: string; label: string };

/** Where a version came from and, for a studio or zip publication, its sign-off (ADR 0018, ADR 0026). */
export type VersionProvenance =
  | { origin: "disk"; diskHash: string }
  | {
      origin: Exclude<VersionOrigin, "disk">;
      publishedBy: string;
      approvedBy: string | null;
      approvedAt: number | null;
      approvalNote: string | null;
      changeNote: string;
      isUrgentCorrection: boolean;
    };

/** A disk change that arrived after a studio publication, handed to whoever keeps drafts (the studio). */
export type DiskConflict = { slug: string; files: CourseFiles; diskHash: string; diskLabel: string; liveVersion: VersionRef };
export type ImportHooks = { onDiskConflict?: (conflict: DiskConflict) => Promise<string | undefined> };

const LEARNER_BIBLIOGRAPHY_HREF = (slug: string, key: string) => `/courses/${slug}/sources#${key}`;

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

function provenanceColumns(provenance: VersionProvenance | undefined, contentHash: string) {
  if (!provenance) return { origin: "disk" as const, diskHash: contentHash };
  if (provenance.origin === "disk") return { origin: "disk" as const, diskHash: provenance.diskHash };
  return { ...provenance, diskHash: null };
}

/**
 * Makes `course` the live version (a new one unless the same content was imported before). `source` stores the
 * files it was compiled from with the version, and where they came from; without it, a disk import.
 */
export async function importCourse(
  course: LoadedCourse,
  now = Date.now(),
  source?: { files: CourseFiles; provenance: VersionProvenance },
): Promise<ImportOutcome> {
  const imageProblems = await imageTypeProblems(course);
  if (imageProblems) return imageProblems;
  return transaction((tx) => importCourseIn(tx, course, now, source));
}

/**
 * The compiler recognised each image by its signature; file-type's fuller parse confirms it before a learner's
 * browser is ever handed the bytes with that Content-Type (courses/README.md, Images).
 */
async function imageTypeProblems(course: LoadedCourse): Promise<ImportOutcome | undefined> {
  const problems = await confirmImageTypes(course.images);
  return problems.length > 0 ? { slug: course.slug, outcome: "rejected", errors: problems } : undefined;
}

async function importCourseIn(
  tx: Tx,
  course: LoadedCourse,
  now: number,
  source?: { files: CourseFiles; provenance: VersionProvenance },
): Promise<ImportOutcome> {
  {
    const [existing] = await tx.select().from(courses).where(eq(courses.slug, course.slug)).limit(1);
    const [same] = await tx
      .select({ id: courseVersions.id })
      .from(courseVersions)
      .where(and(eq(courseVersions.courseSlug, course.slug), eq(courseVersions.contentHash, course.contentHash)))
      .limit(1);
    if (same) {
      if (source) await storeVersionFiles(tx, same.id, source.files);
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
        ...provenanceColumns(source?.provenance, course.contentHash),
      });
    if (source) await storeVersionFiles(tx, versionId, source.files);
    for (const image of course.images) {
      // Stored once by content, however many versions show it.
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
  }
}

async function storeVersionFiles(tx: Tx, versionId: string, source: CourseFiles) {
  const rows = [
    ...[...source.files].map(([path, text]) => ({ versionId, path, text, bytes: null })),
    ...[...source.media].map(([path, bytes]) => ({ versionId, path, text: null, bytes: Buffer.from(bytes) })),
  ];
  // In slices: SQLite limits the variables of one statement.
  for (let start = 0; start < rows.length; start += 100) {
    await tx.insert(courseVersionFiles).values(rows.slice(start, start + 100)).onConflictDoNothing();
  }
}

/**
 * A file map (from the studio or a zip) → a new live version, through the same compiler and import as a folder:
 * progress stays keyed to stable ids, attempts finish on their version, certificates name theirs. Invalid files
 * change nothing and come back as `file:line: message` errors, worded as `npm run courses:check` words them.
 */
export async function publishCourseFiles(
  files: CourseFiles,
  provenance: Exclude<VersionProvenance, { origin: "disk" }>,
  options: {
    now?: number;
    /** Runs in the publication's transaction (the studio marks its draft published and audits, all or nothing). */
    alongside?: (tx: Tx, versionId: string) => Promise<void>;
  } = {},
): Promise<ImportOutcome> {
  const now = options.now ?? Date.now();
  const result = compileCourse(files, { base: courseBase(files), bibliographyHref: LEARNER_BIBLIOGRAPHY_HREF });
  if (!result.course) return { slug: files.folder ?? "", outcome: "rejected", errors: result.errors.map(formatCourseError) };
  const course = result.course;
  const imageProblems = await imageTypeProblems(course);
  if (imageProblems) return imageProblems;
  return transaction(async (tx) => {
    const outcome = await importCourseIn(tx, course, now, { files, provenance });
    if ("versionId" in outcome) await options.alongside?.(tx, outcome.versionId);
    return outcome;
  });
}

/** Error paths as `npm run courses:check` prints them for the course's folder in the repository. */
export function courseBase(files: Pick<CourseFiles, "folder">): string {
  return files.folder ? `courses/${files.folder}` : "courses";
}

/** Checks a file map exactly as the folder door and `npm run courses:check` do, without importing it. */
export function checkCourseFiles(files: CourseFiles) {
  return compileCourse(files, { base: courseBase(files), bibliographyHref: LEARNER_BIBLIOGRAPHY_HREF });
}

/**
 * What ADR 0018's start-up rule needs about a course: the hash of the folder last imported from disk (versions
 * from before origins were recorded count as disk versions of their content hash) and whether the studio published
 * after it.
 */
async function diskState(slug: string) {
  const [lastDisk] = await db
    .select({ hash: sql<string>`coalesce(${courseVersions.diskHash}, ${courseVersions.contentHash})`, importedAt: courseVersions.importedAt })
    .from(courseVersions)
    .where(and(eq(courseVersions.courseSlug, slug), eq(courseVersions.origin, "disk")))
    .orderBy(desc(courseVersions.importedAt))
    .limit(1);
  const [live] = await db
    .select({ id: courseVersions.id, label: courseVersions.label, origin: courseVersions.origin, importedAt: courseVersions.importedAt })
    .from(courses)
    .innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
    .where(eq(courses.slug, slug))
    .limit(1);
  const [laterStudio] = await db
    .select({ id: courseVersions.id })
    .from(courseVersions)
    .where(
      and(
        eq(courseVersions.courseSlug, slug),
        sql`${courseVersions.origin} <> 'disk'`,
        lastDisk ? sql`${courseVersions.importedAt} >= ${lastDisk.importedAt}` : undefined,
      ),
    )
    .limit(1);
  return { lastDiskHash: lastDisk?.hash, live, isStudioLater: laterStudio !== undefined };
}

/** One course folder; whatever goes wrong with it is that course's rejection, never the caller's exception. */
async function importFolder(coursesDir: string, folder: string, now: number, hooks: ImportHooks): Promise<ImportOutcome> {
  const dir = path.join(coursesDir, folder);
  try {
    const read = readFolder(dir);
    const state = await diskState(folder);
    // ADR 0018: the folder is compared with what was last imported from disk, not with the live version, so an
    // unchanged folder never replaces a studio publication. Hashing is cheap; compiling is not.
    const hash = read.course && read.errors.length === 0 ? courseFilesHash(read.course) : undefined;
    if (hash !== undefined && (hash === state.lastDiskHash || (!state.isStudioLater && (await liveVersionWithHash(folder, hash))))) {
      await backfillVersionFiles(folder, hash, read.course!);
      return { slug: folder, outcome: "unchanged", versionId: state.live?.id ?? "" };
    }
    const result = compileFolder(read, { bibliographyHref: LEARNER_BIBLIOGRAPHY_HREF });
    if (!result.course) return { slug: folder, outcome: "rejected", errors: result.errors.map(formatCourseError) };
    if (state.isStudioLater && state.live) {
      const diskLabel = result.course.meta.version;
      const draftId = await hooks.onDiskConflict?.({ slug: folder, files: read.course!, diskHash: hash!, diskLabel, liveVersion: state.live });
      return { slug: folder, outcome: "conflict", liveVersion: { id: state.live.id, label: state.live.label }, diskLabel, draftId };
    }
    return await importCourse(result.course, now, { files: read.course!, provenance: { origin: "disk", diskHash: hash! } });
  } catch (error) {
    return { slug: folder, outcome: "rejected", errors: [`${folder}: could not be imported: ${(error as Error).message}`] };
  }
}

export async function importCoursesFrom(coursesDir: string, now = Date.now(), hooks: ImportHooks = {}): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  await importCoursesGradually(coursesDir, (outcome) => outcomes.push(outcome), now, hooks);
  return outcomes;
}

/**
 * Imports course by course, yielding to the event loop between courses: the server imports after it starts
 * listening, so requests (served from the live versions) never wait for the whole curriculum to compile.
 */
export async function importCoursesGradually(
  coursesDir: string,
  onOutcome: (outcome: ImportOutcome) => void,
  now = Date.now(),
  hooks: ImportHooks = {},
) {
  for (const folder of listCourseFolders(coursesDir)) {
    await new Promise((resolve) => setImmediate(resolve));
    onOutcome(await importFolder(coursesDir, folder, now, hooks));
  }
}

/** Versions imported before their files were kept get them from the unchanged folder, so they can be diffed. */
async function backfillVersionFiles(slug: string, hash: string, files: CourseFiles) {
  const [version] = await db
    .select({ id: courseVersions.id, stored: sql<number>`(select count(*) from ${courseVersionFiles} where ${courseVersionFiles.versionId} = ${courseVersions.id})` })
    .from(courseVersions)
    .where(and(eq(courseVersions.courseSlug, slug), eq(courseVersions.contentHash, hash)))
    .limit(1);
  if (version && Number(version.stored) === 0) await transaction((tx) => storeVersionFiles(tx, version.id, files));
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
