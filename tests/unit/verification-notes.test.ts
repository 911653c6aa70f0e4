// The no-verification-note rule (courses/README.md, Reviewer notes): notes about the course's own sources fail,
// ordinary legal uses of "verify" pass. The failing examples are the notes the 2026-11 legal review found.
import { describe, expect, it } from "vitest";
import { findVerificationNotes } from "~/courses/verification-notes";

const phrases = (text: string) => findVerificationNotes(text).map((note) => note.phrase);

describe("notes that fail in any language", () => {
  it.each([
    ["not been verified for this course", "the exact wording of article 3(2) has not been verified for this course."],
    ["not been checked for this course", "Pin-cites circulate widely but have not been checked for this course."],
    ["Verify any paragraph in HUDOC", "Verify any paragraph in HUDOC before you\nquote it."],
    ["confirm it in HUDOC", 'where a passage is "usually cited" at a paragraph, confirm it in HUDOC before quoting.'],
    ["confirm the exact wording in the official text", "[[ilo-c189, art. 8]] (confirm the exact wording in the official text)."],
    ["Check the exact text", "Check the exact text before relying on it in a decision."],
    ["check the article number against the Official Journal", "and check the article number against the Official Journal version."],
    ["is reported to have held", "the Court is reported to have held that very weighty reasons"],
    ["of uncertain date", "A Council of Europe chart of uncertain date indicates"],
    ["not yet verified", "The pin-cite is not yet verified."],
    ["unverified citation", "This is an unverified citation."],
    ["(to be confirmed)", "§ 42 (to be confirmed)"],
    ["(not verified)", "adopted on 4 May 1990 (not verified)"],
    ["citation needed", "Most States apply it [citation needed]."],
    ["TODO", "TODO: add the judgment's date"],
    ["TBC", "Entered into force in 2003 (TBC)."],
    ["Check the official text", "Check the official text."],
  ])("English: %s", (phrase, text) => {
    expect(phrases(text)).toEqual([phrase]);
  });

  it.each([
    ["Vérifiez le texte exact", "Vérifiez le texte exact avant de vous en prévaloir dans une décision."],
    ["vérifiées dans les textes officiels", "leurs conditions précises doivent être vérifiées dans les textes officiels."],
    ["Référence à vérifier", "Référence à vérifier."],
    ["(à vérifier)", "Entrée en vigueur en 2003 (à vérifier)."],
    ["numéro non vérifié", "Le numéro non vérifié du paragraphe."],
    ["n'a pas encore été vérifié pour ce cours", "Ce passage n'a pas encore été vérifié pour ce cours."],
    ["Vérifiez les termes exacts", "Vérifiez les termes exacts de l'article 6."],
  ])("French: %s", (phrase, text) => {
    expect(phrases(text)).toEqual([phrase]);
  });

  it.each([
    ["(por verificar)", "Entró en vigor en 2003 (por verificar)."],
    ["cita no verificad", "Es una cita no verificada."],
    ["Compruebe la redacción exacta", "Compruebe la redacción exacta antes de citarla."],
    ["no ha sido verificado", "Este párrafo no ha sido verificado."],
    ["por confirmar", "La referencia está por confirmar."],
    ["verifique en HUDOC", "Antes de citar el párrafo, verifique en HUDOC."],
  ])("Spanish: %s", (phrase, text) => {
    expect(phrases(text)).toEqual([phrase]);
  });

  it("finds a phrase through Markdown emphasis and gives its offset in the text", () => {
    const text = "First line.\nThe paragraph is *not yet* verified.";
    expect(findVerificationNotes(text)).toEqual([{ index: text.indexOf("not"), phrase: "not yet verified" }]);
  });
});

describe("ordinary legal uses that pass", () => {
  it.each([
    "States shall verify nationality on request and issue the necessary travel documents.",
    "Do not release the child to an adult whose relationship is unverified.",
    "No. The relationship is unverified, and releasing a possibly trafficked child could expose him to exploitation.",
    "His age has not been verified, so he is treated as a child until it is.",
    "Her nationality is still to be confirmed by the consulate.",
    "Detention must pursue a legitimate aim such as verifying identity.",
    "Only a proper assessment can confirm refugee status.",
    "Verify the relationship with the same care you would apply to any other claim.",
    "The officer checks the passport against the watch list.",
    "Check the exact terms in your national code, which will decide what a prosecutor can charge.",
    "Check the ratification status of C189 in the State concerned at the date of your decision.",
    "Judgments of the Court are published in HUDOC.",
    "Consult the full judgment in HUDOC.",
    "The Grand Chamber confirmed this reading in Khlaifia, in the original judgment's §§ 158-159.",
    "L'agent vérifie le droit national.",
    "Vérifiez votre propre code : dans la plupart des cas, la liste est plus longue.",
    "Vérifiez les termes exacts de votre code pénal : ce sont eux qui déterminent ce que le parquet peut retenir.",
    "Ne confiez pas l'enfant à un adulte dont le lien avec lui n'est pas vérifié.",
    "Les points à vérifier lors de l'entretien sont l'âge et la langue.",
    "Todo migrante tiene derecho a la vida. Todo Estado verificará la nacionalidad a solicitud.",
    "La relación no está verificada todavía.",
  ])("%s", (text) => {
    expect(phrases(text)).toEqual([]);
  });

  it("leaves alone an HTML comment in Markdown, which the compiler drops, but not in a plain-text field", () => {
    const text = "<!-- TODO: a reviewer's comment -->\nArticle 3 defines trafficking.";
    expect(phrases(text)).toEqual(["TODO"]);
    expect(findVerificationNotes(text, { isMarkdown: true })).toEqual([]);
  });
});
