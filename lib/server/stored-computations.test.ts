import { describe, expect, it } from "vitest";
import { z } from "zod";
import { StoredComputations } from "./stored-computations";
import { SqliteStore } from "./store/sqlite-store";
import { StoreUnavailableError, type SharedStore } from "./store/store";

const answer = z.object({ n: z.number() });

describe("StoredComputations", () => {
  it("answers any replica from one computation within its TTL; a fresh one recomputes", async () => {
    const store = new SqliteStore(":memory:");
    const [one, two] = [
      new StoredComputations(store, "overview", 60_000, answer),
      new StoredComputations(store, "overview", 60_000, answer),
    ];
    let computed = 0;
    const compute = async () => ({ n: ++computed });
    expect(await one.get("admin|endpoint", 0, false, compute)).toEqual({ n: 1 });
    expect(await two.get("admin|endpoint", 1, false, compute)).toEqual({ n: 1 });
    expect(await two.get("other-admin|endpoint", 1, false, compute)).toEqual({ n: 2 });
    expect(await two.get("admin|endpoint", 2, true, compute)).toEqual({ n: 3 });
    expect(await one.get("admin|endpoint", 3, false, compute)).toEqual({ n: 3 });
    await store.close();
  });

  it("ignores a kept answer of the wrong shape, and computes when the store cannot be reached", async () => {
    const store = new SqliteStore(":memory:");
    await store.set("overview:k", JSON.stringify({ n: "not a number" }), 60_000);
    expect(await new StoredComputations(store, "overview", 60_000, answer).get("k", 0, false, async () => ({ n: 7 }))).toEqual({ n: 7 });
    const down = new Proxy({} as SharedStore, { get: () => () => Promise.reject(new StoreUnavailableError()) });
    expect(await new StoredComputations(down, "overview", 60_000, answer).get("k", 0, false, async () => ({ n: 8 }))).toEqual({ n: 8 });
    await store.close();
  });
});
