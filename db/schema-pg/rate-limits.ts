// Mirror of db/schema/rate-limits.ts for PostgreSQL; tests/unit/schema-parity.test.ts keeps the two in step.
import { index, pgTable, text } from "drizzle-orm/pg-core";
import { int } from "./columns";

export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    points: int("points").notNull().default(0),
    expire: int("expire"),
  },
  (t) => [index("rate_limits_by_expire").on(t.expire)],
);
