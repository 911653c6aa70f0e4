// Moving a module or a lesson in a draft exchanges numeric prefixes with its neighbour (app/studio/files.ts).
import { describe, expect, it } from "vitest";
import { reorderRenames } from "~/studio/files";

const paths = [
  "course.yaml",
  "bibliography.yaml",
  "01-definitions/module.yaml",
  "01-definitions/01-trafficking.md",
  "01-definitions/01-trafficking.fr.md",
  "01-definitions/02-smuggling.md",
  "01-definitions/03-smuggling-at-sea.md",
  "01-definitions/media/map.png",
  "01-definitions/quiz.yaml",
  "02-response/module.yaml",
  "02-response/01-referral.md",
  "02-response/quiz.yaml",
];

describe("reorderRenames", () => {
  it("moves a module down with everything in its folder, and its neighbour up", () => {
    expect(Object.fromEntries(reorderRenames(paths, "01-definitions/module.yaml", "down"))).toEqual({
      "01-definitions/module.yaml": "02-definitions/module.yaml",
      "01-definitions/01-trafficking.md": "02-definitions/01-trafficking.md",
      "01-definitions/01-trafficking.fr.md": "02-definitions/01-trafficking.fr.md",
      "01-definitions/02-smuggling.md": "02-definitions/02-smuggling.md",
      "01-definitions/03-smuggling-at-sea.md": "02-definitions/03-smuggling-at-sea.md",
      "01-definitions/media/map.png": "02-definitions/media/map.png",
      "01-definitions/quiz.yaml": "02-definitions/quiz.yaml",
      "02-response/module.yaml": "01-response/module.yaml",
      "02-response/01-referral.md": "01-response/01-referral.md",
      "02-response/quiz.yaml": "01-response/quiz.yaml",
    });
    expect(reorderRenames(paths, "02-response/module.yaml", "up")).toEqual(reorderRenames(paths, "01-definitions/module.yaml", "down"));
  });

  it("moves a lesson with its translations, and its neighbour the other way", () => {
    expect(Object.fromEntries(reorderRenames(paths, "01-definitions/01-trafficking.md", "down"))).toEqual({
      "01-definitions/01-trafficking.md": "01-definitions/02-trafficking.md",
      "01-definitions/01-trafficking.fr.md": "01-definitions/02-trafficking.fr.md",
      "01-definitions/02-smuggling.md": "01-definitions/01-smuggling.md",
    });
  });

  it("has nothing to do at either end, or for a file that is neither a module nor a lesson", () => {
    expect(reorderRenames(paths, "01-definitions/module.yaml", "up").size).toBe(0);
    expect(reorderRenames(paths, "02-response/module.yaml", "down").size).toBe(0);
    expect(reorderRenames(paths, "02-response/01-referral.md", "up").size).toBe(0);
    expect(reorderRenames(paths, "01-definitions/quiz.yaml", "down").size).toBe(0);
    expect(reorderRenames(paths, "no-such/module.yaml", "down").size).toBe(0);
  });
});
