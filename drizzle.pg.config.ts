// Migrations for the PostgreSQL engine (ADR 0020), generated from db/schema-pg like db/migrations is from db/schema.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema-pg/index.ts",
  out: "./db/migrations-pg",
});
