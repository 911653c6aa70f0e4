// The mail tables of the engine in use (see ./index.ts). One file per capability, like db/schema, so that
// .dependency-cruiser.cjs can tell which capability's tables a module uses.
import * as pg from "../schema-pg/mail";
import * as sqlite from "../schema/mail";
import { isPostgres } from "./engine";

// At run time on SQLite these are the sqliteTable objects of db/schema; they have the same columns and JS types.
const selected = (isPostgres ? pg : sqlite) as unknown as typeof pg;

export const { mailOutbox, mailPreferences, unsubscribeTokens } = selected;
