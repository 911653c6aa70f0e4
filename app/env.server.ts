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
  HOST: z.string().default("0.0.0.0"),
  REMIX_BUILD_DIR: z.string().default("build"),
  MIGRATIONS_DIR: z.string().default("db/migrations"),
  DATA_DIR: z.string().default("./data"),
  // Unset, a file path or file: → SQLite; postgres://… → PostgreSQL (ADR 0020).
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  COURSES_DIR: z.string().default("./courses"),
  // The origin every signed document, QR code and redirect check names; never taken from a request's Host header.
  PUBLIC_URL: z
    .string()
    .url()
    .refine((v) => /^https?:$/.test(new URL(v).protocol), "must be an http: or https: URL")
    .optional(),
  DEMO: flag,
  SESSION_IDLE_TIMEOUT_MINUTES: z.coerce.number().int().positive().default(12 * 60),
  SESSION_ABSOLUTE_TIMEOUT_DAYS: z.coerce.number().int().positive().default(30),
  TRUST_PROXY: flag,
  ISSUER_NAME: z.string().default("Lexmigra — International Migration Law Training"),
  ISSUER_SIGNATORY: z.string().default("Director of Training"),
  ISSUER_KEY: z.string().optional(),
  // Outgoing mail (ADR 0023), e.g. smtp://user:pass@host:587 or smtps://…:465. Unset: nothing is sent, each
  // message's link is written to the server log instead and shown to the admin who caused it.
  SMTP_URL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined))
    .refine((v) => v === undefined || isSmtpUrl(v), "must be an smtp:// or smtps:// URL with a host, e.g. smtp://user:pass@mail.example.org:587"),
  // The sender of every message, e.g. "Lexmigra <training@example.org>"; defaults to no-reply at PUBLIC_URL's host.
  MAIL_FROM: z.string().trim().optional(),
  // Assignment reminders (ADR 0025): days before the due date for the reminder, and days after it before the
  // supervisors are told.
  ASSIGNMENT_REMINDER_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  ASSIGNMENT_ESCALATION_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  // The compliance dashboard (ADR 0037): a view over more people than this is served from a snapshot of everyone's
  // standing, at most COMPLIANCE_SNAPSHOT_SECONDS old (the page says as of when); smaller views are computed live.
  COMPLIANCE_LIVE_PEOPLE: z.coerce.number().int().min(0).default(1000),
  COMPLIANCE_SNAPSHOT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  // Pages each server process asks of itself before /ready answers 200 (ADR 0050); unset: 4,000 in production, 0
  // otherwise.
  WARM_UP_REQUESTS: z.coerce.number().int().min(0).max(100_000).optional(),
});

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
  } catch {
    return false;
  }
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env) {
  const result = Env.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  const e = result.data;
  // A production server without PUBLIC_URL would have to guess its own address from requests, and anyone can send
  // `Host: evil.example`: signed credentials would then name another site.
  if (e.NODE_ENV === "production" && !e.PUBLIC_URL) {
    throw new Error("Invalid environment: PUBLIC_URL is required in production (for example https://lexmigra.example.org)");
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const publicUrl = new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).origin;
  return {
    ...e,
    isProduction: e.NODE_ENV === "production",
    // Development and tests run on this machine; production always sets PUBLIC_URL (checked above).
    publicUrl,
    mailFrom: e.MAIL_FROM || `Lexmigra <no-reply@${new URL(publicUrl).hostname}>`,
    dataDir,
    database: engineFor(e.DATABASE_URL, path.join(dataDir, "app.db")),
    coursesDir: path.resolve(e.COURSES_DIR),
    // Demo accounts are for evaluation machines only; a production deployment opts in explicitly.
    seedDemo: e.NODE_ENV !== "production" || e.DEMO,
    warmUpRequests: e.WARM_UP_REQUESTS ?? (e.NODE_ENV === "production" ? 4000 : 0),
  };
}

export const env = parseEnv();
