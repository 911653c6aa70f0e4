// The supervision tables of the engine in use (see ./index.ts).
import * as pg from "../schema-pg/supervision";
import * as sqlite from "../schema/supervision";
import { isPostgres } from "./engine";

const selected = (isPostgres ? pg : sqlite) as unknown as typeof pg;

export const { orgUnits, orgUnitClosure, unitMembers, unitSupervisors, unitMembershipRequests } = selected;
