import { describe, expect, it } from "vitest";
import { SharedComputations } from "./shared-computation";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("SharedComputations", () => {
  it("joins a request for a fresh answer to the computation already under way", async () => {
    const shared = new SharedComputations<number>(15_000);
    let runs = 0;
    const first = deferred<number>();
    const compute = () => (runs++, first.promise);
    const answers = [shared.get("k", 0, false, compute), shared.get("k", 1, true, compute), shared.get("k", 2, true, compute)];
    first.resolve(7);
    expect(await Promise.all(answers)).toEqual([7, 7, 7]);
    expect(runs).toBe(1);
  });

  it("reuses a settled answer within the TTL, and computes again when asked fresh or after it", async () => {
    const shared = new SharedComputations<number>(15_000);
    let runs = 0;
    const compute = async () => ++runs;
    expect(await shared.get("k", 0, false, compute)).toBe(1);
    expect(await shared.get("k", 10_000, false, compute)).toBe(1);
    expect(await shared.get("k", 10_001, true, compute)).toBe(2);
    expect(await shared.get("k", 30_000, false, compute)).toBe(3);
  });

  it("forgets a failure, so the next request computes again, and a reader past the TTL joins one still under way", async () => {
    const shared = new SharedComputations<number>(15_000);
    const old = deferred<number>();
    const failing = shared.get("k", 0, false, () => old.promise);
    expect(shared.get("k", 20_000, false, async () => 99)).toBe(failing);
    old.reject(new Error("Trove down"));
    await expect(failing).rejects.toThrow("Trove down");
    expect(await shared.get("k", 20_001, false, async () => 2)).toBe(2);
    expect(await shared.get("k", 20_002, false, async () => 3)).toBe(2);
  });
});
