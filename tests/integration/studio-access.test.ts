// Only trainers (reviewers among them) and admins reach the studio: every studio route's loader and action, found
// by file name so a new studio page cannot be forgotten, answers 403 to learners and supervisors (issue 13).
import { beforeAll, describe, expect, it } from "vitest";
import { startQuizPreview } from "~/studio/quiz-preview.server";
import { createCourseDraft, publishDraft } from "~/studio/workflow.server";
import { insertAccount, type Account } from "../support/accounts";
import { call, formRequest, getRequest } from "./http";
import { freshDatabase } from "./db";

type RouteModule = { loader?: (args: never) => unknown; action?: (args: never) => unknown };
const modules = import.meta.glob<RouteModule>("../../app/routes/studio*.tsx", { eager: true });

let draftId: string;
let versionId: string;
const people: Record<string, Account> = {};
/** A quiz preview of each person's own (a preview is its starter's only); learners' are never reached. */
const previews: Record<string, string> = {};

beforeAll(async () => {
  await freshDatabase();
  for (const role of ["learner", "supervisor", "trainer", "admin"] as const) people[role] = await insertAccount({ role });
  const published = await createCourseDraft({ id: people.trainer!.id, role: "trainer", isReviewer: false }, { slug: "access-course", title: "Access" });
  versionId = ((await publishDraft({ id: people.admin!.id, role: "admin", isReviewer: false }, published, { urgent: true, changeNote: "First" })) as { versionId: string }).versionId;
  draftId = await createCourseDraft({ id: people.trainer!.id, role: "trainer", isReviewer: false }, { slug: "access-draft", title: "Access" });
  for (const role of ["trainer", "admin"] as const) {
    previews[role] = await startQuizPreview(people[role]!.id, { kind: "draft", draftId }, "introduction-quiz", "en");
  }
  previews.learner = previews.supervisor = previews.trainer!;
});

/** The URL and params a route file stands for, with the draft made above and a real file of it. */
function target(file: string, role = "trainer") {
  const name = file.split("/").pop()!.replace(/\.tsx$/, "");
  const params: Record<string, string> = {};
  const path = name
    .split(".")
    .filter((segment) => segment !== "_index")
    // `$quizId_` (Remix: not nested in its parent's layout) names the same parameter.
    .map((segment) => segment.replace(/_$/, ""))
    .map((segment) => {
      if (segment === "$draftId") return (params.draftId = draftId);
      if (segment === "$slug") return (params.slug = "access-course");
      if (segment === "$quizId") return (params.quizId = "introduction-quiz");
      if (segment === "$versionId") return (params.versionId = versionId);
      if (segment === "$module") return (params.module = "01-introduction");
      if (segment === "$question") return (params.question = "1");
      if (segment === "$previewId") return (params.previewId = previews[role]!);
      if (segment === "$") return (params["*"] = "course.yaml");
      if (segment.startsWith("$")) return (params[segment.slice(1)] = "x");
      return segment;
    })
    .join("/");
  return { url: `/${path}`, params };
}

const studioRoutes = Object.entries(modules);

describe("studio access", () => {
  it("finds the studio's routes", () => {
    expect(studioRoutes.length).toBeGreaterThanOrEqual(4);
  });

  for (const role of ["learner", "supervisor"] as const) {
    it(`refuses a ${role} on every studio URL and action`, async () => {
      for (const [file, module] of studioRoutes) {
        const { url, params } = target(file, role);
        const cookie = people[role]!.cookie;
        if (module.loader) {
          const answer = await call(module.loader as never, getRequest(url, { cookie }), params);
          expect([403, 404], `${role} GET ${url}`).toContain(answer.status);
        }
        if (module.action) {
          const answer = await call(module.action as never, formRequest(url, { intent: "create", slug: "x", title: "x", text: "x", revision: "1", path: "course.yaml" }, { cookie }), params);
          expect([403, 404], `${role} POST ${url}`).toContain(answer.status);
        }
      }
    });
  }

  it("sends a visitor who is not signed in to the login page", async () => {
    for (const [file, module] of studioRoutes) {
      const { url, params } = target(file);
      if (!module.loader) continue;
      const answer = await call(module.loader as never, getRequest(url), params);
      expect(answer.status, url).toBe(302);
      expect(answer.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
  });

  for (const role of ["trainer", "admin"] as const) {
    it(`lets a ${role} in`, async () => {
      for (const [file, module] of studioRoutes) {
        const { url, params } = target(file, role);
        if (!module.loader) continue;
        const answer = await call(module.loader as never, getRequest(url, { cookie: people[role]!.cookie }), params);
        // 302: a version's index sends to its first lesson; 405: autosave takes POST only.
        expect([200, 302, 405], `${role} GET ${url}`).toContain(answer.status);
      }
    });
  }
});
