// Counters of app/rate-limits.server.ts (ADR 0007), in the shape rate-limiter-flexible's SQL stores use: one row per
// budget and key (`<budget>:<key>`), the points spent in the current window and when that window closes (UTC ms;
// null: never). No other module reads it.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    points: integer("points").notNull().default(0),
    expire: integer("expire"),
  },
  // The periodic prune deletes the windows that closed over an hour ago.
  (t) => [index("rate_limits_by_expire").on(t.expire)],
);
