// How much parallel work the machine gives a bench run, measured rather than read off the core count.
//
// The bench divides a server of one worker per core by the floor, which is one process: that ratio says something
// about the server only beside how much more work N processes do at once than one. These "2-core" virtual machines
// differ there with the code unchanged: on one, two workers served 1.4–1.9× what one served and the two-worker pages
// were 0.57–1.06× the floor; on another (2026-12-02), 0.96–1.3× in two runs and 0.34–0.51×, where two copies of the
// work below did 1.5× the work of one (README, Benchmarks).
import { spawn } from "node:child_process";

// About a second and a half of one core's work, of the kind a page is made of: objects allocated, strings built, JSON
// written, garbage collected. Pure arithmetic did 1.9× on the machine where this did 1.5×: processes on these
// machines share caches and memory bandwidth as well as cores, and a server's work is mostly memory.
const WORK = `
const started = process.hrtime.bigint();
let length = 0;
for (let round = 0; round < 150; round++) {
  const rows = [];
  for (let i = 0; i < 20000; i++) rows.push({ id: i, title: "course " + i, tags: [i, i + 1] });
  length += JSON.stringify(rows).length;
}
process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6) + " " + length);
`;

function workOnce(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", WORK], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      const ms = Number.parseFloat(out);
      if (code === 0 && Number.isFinite(ms) && ms > 0) resolve(ms);
      else reject(new Error(`the capacity probe exited with ${code} and printed "${out}"`));
    });
  });
}

/** The same work in `processes` processes at once, in multiples of one process alone (N on N free cores). */
export async function parallelCapacity(processes: number): Promise<number> {
  const alone = await workOnce();
  const together = await Promise.all(Array.from({ length: processes }, workOnce));
  const slowest = Math.max(...together);
  return Number(((processes * alone) / slowest).toFixed(2));
}
