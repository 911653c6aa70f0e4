// The accounts tables of the engine in use (see ./index.ts). One file per capability, like db/schema, so that
// .dependency-cruiser.cjs can tell which capability's tables a module uses.
import * as pg from "../schema-pg/accounts";
import * as sqlite from "../schema/accounts";
import { isPostgres } from "./engine";

// At run time on SQLite these are the sqliteTable objects of db/schema; they have the same columns and JS types.
const selected = (isPostgres ? pg : sqlite) as unknown as typeof pg;

export const {
  users,
  sessions,
  accountTokens,
} = selected;
