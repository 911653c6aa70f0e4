// The course file format (documented in courses/README.md) as zod schemas. Parsing a file with these schemas
// gives its shape; rules that span files (citations, objectives, translations, scenario graphs) are checked
// by the course loader on top.
import { z } from "zod";
import { SUPPORTED_LANGUAGES } from "~/i18n/languages";
import { isSafeHref } from "./safe-href";

export { isSafeHref };

/** Course content comes in the interface's languages (app/i18n/languages.ts). */
export const LANGUAGES = SUPPORTED_LANGUAGES;
export type Language = (typeof LANGUAGES)[number];

export const AUDIENCES = ["border-officials", "judiciary", "iom-staff", "all"] as const;
export type Audience = (typeof AUDIENCES)[number];

export const stableId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case kebab-case (a-z, 0-9, single hyphens)");

const text = z.string().trim().min(1, "must not be empty");

/**
 * Notes for reviewers (how a point was verified, what is still doubtful). The format stores them; the loader
 * lifts them out of everything learners receive (courses/README.md, Reviewer notes).
 */
const reviewerNotes = z.string().trim().min(1, "must not be empty").optional();

/**
 * In a translation: which version of its source it was translated from (16 hex digits of app/courses/source-hash.ts,
 * written by the studio when a translation is saved). Optional; courses/README.md, Translations.
 */
const sourceHash = z
  .string()
  .regex(/^[0-9a-f]{16}$/, "must be 16 lower-case hex digits (the studio writes it when a translation is saved)")
  .optional();

const httpUrl = z
  .string()
  .trim()
  .refine((value) => isSafeHref(value), "must be an http: or https: URL");

export const CourseMeta = z
  .object({
    slug: stableId,
    version: z.string().trim().min(1),
    defaultLanguage: z.enum(LANGUAGES),
    languages: z.array(z.enum(LANGUAGES)).min(1),
    title: text,
    summary: text,
    audiences: z.array(z.enum(AUDIENCES)).min(1),
    estimatedHours: z.number().positive(),
    creditHours: z.number().min(0),
    passMark: z.number().int().min(1).max(100),
    certificateValidityMonths: z.number().int().positive().nullable(),
    enrolment: z.enum(["open", "assigned"]).default("open"),
    prerequisites: z
      .array(z.object({ slug: stableId, required: z.boolean().default(false) }).strict())
      .default([]),
    objectives: z.array(text).default([]),
    reviewerNotes,
  })
  .strict();
export type CourseMeta = z.infer<typeof CourseMeta>;

export const CourseTranslation = z
  .object({ title: text, summary: text, objectives: z.array(text).optional(), reviewerNotes, sourceHash })
  .strict();
export type CourseTranslation = z.infer<typeof CourseTranslation>;

const LocalizedSource = z.object({ title: text, short: text }).strict();
type LocalizedSources = Record<Language, z.ZodOptional<typeof LocalizedSource>>;

export const BibliographyEntry = z
  .object({
    key: stableId,
    title: text,
    short: text,
    year: z.number().int().min(1000).max(2100),
    reference: text.optional(),
    url: httpUrl.optional(),
    /** Official title and short name in the course's other languages (courses/README.md, Localised bibliography). */
    localized: z
      .object(Object.fromEntries(LANGUAGES.map((language) => [language, LocalizedSource.optional()])) as LocalizedSources)
      .strict()
      .optional(),
    reviewerNotes,
  })
  .strict();
export const Bibliography = z.array(BibliographyEntry).min(1, "must list at least one source");
export type BibliographyEntry = z.infer<typeof BibliographyEntry>;

export const ModuleMeta = z
  .object({
    id: stableId,
    title: text,
    objectives: z.array(z.object({ id: stableId, text }).strict()).min(1),
    reviewerNotes,
    sourceHash,
  })
  .strict();
export type ModuleMeta = z.infer<typeof ModuleMeta>;

export const LessonFrontMatter = z
  .object({
    id: stableId,
    title: text,
    minutes: z.number().int().positive(),
    required: z.boolean().default(true),
    reviewerNotes,
    sourceHash,
  })
  .strict();
export type LessonFrontMatter = z.infer<typeof LessonFrontMatter>;

// --- Quizzes -------------------------------------------------------------------------------------------------

const choiceOption = z
  .object({
    id: stableId,
    text,
    correct: z.boolean().default(false),
    feedback: text,
    next: stableId.optional(),
  })
  .strict();
export type ChoiceOption = z.infer<typeof choiceOption>;

const questionBase = {
  id: stableId,
  objective: stableId,
  level: z.enum(["recall", "application"]),
  prompt: text,
  explanation: text,
  citation: text,
  points: z.number().positive().optional(),
  reviewerNotes,
};

const choiceFields = { options: z.array(choiceOption).min(2, "needs at least two options") };
const trueFalseFields = {
  answer: z.boolean(),
  feedback: z.object({ true: text, false: text }).strict(),
};

export const SingleQuestion = z.object({ ...questionBase, type: z.literal("single"), ...choiceFields }).strict();
export const MultipleQuestion = z.object({ ...questionBase, type: z.literal("multiple"), ...choiceFields }).strict();
export const TrueFalseQuestion = z
  .object({ ...questionBase, type: z.literal("true-false"), ...trueFalseFields })
  .strict();
export const MatchingQuestion = z
  .object({
    ...questionBase,
    type: z.literal("matching"),
    categories: z.array(z.object({ id: stableId, text }).strict()).min(2),
    items: z
      .array(z.object({ id: stableId, text, category: stableId, feedback: text }).strict())
      .min(2),
  })
  .strict();
export const OrderingQuestion = z
  .object({
    ...questionBase,
    type: z.literal("ordering"),
    items: z.array(z.object({ id: stableId, text, feedback: text }).strict()),
  })
  .strict();

const stepBase = { id: stableId, prompt: text, next: stableId.optional(), reviewerNotes };
export const ScenarioStep = z.discriminatedUnion("type", [
  z.object({ ...stepBase, type: z.literal("single"), ...choiceFields }).strict(),
  z.object({ ...stepBase, type: z.literal("multiple"), ...choiceFields }).strict(),
  z.object({ ...stepBase, type: z.literal("true-false"), ...trueFalseFields }).strict(),
]);
export type ScenarioStep = z.infer<typeof ScenarioStep>;

export const ScenarioQuestion = z
  .object({
    ...questionBase,
    type: z.literal("scenario"),
    case: text,
    start: stableId,
    steps: z.array(ScenarioStep).min(1),
  })
  .strict();

export const Question = z.discriminatedUnion("type", [
  SingleQuestion,
  MultipleQuestion,
  TrueFalseQuestion,
  MatchingQuestion,
  OrderingQuestion,
  ScenarioQuestion,
]);
export type Question = z.infer<typeof Question>;
export type QuestionType = Question["type"];
export type SingleQuestion = z.infer<typeof SingleQuestion>;
export type MultipleQuestion = z.infer<typeof MultipleQuestion>;
export type TrueFalseQuestion = z.infer<typeof TrueFalseQuestion>;
export type MatchingQuestion = z.infer<typeof MatchingQuestion>;
export type OrderingQuestion = z.infer<typeof OrderingQuestion>;
export type ScenarioQuestion = z.infer<typeof ScenarioQuestion>;

export const QuizSettings = z
  .object({
    passMark: z.number().int().min(1).max(100).optional(),
    maxAttempts: z.number().int().positive().nullable().default(null),
    cooldownMinutes: z.number().min(0).default(0),
    timeLimitMinutes: z.number().positive().nullable().default(null),
    shuffleQuestions: z.boolean().default(false),
    shuffleOptions: z.boolean().default(true),
    feedback: z.enum(["immediate", "deferred"]).default("deferred"),
    review: z.enum(["score", "answers", "full"]).default("full"),
    reviewAfter: z.enum(["submit", "pass", "last-attempt"]).default("submit"),
  })
  .strict();
export type QuizSettings = z.infer<typeof QuizSettings>;

export const QuizFile = z
  .object({
    id: stableId,
    title: text,
    settings: QuizSettings.default({}),
    questions: z.array(Question).min(1, "a quiz needs at least one question"),
    sourceHash,
  })
  .strict();
export type QuizFile = z.infer<typeof QuizFile>;

/** A quiz as the quiz engine receives it: settings resolved against the course (passMark always set). */
export type QuizDefinition = Omit<QuizFile, "settings"> & {
  settings: Omit<QuizSettings, "passMark"> & { passMark: number };
};
