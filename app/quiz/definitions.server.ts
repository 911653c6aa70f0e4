// Quiz definitions: the quiz capability's copy of each quiz of each course version, per language. The course
// importer hands them over here (inside its import transaction); attempts read them by version, so a course update
// never changes the definition a running attempt was started on.
import { and, eq } from "drizzle-orm";
import type { Queryable, Tx } from "~/db.server";
import type { QuizDefinition } from "~/courses/format";
import { deepFreeze } from "~/courses/version-cache.server";
import { NotFoundError } from "~/errors";
import { quizDefinitions } from "#db/tables/quiz";

export type StoredQuizDefinition = { quizId: string; moduleId: string; language: string; definition: QuizDefinition };

/** Stores the quizzes of a new course version; inside the importer's transaction. */
export async function storeQuizDefinitions(tx: Tx, versionId: string, definitions: StoredQuizDefinition[]) {
  if (definitions.length === 0) return;
  await tx.insert(quizDefinitions).values(definitions.map((d) => ({ versionId, ...d })));
}

// A version's quiz definitions never change (a new import is a new version id), so each is parsed once per process:
// the answer path then reads no definition inside its write transaction, which keeps the write lock short.
const DEFINITION_CACHE_LIMIT = 500;
const definitions = new Map<string, Promise<{ quiz: QuizDefinition; language: string }>>();

/** The quiz in `language`, or in `fallback` when it has no such translation. Read once per process, then shared. */
export function quizDefinitionOf(q: Queryable, versionId: string, quizId: string, language: string, fallback: string) {
  const key = [versionId, quizId, language, fallback].join("\u0000");
  let definition = definitions.get(key);
  if (!definition) {
    if (definitions.size >= DEFINITION_CACHE_LIMIT) definitions.delete(definitions.keys().next().value!);
    definition = readQuizDefinition(q, versionId, quizId, language, fallback);
    definitions.set(key, definition);
    // Not found, or a failed read, is not remembered.
    definition.catch(() => definitions.delete(key));
  }
  return definition;
}

async function readQuizDefinition(q: Queryable, versionId: string, quizId: string, language: string, fallback: string) {
  const rows = await q
    .select({ language: quizDefinitions.language, definition: quizDefinitions.definition })
    .from(quizDefinitions)
    .where(and(eq(quizDefinitions.versionId, versionId), eq(quizDefinitions.quizId, quizId)));
  const row = rows.find((r) => r.language === language) ?? rows.find((r) => r.language === fallback);
  if (!row) throw new NotFoundError();
  // Shared by every request from now on: frozen, so a caller that tried to change it would throw, not corrupt others.
  return { quiz: deepFreeze(row.definition as QuizDefinition), language: row.language };
}
