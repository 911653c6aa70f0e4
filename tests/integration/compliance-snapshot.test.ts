// The keeping of the compliance snapshot (ADR 0037), with builds the test controls: shared builds, freshness,
// serving while rebuilding, and never keeping a build that a change overtook.
import { afterEach, describe, expect, it, vi } from "vitest";
import { complianceSnapshot, forgetComplianceSnapshot } from "~/supervision/compliance-snapshot.server";

const limits = (at: number) => ({ freshForMs: 60_000, staleAfterMs: 120_000, now: () => at });

/** A build that finishes when the test says so. */
function controlledBuild() {
  const calls: { at: number; finish: (value: string) => void; fail: (error: Error) => void }[] = [];
  const build = vi.fn(
    (at: number) =>
      new Promise<string>((resolve, reject) => {
        calls.push({ at, finish: resolve, fail: reject });
      }),
  );
  return { build, calls };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The first snapshot, "v1", taken at 0. */
async function firstSnapshot({ build, calls }: ReturnType<typeof controlledBuild>) {
  const first = complianceSnapshot(build, limits(0));
  await settle();
  calls[0].finish("v1");
  await first;
}

afterEach(() => forgetComplianceSnapshot());

describe("the compliance snapshot", () => {
  it("is built once for concurrent views and reused while fresh", async () => {
    const { build, calls } = controlledBuild();
    const first = complianceSnapshot(build, limits(1_000));
    const second = complianceSnapshot(build, limits(1_500));
    await settle();
    expect(build).toHaveBeenCalledTimes(1);
    calls[0].finish("v1");
    expect(await first).toEqual({ at: 1_000, value: "v1" });
    expect(await second).toEqual({ at: 1_000, value: "v1" });
    expect(await complianceSnapshot(build, limits(60_999))).toEqual({ at: 1_000, value: "v1" });
    expect(build).toHaveBeenCalledTimes(1);
  });

  it("serves the old one while one rebuild runs once it is no longer fresh, then the new one", async () => {
    const { build, calls } = controlledBuild();
    await firstSnapshot({ build, calls });
    expect(await complianceSnapshot(build, limits(70_000))).toEqual({ at: 0, value: "v1" });
    expect(await complianceSnapshot(build, limits(71_000))).toEqual({ at: 0, value: "v1" });
    expect(build).toHaveBeenCalledTimes(2);
    calls[1].finish("v2");
    await settle();
    expect(await complianceSnapshot(build, limits(72_000))).toEqual({ at: 70_000, value: "v2" });
  });

  it("keeps serving the old one when a background rebuild fails, and tries again on the next view", async () => {
    const { build, calls } = controlledBuild();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    await firstSnapshot({ build, calls });
    await complianceSnapshot(build, limits(70_000));
    calls[1].fail(new Error("database gone"));
    await settle();
    expect(errors).toHaveBeenCalledWith("compliance snapshot: rebuild failed", expect.any(Error));
    expect(await complianceSnapshot(build, limits(80_000))).toEqual({ at: 0, value: "v1" });
    expect(build).toHaveBeenCalledTimes(3);
    errors.mockRestore();
  });

  it("waits for a rebuild when the one it has is stale, and never keeps a build that a change overtook", async () => {
    const { build, calls } = controlledBuild();
    await firstSnapshot({ build, calls });
    const waiting = complianceSnapshot(build, limits(130_000));
    await settle();
    // A supervision change commits while this build reads: the next view does not join that build but starts its
    // own.
    forgetComplianceSnapshot();
    const next = complianceSnapshot(build, limits(130_001));
    await settle();
    expect(build).toHaveBeenCalledTimes(3);
    calls[2].finish("v3");
    expect(await next).toEqual({ at: 130_001, value: "v3" });
    // The overtaken build ends last: it answers the view that waited for it, and replaces nothing.
    calls[1].finish("v2 (before the change)");
    expect(await waiting).toEqual({ at: 130_000, value: "v2 (before the change)" });
    expect(await complianceSnapshot(build, limits(130_002))).toEqual({ at: 130_001, value: "v3" });
    expect(build).toHaveBeenCalledTimes(3);
  });
});
