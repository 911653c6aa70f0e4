// PostgreSQL column types that mirror the SQLite schema's storage classes (ADR 0020): every SQLite integer is a
// bigint read as a JavaScript number (timestamps in ms exceed int4), REAL is double precision, JSON text is `json`
// (kept as written: jsonb would reorder keys), BLOB is bytea.
import { bigint, customType } from "drizzle-orm/pg-core";

export const int = (name: string) => bigint(name, { mode: "number" });

export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => "bytea",
});
