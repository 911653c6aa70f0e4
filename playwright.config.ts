// Journeys run against a production build on a free port with a fresh temporary database, in Debian's Chromium
// (Playwright cannot download its own browser on these machines).
import fs from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

function chromiumPath(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) return process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (fs.existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  return undefined; // Playwright's own browser, where it is installed
}

// Chosen once in the main process and handed to the workers (which re-read this file) through the environment.
function freePort(): number {
  if (process.env.E2E_PORT) return Number(process.env.E2E_PORT);
  const port = Number(
    execFileSync(process.execPath, [
      "-e",
      "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
    ])
      .toString()
      .trim(),
  );
  process.env.E2E_PORT = String(port);
  return port;
}

const port = freePort();
const dataDir = process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "lexmigra-e2e-"));
process.env.E2E_DATA_DIR = dataDir;

// The real curriculum plus the short courses the journeys need (tests/fixtures/e2e-courses), copied once.
const coursesDir = path.join(dataDir, "courses");
if (!fs.existsSync(coursesDir)) {
  for (const source of ["courses", "tests/fixtures/e2e-courses"]) {
    for (const entry of fs.readdirSync(source, { withFileTypes: true })) {
      if (entry.isDirectory()) fs.cpSync(path.join(source, entry.name), path.join(coursesDir, entry.name), { recursive: true });
    }
  }
}
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "node server.js",
    // The server listens at once and imports the courses after; /ready answers 200 once they are in.
    url: `${baseURL}/ready`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      COURSES_DIR: coursesDir,
      DEMO: "1",
      NODE_ENV: "production",
      PUBLIC_URL: baseURL,
    },
  },
});
