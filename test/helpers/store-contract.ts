/**
 * What every SharedStore implementation must do, as one table of tests run against each (SQLite in
 * the unit suite, Redis in the multi-replica integration suite).
 */
import { afterEach, describe, expect, it } from "vitest";
import { holdLease, releaseLease, type SharedStore } from "@/lib/server/store/store";

export function describeStoreContract(name: string, make: () => SharedStore | Promise<SharedStore>): void {
  describe(`${name}: the shared store contract`, () => {
    const opened: SharedStore[] = [];
    const open = async () => {
      const store = await make();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });
    const unique = () => `t${Math.random().toString(36).slice(2)}`;

    it("keeps a value for its TTL", async () => {
      const store = await open();
      const key = unique();
      await store.set(key, "v", 150);
      expect(await store.get(key)).toBe("v");
      await new Promise((r) => setTimeout(r, 300));
      expect(await store.get(key)).toBeNull();
    });

    it("claims a key once: set-if-absent is true for one caller only, and again after it expires", async () => {
      const store = await open();
      const key = unique();
      const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => store.setIfAbsent(key, `c${i}`, 150)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(await store.setIfAbsent(key, "later", 1000)).toBe(true);
    });

    it("compare-and-set replaces only the expected value; delete-if-equals likewise", async () => {
      const store = await open();
      const key = unique();
      await store.set(key, "a", 10_000);
      expect(await store.compareAndSet(key, "x", "b", 10_000)).toBe(false);
      expect(await store.compareAndSet(key, "a", "b", 10_000)).toBe(true);
      expect(await store.get(key)).toBe("b");
      expect(await store.compareAndSet(unique(), "a", "b", 10_000)).toBe(false);
      expect(await store.deleteIfEquals(key, "a")).toBe(false);
      expect(await store.deleteIfEquals(key, "b")).toBe(true);
      expect(await store.get(key)).toBeNull();
    });

    it("gives a lease to one owner at a time, renews it for that owner, and passes it on when it lapses or is released", async () => {
      const store = await open();
      const lease = unique();
      expect(await holdLease(store, lease, "one", 200)).toBe(true);
      expect(await holdLease(store, lease, "two", 200)).toBe(false);
      expect(await holdLease(store, lease, "one", 200)).toBe(true);
      await new Promise((r) => setTimeout(r, 350));
      expect(await holdLease(store, lease, "two", 10_000)).toBe(true);
      await releaseLease(store, lease, "one");
      expect(await holdLease(store, lease, "one", 200)).toBe(false);
      await releaseLease(store, lease, "two");
      expect(await holdLease(store, lease, "one", 200)).toBe(true);
    });

    it("fans a message out to every subscriber of its channel, and none after unsubscribing", async () => {
      const store = await open();
      const channel = unique();
      const a: string[] = [];
      const b: string[] = [];
      const offA = await store.subscribe(channel, (m) => a.push(m));
      const offB = await store.subscribe(channel, (m) => b.push(m));
      await store.publish(channel, "one");
      await expect.poll(() => [a, b]).toEqual([["one"], ["one"]]);
      offA();
      await new Promise((r) => setTimeout(r, 50));
      await store.publish(channel, "two");
      await expect.poll(() => b).toEqual(["one", "two"]);
      expect(a).toEqual(["one"]);
      offB();
    });

    it("keeps an append-only log, newest first, capped near its size", async () => {
      const store = await open();
      const log = unique();
      for (let i = 0; i < 300; i++) await store.append(log, `e${i}`, 100);
      const all = await store.readLog(log, 1000);
      // Redis trims whole nodes (MAXLEN ~): at least the cap, never unbounded.
      expect(all.length).toBeGreaterThanOrEqual(100);
      expect(all.length).toBeLessThan(300);
      expect(all[0]?.data).toBe("e299");
      expect(all.map((e) => e.data)).toEqual(all.map((e) => e.data).sort((x, y) => Number(y.slice(1)) - Number(x.slice(1))));
      expect((await store.readLog(log, 3)).map((e) => e.data)).toEqual(["e299", "e298", "e297"]);
      expect(Math.abs((all[0]?.atMs ?? 0) - Date.now())).toBeLessThan(60_000);
    });
  });
}
