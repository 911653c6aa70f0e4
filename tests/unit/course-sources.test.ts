// Link targets from course files and the bibliography as learners read it (courses/README.md, URLs and
// Localised bibliography).
import { describe, expect, it } from "vitest";
import { isSafeHref } from "~/courses/safe-href";
import { learnerSource, sourceIn } from "~/courses/sources";

describe("isSafeHref", () => {
  it.each(["https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY", "http://www.ilo.org/normlex", "HTTPS://hudoc.echr.coe.int/"])(
    "accepts the web URL %s",
    (href) => expect(isSafeHref(href)).toBe(true),
  );

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "mailto:desk@example.org",
    "file:///etc/passwd",
    "https://",
    "",
  ])("refuses %j", (href) => expect(isSafeHref(href)).toBe(false));

  it("accepts same-site relative links only where the format allows them", () => {
    expect(isSafeHref("/courses/x/sources#tip", { allowRelative: true })).toBe(true);
    expect(isSafeHref("#fn-1", { allowRelative: true })).toBe(true);
    expect(isSafeHref("/courses/x/sources")).toBe(false);
    expect(isSafeHref("//evil.example/x", { allowRelative: true })).toBe(false);
    expect(isSafeHref("/\\evil.example/x", { allowRelative: true })).toBe(false);
    expect(isSafeHref("\\\\evil.example\\x", { allowRelative: true })).toBe(false);
  });
});

const TIP = {
  key: "tip-protocol",
  title: "Protocol to Prevent, Suppress and Punish Trafficking in Persons",
  short: "Trafficking Protocol",
  year: 2000,
  reference: "UNTS vol. 2237, p. 319",
  url: "https://treaties.un.org/",
  localized: { fr: { title: "Protocole visant à prévenir, réprimer et punir la traite des personnes", short: "Protocole relatif à la traite" } },
  reviewerNotes: "Checked against UNTC.",
};

describe("a source in the learner's language", () => {
  it("takes the localized names where the entry has them, else the default language's", () => {
    expect(sourceIn(TIP, "fr")).toEqual({ title: TIP.localized.fr.title, short: "Protocole relatif à la traite" });
    expect(sourceIn(TIP, "es")).toEqual({ title: TIP.title, short: "Trafficking Protocol" });
    expect(sourceIn(TIP, "en")).toEqual({ title: TIP.title, short: "Trafficking Protocol" });
  });

  it("gives a learner page only the fields it shows, and no URL that is not http(s)", () => {
    expect(learnerSource(TIP, "fr")).toEqual({
      key: "tip-protocol",
      title: TIP.localized.fr.title,
      short: "Protocole relatif à la traite",
      year: 2000,
      reference: "UNTS vol. 2237, p. 319",
      url: "https://treaties.un.org/",
    });
    expect(learnerSource({ ...TIP, url: "javascript:alert(1)" }, "en").url).toBeNull();
    expect(JSON.stringify(learnerSource(TIP, "en"))).not.toContain("UNTC");
  });
});
