// Which engine's table objects capability code gets (ADR 0020), decided once from DATABASE_URL.
import { isPostgresUrl } from "../engine";

export const isPostgres = isPostgresUrl(process.env.DATABASE_URL);
