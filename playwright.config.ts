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
function freePort(variable: string): number {
  if (process.env[variable]) return Number(process.env[variable]);
  const port = Number(
    execFileSync(process.execPath, [
      "-e",
      "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
    ])
      .toString()
      .trim(),
  );
  process.env[variable] = String(port);
  return port;
}

const port = freePort("E2E_PORT");
// The SMTP capture server's port (tests/e2e/smtp-capture-server.ts).
const smtpPort = freePort("E2E_SMTP_PORT");
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
/** Where the capture server writes each message it receives, as JSON (read with `mailTo` in tests/e2e/support.ts). */
export const mailDir = path.join(dataDir, "mail");
process.env.E2E_MAIL_DIR = mailDir;

export default defineConfig({
  testDir: "tests/e2e",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  // A web-first assertion waits for a state; it times nothing. These shared machines can run the suite at half speed
  // (18 min against 9 in the same session), and Playwright's 5 s default then failed a studio save whose status came
  // later; 10 s keeps the suite green on such a machine without hiding a state that never comes.
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  // A real SMTP server on loopback first (the app's mail goes to it), then the app. Started as a web server rather
  // than in globalSetup so Playwright starts it before the app, waits for its port and stops it at the end.
  webServer: [
    {
      command: "node_modules/.bin/tsx tests/e2e/smtp-capture-server.ts",
      port: smtpPort,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { SMTP_CAPTURE_PORT: String(smtpPort), SMTP_CAPTURE_DIR: mailDir },
    },
    {
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
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: "Lexmigra <no-reply@lexmigra.test>",
      },
    },
  ],
});
