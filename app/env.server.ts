// Environment variables, parsed once at start-up: a bad value stops the process with the variable's name.
import path from "node:path";
import { z } from "zod";
import { engineFor } from "#db/engine";

const flag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const Env = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  DATA_DIR: z.string().default("./data"),
  // Unset, a file path or file: → SQLite; postgres://… → PostgreSQL (ADR 0006).
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  COURSES_DIR: z.string().default("./courses"),
  PUBLIC_URL: z.string().url().optional(),
  DEMO: flag,
  SESSION_IDLE_TIMEOUT_MINUTES: z.coerce.number().int().positive().default(12 * 60),
  SESSION_ABSOLUTE_TIMEOUT_DAYS: z.coerce.number().int().positive().default(30),
  TRUST_PROXY: flag,
  ISSUER_NAME: z.string().default("Lexmigra — International Migration Law Training"),
  ISSUER_SIGNATORY: z.string().default("Director of Training"),
  ISSUER_KEY: z.string().optional(),
});

function parseEnv() {
  const result = Env.safeParse(process.env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  const e = result.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    ...e,
    isProduction: e.NODE_ENV === "production",
    dataDir,
    database: engineFor(e.DATABASE_URL, path.join(dataDir, "app.db")),
    coursesDir: path.resolve(e.COURSES_DIR),
    // Demo accounts are for evaluation machines only; a production deployment opts in explicitly.
    seedDemo: e.NODE_ENV !== "production" || e.DEMO,
  };
}

export const env = parseEnv();
