import { describe, expect, it } from "vitest";
import { limiter, mapLimit } from "./concurrency";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("limiter", () => {
  it("never runs more than its limit at once, runs everything, and hands each caller its own result", async () => {
    const gate = limiter(3);
    let active = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gate(async () => {
          active++;
          most = Math.max(most, active);
          await tick();
          active--;
          return i * 2;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
  });

  it("frees the slot of a run that fails", async () => {
    const gate = limiter(1);
    await expect(gate(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(gate(async () => "after")).resolves.toBe("after");
  });
});

describe("mapLimit", () => {
  it("keeps the input order", async () => {
    expect(await mapLimit([3, 1, 2], 2, async (n) => (await tick(), n))).toEqual([3, 1, 2]);
  });
});
