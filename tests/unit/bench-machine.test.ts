import { describe, expect, it } from "vitest";
import { parallelCapacity } from "../../scripts/bench-machine";

// The figure itself depends on the machine; what is checked is that the probe runs and reports a usable number.
describe("the bench's parallel capacity", () => {
  it("runs the work in child processes and reports it as a positive multiple of one process alone", async () => {
    const capacity = await parallelCapacity(1);
    expect(Number.isFinite(capacity)).toBe(true);
    expect(capacity).toBeGreaterThan(0);
    expect(capacity).toBe(Number(capacity.toFixed(2)));
  }, 30_000);
});
