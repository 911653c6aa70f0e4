// The scheduler's tables of the engine in use (see ./index.ts).
import * as pg from "../schema-pg/jobs";
import * as sqlite from "../schema/jobs";
import { isPostgres } from "./engine";

const selected = (isPostgres ? pg : sqlite) as unknown as typeof pg;

export const { jobLeases } = selected;
