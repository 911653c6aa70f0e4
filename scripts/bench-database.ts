// The database a benchmarked or profiled server runs on, imported by scripts/bench.ts and scripts/profile.ts: a SQLite
// file in the run's data directory, or a new database on the PostgreSQL server `postgresServer` (from
// scripts/with-postgres.sh) with an issuer key made for the run, which every PostgreSQL node needs.
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { generateIssuerKeyPair } from "~/certificates/keys.server";

export type BenchDatabase = {
  /** The server's DATABASE_URL: the SQLite file's path or a postgres:// URL. */
  url: string;
  /** What the server's environment needs besides DATABASE_URL. */
  env: Record<string, string>;
  /** How many event rows these attempts have, read the way an operator would, outside the server. */
  countEvents: (attemptIds: string[]) => Promise<number>;
  drop: () => Promise<void>;
};

export async function benchDatabase(engine: "sqlite" | "postgres", dataDir: string, postgresServer?: string): Promise<BenchDatabase> {
  if (engine === "sqlite") {
    const url = path.join(dataDir, "app.db");
    return {
      url,
      env: {},
      async countEvents(ids) {
        const database = new Database(url, { readonly: true, fileMustExist: true });
        try {
          return (database.prepare(`select count(*) as n from quiz_attempt_events where attempt_id in (${ids.map(() => "?").join(",")})`).get(...ids) as { n: number }).n;
        } finally {
          database.close();
        }
      },
      drop: async () => {},
    };
  }
  if (!postgresServer) throw new Error("PostgreSQL needs a server URL (run under scripts/with-postgres.sh)");
  const asAdmin = async (statement: string) => {
    const admin = new pg.Client({ connectionString: postgresServer });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  const name = `lexmigra_bench_${Date.now().toString(36)}`;
  await asAdmin(`create database ${name}`);
  const url = new URL(postgresServer);
  url.pathname = `/${name}`;
  const key = await generateIssuerKeyPair("urn:lexmigra:issuer");
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    url: url.toString(),
    env: { ISSUER_KEY: JSON.stringify(await key.export({ publicKey: true, secretKey: true, includeContext: true })) },
    countEvents: async (ids) => Number((await client.query("select count(*) as n from quiz_attempt_events where attempt_id = any($1)", [ids])).rows[0].n),
    async drop() {
      await client.end();
      await asAdmin(`drop database if exists ${name} with (force)`);
    },
  };
}
