// Quiz definitions: the quiz capability's copy of each quiz of each course version, per language. The course
// importer hands them over here (inside its import transaction); attempts read them by version, so a course update
// never changes the definition a running attempt was started on.
import { and, eq } from "drizzle-orm";
import type { Queryable, Tx } from "~/db.server";
import type { QuizDefinition } from "~/courses/format";
import { NotFoundError } from "~/errors";
import { quizDefinitions } from "#db/tables/quiz";

export type StoredQuizDefinition = { quizId: string; moduleId: string; language: string; definition: QuizDefinition };

/** Stores the quizzes of a new course version; inside the importer's transaction. */
export async function storeQuizDefinitions(tx: Tx, versionId: string, definitions: StoredQuizDefinition[]) {
  if (definitions.length === 0) return;
  await tx.insert(quizDefinitions).values(definitions.map((d) => ({ versionId, ...d })));
}

/** The quiz in `language`, or in `fallback` when it has no such translation. */
export async function quizDefinitionOf(q: Queryable, versionId: string, quizId: string, language: string, fallback: string) {
  const rows = await q
    .select({ language: quizDefinitions.language, definition: quizDefinitions.definition })
    .from(quizDefinitions)
    .where(and(eq(quizDefinitions.versionId, versionId), eq(quizDefinitions.quizId, quizId)));
  const row = rows.find((r) => r.language === language) ?? rows.find((r) => r.language === fallback);
  if (!row) throw new NotFoundError();
  return { quiz: row.definition as QuizDefinition, language: row.language };
}
