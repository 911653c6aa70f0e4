// What the studio's front page lists: every course with its live version, its open drafts and conflict marks, and
// the drafts of courses not published yet.
import { profilesByIds } from "~/auth/accounts.server";
import { localize } from "~/courses/localize";
import { listCoursesWithLiveVersion } from "~/courses/versions.server";
import { listOpenDrafts, type Draft } from "./drafts.server";

type Locale = "en" | "fr" | "es";

function draftSummary(draft: Draft, names: Map<string, { fullName: string }>) {
  return {
    id: draft.id,
    state: draft.state,
    isConflict: draft.isConflict,
    updatedAt: draft.updatedAt,
    updatedBy: draft.updatedBy ? (names.get(draft.updatedBy)?.fullName ?? null) : null,
  };
}

export async function studioOverview(locale: Locale) {
  const [courses, drafts] = await Promise.all([listCoursesWithLiveVersion(), listOpenDrafts()]);
  const names = await profilesByIds(drafts.flatMap((d) => (d.updatedBy ? [d.updatedBy] : [])));
  const known = new Set(courses.map((c) => c.slug));
  return {
    courses: courses.map((course) => ({
      slug: course.slug,
      isArchived: course.archivedAt !== null,
      title: course.live ? localize(course.live.title, locale, course.live.defaultLanguage) : course.slug,
      liveLabel: course.live?.label ?? null,
      drafts: drafts.filter((d) => d.courseSlug === course.slug).map((d) => draftSummary(d, names)),
    })),
    newCourses: drafts.filter((d) => !known.has(d.courseSlug)).map((d) => ({ slug: d.courseSlug, ...draftSummary(d, names) })),
  };
}
