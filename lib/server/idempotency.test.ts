import { describe, expect, it } from "vitest";
import { UpstreamError } from "@/lib/domain/errors";
import { IdempotencyStore } from "./idempotency";

const scope = { key: "k1", userId: "u", projectId: "p", instanceId: "i" };

describe("IdempotencyStore", () => {
  it("runs concurrent duplicates once and gives both the same answer", async () => {
    const store = new IdempotencyStore<number>();
    let runs = 0;
    let release!: (n: number) => void;
    const work = () => {
      runs++;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const a = store.run(scope, "f", 0, work);
    const b = store.run(scope, "f", 1, work);
    release(42);
    expect(await Promise.all([a, b])).toEqual([42, 42]);
    expect(await store.run(scope, "f", 2, work)).toBe(42);
    expect(runs).toBe(1);
  });

  it("scopes keys by user, project and instance", async () => {
    const store = new IdempotencyStore<string>();
    expect(await store.run(scope, "f", 0, async () => "a")).toBe("a");
    expect(await store.run({ ...scope, userId: "other" }, "f", 0, async () => "b")).toBe("b");
    expect(await store.run({ ...scope, instanceId: "other" }, "f", 0, async () => "c")).toBe("c");
  });

  it("refuses the same key with another body (422)", async () => {
    const store = new IdempotencyStore<string>();
    await store.run(scope, "f", 0, async () => "a");
    await expect(store.run(scope, "g", 0, async () => "b")).rejects.toMatchObject({ status: 422, code: "idempotency_key_reused" });
  });

  it("forgets a failure so the same key can be retried", async () => {
    const store = new IdempotencyStore<string>();
    await expect(store.run(scope, "f", 0, async () => Promise.reject(new UpstreamError("unavailable", "down")))).rejects.toThrow("down");
    expect(await store.run(scope, "f", 1, async () => "ok")).toBe("ok");
  });

  it("keeps a write whose outcome is unknown, so a retry cannot restore twice", async () => {
    const store = new IdempotencyStore<string>();
    const timeout = new UpstreamError("timeout", "slow", null, true);
    await expect(store.run(scope, "f", 0, async () => Promise.reject(timeout))).rejects.toBe(timeout);
    await expect(store.run(scope, "f", 1, async () => "second")).rejects.toBe(timeout);
  });

  it("expires answers after 24 h", async () => {
    const store = new IdempotencyStore<string>();
    await store.run(scope, "f", 0, async () => "old");
    expect(await store.run(scope, "f", 24 * 3600_000 + 1, async () => "new")).toBe("new");
  });

  it("bounds records per user: one user's restores do not push out another's", async () => {
    const store = new IdempotencyStore<string>(3);
    await store.run(scope, "f", 0, async () => "mine");
    for (let i = 0; i < 10; i++) await store.run({ ...scope, key: `k${i}`, userId: "flood" }, "f", 0, async () => `flood ${i}`);
    expect(await store.run(scope, "f", 1, async () => "again")).toBe("mine");
    expect(store.size).toBe(4);
  });

  it("never drops a record whose outcome is unknown to make room: the next restore is refused (429)", async () => {
    const store = new IdempotencyStore<string>(2);
    const timeout = new UpstreamError("timeout", "slow", null, true);
    await expect(store.run(scope, "f", 0, async () => Promise.reject(timeout))).rejects.toBe(timeout);
    await store.run({ ...scope, key: "k2" }, "f", 0, async () => "done");
    // The settled answer makes room; the unknown outcome stays.
    void store.run({ ...scope, key: "k3" }, "f", 1, () => new Promise<string>(() => {}));
    expect(store.size).toBe(2);
    await expect(store.run({ ...scope, key: "k4" }, "f", 2, async () => "fourth")).rejects.toMatchObject({ status: 429, code: "too_many_open_restores" });
    await expect(store.run(scope, "f", 3, async () => "second")).rejects.toBe(timeout);
  });
});
