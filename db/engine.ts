// Which database engine a DATABASE_URL names (ADR 0020): unset, a file path or `file:` → the embedded SQLite
// file; `postgres://` or `postgresql://` → a PostgreSQL server. Read by env.server.ts and db/tables.ts.
export type Engine = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

export function isPostgresUrl(url: string | undefined): boolean {
  return Boolean(url && /^postgres(ql)?:\/\//i.test(url));
}

export function engineFor(databaseUrl: string | undefined, defaultSqlitePath: string): Engine {
  if (isPostgresUrl(databaseUrl)) return { kind: "postgres", url: databaseUrl! };
  return { kind: "sqlite", path: databaseUrl ? databaseUrl.replace(/^file:(\/\/)?/, "") : defaultSqlitePath };
}
