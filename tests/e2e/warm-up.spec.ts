// A process just started warms up before /ready answers 200 (ADR 0050): it asks for WARM_UP_REQUESTS public pages of
// its own, so the first crowd after a restart meets optimised code. Its own production server (`node server.js`) on
// its own SQLite file, started here so that its start can be watched.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { freePort, spawnServer } from "./support";

const PAGES = 300;

test("a server just started says it is warming up, asks for its pages, writes nothing, then says it is ready", async () => {
  test.setTimeout(120_000);
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lexmigra-warm-up-"));
  const base = `http://127.0.0.1:${port}`;
  const child = spawnServer(port, dataDir, { WARM_UP_REQUESTS: String(PAGES) }, "pipe");
  let errors = "";
  child.stderr!.on("data", (chunk) => (errors += chunk));
  try {
    const states: string[] = [];
    while (states.at(-1) !== "ready") {
      expect(child.exitCode, errors).toBeNull();
      const state = await fetch(`${base}/ready`).then(
        async (r) => `${r.status} ${await r.text()}`.replace(/^200 /, ""),
        () => "not listening",
      );
      if (state !== states.at(-1)) states.push(state);
      await new Promise((r) => setTimeout(r, 25));
    }
    const warming = states.filter((s) => s.startsWith("503 warming up"));
    expect(warming.length, states.join("\n")).toBeGreaterThan(0);
    for (const state of warming) expect(state).toMatch(new RegExp(`^503 warming up \\((\\d+) of ${PAGES} pages asked\\)$`));
    // Courses first, then the warm-up, then ready, never back: after the first warming state only warming states.
    expect(states.slice(states.indexOf(warming[0]), -1)).toEqual(warming);
    expect(errors).not.toContain("Warm-up stopped");

    // Public pages only: nobody signed in, nothing counted against anyone.
    const database = new Database(path.join(dataDir, "app.db"), { readonly: true, fileMustExist: true });
    try {
      expect(database.prepare("select count(*) as n from sessions").get()).toEqual({ n: 0 });
      expect(database.prepare("select count(*) as n from rate_limits").get()).toEqual({ n: 0 });
    } finally {
      database.close();
    }
  } finally {
    child.kill("SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
