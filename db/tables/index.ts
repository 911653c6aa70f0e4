// The tables capability code queries, chosen once for the engine in use (ADR 0020). Both schemas describe the
// same tables, column for column (tests/unit/schema-parity.test.ts), so the code is written once and typed against
// the PostgreSQL definitions: that typing admits only the async query API both drivers share.
// Capability code imports its own capability's file (`#db/tables/courses`…); this index, every table at once, is
// for tests, scripts and the seed (.dependency-cruiser.cjs keeps app/ off it).
export { isPostgres } from "./engine";
export * from "./accounts";
export * from "./audit";
export * from "./courses";
export * from "./quiz";
export * from "./certificates";
export * from "./rate-limits";
export * from "./supervision";
export * from "./mail";
export * from "./jobs";
export * from "./studio";
