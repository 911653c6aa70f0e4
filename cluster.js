// `npm start` entry: one server process per core on either engine (ADR 0020). The primary runs the release tasks
// once (migrations and demo accounts, under a PostgreSQL advisory lock when several machines start together), then
// forks WEB_CONCURRENCY workers (default: one per core) that each run server.js and share the port, and imports the
// courses while they serve the live versions; it tells each worker when the import is done (their `/ready`).
// On SQLite the workers share the database file: WAL lets them read side by side, and the file's write lock with a
// busy timeout lets one write at a time. A worker that dies is replaced.
import cluster from "node:cluster";
import os from "node:os";
import path from "node:path";

const requested = process.env.WEB_CONCURRENCY;
const workers = requested ? Number.parseInt(requested, 10) : os.availableParallelism();
if (!Number.isInteger(workers) || workers < 1) {
  console.error(`WEB_CONCURRENCY must be a whole number of workers of at least 1 (got "${requested}").`);
  process.exit(2);
}

if (workers === 1) {
  await import("./server.js");
} else {
  const build = await import(path.join(path.resolve(process.env.REMIX_BUILD_DIR ?? "build"), "server/index.js"));
  const { env, startup, importCoursesAfterStart, closeDatabase } = build.entry.module;
  await startup();

  let stopping = false;
  let coursesImported = false;
  const fork = () => cluster.fork({ LEXMIGRA_RELEASE_DONE: "1" });
  // A worker listens for the message before it starts listening on the port, so one told at its "listening" event
  // (or, already listening, when the import ends) cannot miss it.
  const listening = new Set();
  const tellImported = (worker) => worker.isConnected() && worker.send("courses-imported");
  cluster.on("listening", (worker) => {
    listening.add(worker);
    if (coursesImported) tellImported(worker);
  });
  cluster.setupPrimary({ exec: path.resolve("server.js") });
  for (let i = 0; i < workers; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    listening.delete(worker);
    console.error(`Worker ${worker.process.pid} exited (${signal ?? code}); starting another.`);
    setTimeout(fork, 1_000).unref();
  });
  console.log(`Lexmigra: ${workers} workers listening on http://localhost:${env.PORT}`);
  importCoursesAfterStart()
    .catch((error) => console.error("Course import stopped:", error))
    .finally(async () => {
      coursesImported = true;
      for (const worker of listening) tellImported(worker);
      await closeDatabase();
    });
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
      setTimeout(() => process.exit(0), 6_000).unref();
      cluster.on("exit", () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
    });
  }
}
