// The journeys' temporary database and course copy go when the run ends (the server has stopped by then).
import fs from "node:fs";

export default function globalTeardown() {
  const dir = process.env.E2E_DATA_DIR;
  if (dir && dir.includes("lexmigra-e2e-")) fs.rmSync(dir, { recursive: true, force: true });
}
