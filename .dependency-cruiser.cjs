// Boundaries the code enforces by itself (docs/decisions/0012-capability-boundaries.md): each capability owns its
// tables, and another capability reaches them only through the owner's functions. `npm test` runs this
// (`npm run lint:deps`), so an import of another capability's schema fails CI. A capability's tables have three
// files of the same name: the SQLite schema (db/schema), its PostgreSQL mirror (db/schema-pg) and the engine-selected
// tables capability code queries (db/tables, ADR 0020); the rule covers all three. db.server.ts opens the one
// connection with every table, so it may import them all.
/** A rule that only `owners` (paths under app/) may import the schema/table files named `schema`. */
const owned = (schema, owners, comment) => ({
  name: `${schema}-tables-belong-to-${owners[0].replace(/[/.].*$/, "")}`,
  comment,
  severity: "error",
  from: { path: "^app/", pathNot: [`^app/(${owners.join("|")})`, "^app/db\\.server\\.ts$"] },
  to: { path: `^db/(schema|schema-pg|tables)/${schema}\\.ts$` },
});

module.exports = {
  forbidden: [
    owned("accounts", ["auth/"], "Accounts (users, sessions, login failures) belong to app/auth: use its functions (fullNameOf, profilesByIds, accountMatches…)."),
    owned("courses", ["courses/"], "Course tables belong to app/courses: use getLiveQuiz, requireEnrolment, loadProgressInputs…"),
    owned("quiz", ["quiz/"], "Quiz tables belong to app/quiz: use storeQuizDefinitions, the attempts functions…"),
    owned("certificates", ["certificates/"], "Certificate tables belong to app/certificates: use issueCertificate and its other functions."),
    owned("supervision", ["supervision/"], "Organisation units, members and supervisors belong to app/supervision: use scopeOf, membersOf, canSuperviseUser, requireUnitInScope…"),
    owned("audit", ["audit\\.server\\.ts$"], "audit_events belongs to app/audit.server.ts: call recordAudit."),
    owned("mail", ["mail/"], "The outbox, mail preferences and unsubscribe tokens belong to app/mail: call enqueueMail, setRemindersEnabled…"),
    owned("jobs", ["jobs/"], "job_leases belongs to the scheduler in app/jobs: call registerJob."),
    owned("studio", ["studio/"], "Draft tables belong to app/studio: use its drafts functions (readDraftFiles, saveDraftFile…)."),
    owned("rate-limits", ["rate-limits\\.server\\.ts$"], "rate_limits belongs to app/rate-limits.server.ts: call reserve, refund, forget."),
    {
      name: "every-table-only-through-db-server",
      comment: "The schema index (every table at once) is for the database connection only.",
      severity: "error",
      from: { path: "^app/", pathNot: "^app/db\\.server\\.ts$" },
      to: { path: "^db/(schema|schema-pg|tables)/index\\.ts$" },
    },
    {
      name: "no-circular",
      comment: "Dependencies point one way (routes → capability → db); a cycle means two modules cannot be understood apart.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Type-only imports count too: a capability that names another's row type is tied to its table.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^(build|node_modules)/" },
  },
};
