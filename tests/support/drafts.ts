// A studio draft of the fixture course, as the studio's integration tests start from it.
import { readCourseFolder } from "~/courses/course-folder.server";
import { createDraft } from "~/studio/drafts.server";
import { FIXTURE_COURSE } from "./courses";

export function draftOfFixtureCourse(actorId: string): Promise<string> {
  const { course } = readCourseFolder(FIXTURE_COURSE);
  return createDraft({ courseSlug: "fixture-course", baseVersionId: null, files: course!, actorId });
}
