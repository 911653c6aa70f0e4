// Quiz definitions: the quiz capability's copy of each quiz of each course version, per language. The course
// importer hands them over here (inside its import transaction); attempts read them by version, so a course update
// never changes the definition a running attempt was started on.
import { and, eq } from "drizzle-orm";
import type { db, Tx } from "~/db.server";
import type { QuizDefinition } from "~/courses/format";
import { NotFoundError } from "~/errors";
import { quizDefinitions } from "#db/schema/quiz";

type Queryable = Tx | typeof db;

export type StoredQuizDefinition = { quizId: string; moduleId: string; language: string; definition: QuizDefinition };

/** Stores the quizzes of a new course version; inside the importer's transaction. */
export function storeQuizDefinitions(tx: Tx, versionId: string, definitions: StoredQuizDefinition[]) {
  for (const { quizId, moduleId, language, definition } of definitions) {
    tx.insert(quizDefinitions).values({ versionId, quizId, moduleId, language, definition }).run();
  }
}

/** The quiz in `language`, or in `fallback` when it has no such translation. */
export function quizDefinitionOf(q: Queryable, versionId: string, quizId: string, language: string, fallback: string) {
  const rows = q
    .select({ language: quizDefinitions.language, definition: quizDefinitions.definition })
    .from(quizDefinitions)
    .where(and(eq(quizDefinitions.versionId, versionId), eq(quizDefinitions.quizId, quizId)))
    .all();
  const row = rows.find((r) => r.language === language) ?? rows.find((r) => r.language === fallback);
  if (!row) throw new NotFoundError();
  return { quiz: row.definition as QuizDefinition, language: row.language };
}
