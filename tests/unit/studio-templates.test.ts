import { compileCourse } from "~/courses/compile.server";
import { courseTemplate } from "~/studio/templates";
import { it, expect } from "vitest";
it("compiles", () => {
  const r = compileCourse({ folder: "new-course", files: courseTemplate("new-course", "New"), media: new Map() }, { base: "courses/new-course" });
  expect(r.errors).toEqual([]);
});
