// The no-verification-note rule (courses/README.md, "Reviewer notes"): learner-visible text must not tell the
// reader that the course's own statements or citations are unverified, or ask the reader to verify them. Such
// notes belong in `reviewerNotes`. Ordinary legal uses of "verify" (a State verifies nationality on request; an
// officer notes that a relationship is unverified) are not notes about the course and must pass, so the list
// has two tiers:
// - phrases that are notes whatever surrounds them ("citation needed", "verify … in HUDOC", "unverified
//   citation", "(to be confirmed)", TODO);
// - hedges that are notes only when their sentence is about the course's sources ("has not been verified" next
//   to "paragraph", "wording", "this course", "HUDOC"…), because "his age has not been verified" is a fact
//   pattern, not a note.
// Pure: takes text, returns where the notes are; the loader turns offsets into file:line.

export type VerificationNote = {
  /** Offset of the phrase in the text given. */
  index: number;
  /** The phrase as written (whitespace collapsed). */
  phrase: string;
};

const GAP = String.raw`\s+`;
const w = (phrase: string) => phrase.trim().split(/\s+/).join(GAP);

const DATABASES = String.raw`HUDOC|EUR-?Lex|CURIA|UNTC|NORMLEX|Refworld|(?:UN${GAP})?Treaty${GAP}Collection|Official${GAP}Journal|Journal${GAP}officiel|Diario${GAP}Oficial`;

// Words that make a sentence about the course's sources (EN, FR, ES).
const SELF_REFERENCE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:` +
    [
      String.raw`citations?|references?|quotations?|quotes?|paragraphs?|pin-?cites?|pinpoints?|wording|locators?|footnotes?`,
      String.raw`official${GAP}(?:text|source|version)s?|this${GAP}(?:course|lesson|module|quiz|edition)`,
      String.raw`référence|références|paragraphes?|numérotation|libellé|formulation|note${GAP}de${GAP}bas${GAP}de${GAP}page`,
      String.raw`textes?${GAP}officiels?|ce${GAP}cours|cette${GAP}leçon|ce${GAP}module|cette${GAP}édition`,
      String.raw`cita|citas|referencias?|párrafos?|numeración|redacción|textos?${GAP}oficial(?:es)?`,
      String.raw`este${GAP}curso|esta${GAP}lección|este${GAP}módulo|esta${GAP}edición`,
      DATABASES,
    ].join("|") +
    String.raw`)(?![\p{L}\p{N}])`,
  "iu",
);

const SOURCE_NOUNS_EN = String.raw`citation|reference|quotation|quote|paragraph|pin-?cite|pinpoint|locator|wording|translation|source`;
const SOURCE_NOUNS_FR = String.raw`citation|référence|paragraphe|numéro|numérotation|libellé|formulation|renvoi|source`;
const SOURCE_NOUNS_ES = String.raw`cita|referencia|párrafo|número|numeración|redacción|fuente`;

// Not "consult" ("consult the full judgment in HUDOC" is a pointer, not a hedge) nor "confirmed" ("the Grand
// Chamber confirmed in Khlaifia…" is a holding).
const VERIFY_EN = String.raw`(?:verify|verifying|verified|check|checking|checked|confirm|confirming)`;
const VERIFY_FR = String.raw`(?:vérifi|confirm|contrôl)[\p{L}]*`;
const VERIFY_ES = String.raw`(?:verifi|verifí|comprob|comprueb|compruéb|confirm|cotej)[\p{L}]*`;
// "Check the exact terms of your national code" is advice about the learner's own law, not a note on the course.
const NOT_NATIONAL_LAW = String.raw`(?!${GAP}(?:in|of|under|de|du|dans|en|del?)${GAP}(?:your|votre|vos|su|sus|(?:the|la|le|el)${GAP}(?:national|nationale?|nacional)|national|domestic))`;
// Within one sentence: no sentence-ending punctuation in between.
const SAME_SENTENCE = (max: number) => String.raw`[^.;!?]{0,${max}}?`;

/** Notes whatever their context. */
const ALWAYS: RegExp[] = [
  // English
  new RegExp(w("citation needed"), "iu"),
  new RegExp(String.raw`\bunverified${GAP}(?:${SOURCE_NOUNS_EN})s?\b`, "iu"),
  new RegExp(
    String.raw`[(\[]\s*(?:not${GAP}(?:yet${GAP})?(?:been${GAP})?verified|unverified|unconfirmed|to${GAP}be${GAP}(?:confirmed|verified|checked))[^)\]]{0,80}[)\]]`,
    "iu",
  ),
  new RegExp(
    String.raw`\b${VERIFY_EN}\b${SAME_SENTENCE(80)}\b(?:in|on|against|with|from)${GAP}(?:the${GAP})?(?:${DATABASES}|(?:official|authentic|original)${GAP}(?:text|source|version|judgment|decision)s?)\b`,
    "iu",
  ),
  new RegExp(String.raw`\b${VERIFY_EN}${GAP}(?:the${GAP})?(?:official|authentic|original)${GAP}(?:text|source|version|wording)s?\b`, "iu"),
  new RegExp(
    String.raw`\b${VERIFY_EN}\b${SAME_SENTENCE(40)}\b(?:the|its|their)${GAP}exact${GAP}(?:wording|text|terms|paragraph|numbering|citation|reference|pin-?cite)s?\b${NOT_NATIONAL_LAW}`,
    "iu",
  ),
  new RegExp(
    String.raw`\b${VERIFY_EN}\b${SAME_SENTENCE(120)}\bbefore${GAP}(?:you${GAP})?(?:citing|cite|quoting|quote|relying|rely|(?:applying|apply)${GAP}(?:it|them|these|this|that))\b`,
    "iu",
  ),
  // Hedges on what a court or a State did, which the official record settles.
  new RegExp(String.raw`\b(?:is|are|was|were)${GAP}reported${GAP}to${GAP}have${GAP}(?:held|ruled|found|decided|stated|said|ratified)\b`, "iu"),
  new RegExp(String.raw`\bof${GAP}uncertain${GAP}date\b|\bif${GAP}(?:that|this)${GAP}is${GAP}still${GAP}the${GAP}(?:position|case)\b`, "iu"),
  new RegExp(
    String.raw`\bnot${GAP}(?:yet${GAP})?(?:been${GAP})?(?:independently${GAP})?(?:verified|checked|confirmed)${GAP}(?:for|in|by)${GAP}(?:this|the)${GAP}(?:course|lesson|module|quiz|edition|authors?|editors?)\b`,
    "iu",
  ),
  // French
  new RegExp(String.raw`(?<![\p{L}])(?:citation|référence)${GAP}(?:nécessaire|requise)(?![\p{L}])`, "iu"),
  new RegExp(
    String.raw`(?<![\p{L}])(?:${SOURCE_NOUNS_FR})s?${GAP}(?:non${GAP}vérifié|à${GAP}vérifier|à${GAP}confirmer|pas${GAP}encore${GAP}vérifié)`,
    "iu",
  ),
  new RegExp(String.raw`[(\[]\s*(?:à${GAP}vérifier|à${GAP}confirmer|non${GAP}vérifié|pas${GAP}encore${GAP}vérifié)[^)\]]{0,80}[)\]]`, "iu"),
  new RegExp(
    String.raw`(?<![\p{L}])${VERIFY_FR}${SAME_SENTENCE(80)}(?<![\p{L}])(?:dans|sur|avec|auprès${GAP}de)${GAP}(?:(?:le|la|les)${GAP}|l['’]\s*)?(?:${DATABASES}|textes?${GAP}officiels?|version${GAP}officielle|texte${GAP}(?:authentique|original))`,
    "iu",
  ),
  new RegExp(
    String.raw`(?<![\p{L}])${VERIFY_FR}${SAME_SENTENCE(40)}(?<![\p{L}])(?:(?:le|la|les)${GAP}|l['’]\s*)(?:texte|termes|libellé|formulation|numéro|numérotation|paragraphe|citation|référence)s?${GAP}(?:exact|officiel)[\p{L}]*(?![\p{L}])${NOT_NATIONAL_LAW}`,
    "iu",
  ),
  new RegExp(
    String.raw`(?<![\p{L}])${VERIFY_FR}${SAME_SENTENCE(150)}(?<![\p{L}])avant${GAP}de${GAP}(?:vous${GAP}en${GAP}prévaloir|vous${GAP}y${GAP}fier|(?:(?:le|la|les)${GAP})?citer)`,
    "iu",
  ),
  new RegExp(
    String.raw`n['’]\s*(?:a|ont)${GAP}pas${GAP}(?:encore${GAP})?été${GAP}vérifi[\p{L}]*${GAP}(?:pour|dans)${GAP}(?:ce|cette)${GAP}(?:cours|leçon|module|quiz|édition)`,
    "iu",
  ),
  // Spanish
  new RegExp(String.raw`(?<![\p{L}])(?:cita${GAP}requerida|(?:se${GAP}necesita|falta)${GAP}(?:una${GAP})?(?:cita|referencia))(?![\p{L}])`, "iu"),
  new RegExp(
    String.raw`(?<![\p{L}])(?:${SOURCE_NOUNS_ES})s?${GAP}(?:no${GAP}verificad|sin${GAP}verificar|por${GAP}verificar|por${GAP}confirmar|pendientes?${GAP}de${GAP}(?:verificación|confirmación))`,
    "iu",
  ),
  new RegExp(
    String.raw`[(\[]\s*(?:por${GAP}verificar|por${GAP}confirmar|no${GAP}verificad[\p{L}]*|sin${GAP}verificar|pendiente${GAP}de${GAP}(?:verificación|confirmación))[^)\]]{0,80}[)\]]`,
    "iu",
  ),
  new RegExp(
    String.raw`(?<![\p{L}])${VERIFY_ES}${SAME_SENTENCE(80)}(?<![\p{L}])(?:en|con|contra)${GAP}(?:(?:el|la|los|las)${GAP})?(?:${DATABASES}|textos?${GAP}oficial(?:es)?|versión${GAP}oficial|texto${GAP}(?:auténtico|original))`,
    "iu",
  ),
  new RegExp(
    String.raw`(?<![\p{L}])${VERIFY_ES}${SAME_SENTENCE(40)}(?<![\p{L}])(?:el|la|los|las)${GAP}(?:texto|términos|redacción|número|numeración|párrafo|cita|referencia)s?${GAP}(?:exact|oficial)[\p{L}]*(?![\p{L}])${NOT_NATIONAL_LAW}`,
    "iu",
  ),
  new RegExp(
    String.raw`(?<![\p{L}])${VERIFY_ES}${SAME_SENTENCE(150)}(?<![\p{L}])antes${GAP}de${GAP}(?:citar|invocar|basarse|apoyarse)`,
    "iu",
  ),
  new RegExp(
    String.raw`(?<![\p{L}])no${GAP}(?:se${GAP}ha${GAP}|ha${GAP}sido${GAP})(?:aún${GAP}|todavía${GAP})?verificad[\p{L}]*${GAP}(?:para|en)${GAP}(?:este|esta)${GAP}(?:curso|lección|módulo|edición)`,
    "iu",
  ),
];

/** Editors' markers, upper case only: Spanish "todo" is a word. */
const MARKERS = /\b(?:TODO|TBC|TBD|FIXME)\b/u;

/** Hedges that are notes when their sentence is about the course's sources. */
const HEDGES: RegExp[] = [
  new RegExp(
    String.raw`\b(?:not${GAP}(?:yet${GAP})?(?:been${GAP})?(?:independently${GAP})?(?:verified|confirmed)|unverified|unconfirmed|to${GAP}be${GAP}(?:confirmed|verified))\b`,
    "iu",
  ),
  new RegExp(
    String.raw`(?<![\p{L}])(?:non${GAP}(?:vérifi|confirm)[\p{L}]*|pas${GAP}(?:encore${GAP})?(?:été${GAP})?vérifi[\p{L}]*|à${GAP}vérifier|à${GAP}confirmer)`,
    "iu",
  ),
  new RegExp(
    String.raw`(?<![\p{L}])(?:no${GAP}(?:ha${GAP}sido${GAP}|se${GAP}ha${GAP}|está${GAP}|fue${GAP})?(?:aún${GAP}|todavía${GAP})?verificad[\p{L}]*|sin${GAP}verificar|por${GAP}verificar|por${GAP}confirmar|pendientes?${GAP}de${GAP}(?:verificación|confirmación))`,
    "iu",
  ),
];

/**
 * Emphasis markers are blanked with spaces, keeping every offset, so "not *yet* verified" is found and a phrase's
 * offset is its offset in the file. In Markdown, HTML comments are blanked too: the compiler drops them, so
 * learners never see them (in plain-text fields they would be shown as written, and are checked).
 */
function normalise(text: string, isMarkdown: boolean): string {
  const visible = isMarkdown ? text.replace(/<!--[\s\S]*?(?:-->|$)/g, (comment) => comment.replace(/[^\n]/g, " ")) : text;
  return visible.replace(/[*_`~\\]/g, " ");
}

/** The sentence around [start, end): from the previous sentence end or blank line to the next. */
function sentenceAround(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  const ends = [...before.matchAll(/[.!?](?=\s+[\p{Lu}«"“(])|\n\s*\n/gu)];
  const from = ends.length > 0 ? ends[ends.length - 1].index! + ends[ends.length - 1][0].length : 0;
  const after = text.slice(end);
  const next = /[.!?](?=\s|$)|\n\s*\n/u.exec(after);
  const to = next ? end + next.index : text.length;
  return text.slice(from, to);
}

function globalCopy(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
}

export function findVerificationNotes(text: string, { isMarkdown = false }: { isMarkdown?: boolean } = {}): VerificationNote[] {
  const normalised = normalise(text, isMarkdown);
  const found: VerificationNote[] = [];
  const add = (index: number, phrase: string) => {
    // One report per place: overlapping patterns (a French "vérifiez … avant de vous en prévaloir" that also
    // says "dans les textes officiels") name the same note.
    if (found.some((note) => index < note.index + note.phrase.length && note.index < index + phrase.length)) return;
    found.push({ index, phrase: phrase.replace(/\s+/g, " ").trim() });
  };
  for (const pattern of [...ALWAYS, MARKERS]) {
    for (const match of normalised.matchAll(globalCopy(pattern))) add(match.index!, match[0]);
  }
  for (const pattern of HEDGES) {
    for (const match of normalised.matchAll(globalCopy(pattern))) {
      const sentence = sentenceAround(normalised, match.index!, match.index! + match[0].length);
      if (SELF_REFERENCE.test(sentence)) add(match.index!, match[0]);
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

export function verificationNoteMessage(note: VerificationNote): string {
  return (
    `verification note in learner-visible text ("${note.phrase}"): state the point with its citation once ` +
    `checked against the official source, or move the note to reviewerNotes`
  );
}
