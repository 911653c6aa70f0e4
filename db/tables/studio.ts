// The studio tables of the engine in use (see ./index.ts).
import * as pg from "../schema-pg/studio";
import * as sqlite from "../schema/studio";
import { isPostgres } from "./engine";

const selected = (isPostgres ? pg : sqlite) as unknown as typeof pg;

export const { courseDrafts, draftFiles, quizPreviews } = selected;
