import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { UpstreamError } from "@/lib/domain/errors";
import { idempotencyId, IdempotencyStore, type IdempotentWork } from "./idempotency";
import { SqliteStore } from "./store/sqlite-store";

const scope = { key: "k1", userId: "u", projectId: "p", instanceId: "i" };
const intentSchema = z.object({ name: z.string() });
type Intent = z.infer<typeof intentSchema>;

/** A store with a clock the test moves. */
function world(file = ":memory:") {
  let now = 1_000_000;
  const store = new SqliteStore(file, () => now);
  const replica = (maxPerUser?: number) =>
    new IdempotencyStore<string, Intent>(store, { answer: z.string(), intent: intentSchema, maxPerUser, now: () => now, waitMs: 5_000 });
  return { store, replica, advance: (ms: number) => (now += ms) };
}

const answer = (value: string | (() => Promise<string>)): IdempotentWork<string, Intent> => ({
  send: typeof value === "string" ? async () => value : value,
});

const opened: SqliteStore[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

describe("IdempotencyStore", () => {
  it("runs concurrent duplicates once and gives both the same answer", async () => {
    const { replica } = world();
    const restores = replica();
    let runs = 0;
    let release!: (n: string) => void;
    const work = answer(() => {
      runs++;
      return new Promise<string>((resolve) => (release = resolve));
    });
    const a = restores.run(scope, "f", work);
    const b = restores.run(scope, "f", work);
    await new Promise((r) => setTimeout(r, 20));
    release("42");
    expect(await Promise.all([a, b])).toEqual(["42", "42"]);
    expect(await restores.run(scope, "f", work)).toBe("42");
    expect(runs).toBe(1);
  });

  it("runs a duplicate that reaches another replica once: that one waits for the holder's answer", async () => {
    const { replica } = world();
    const [one, two] = [replica(), replica()];
    let runs = 0;
    let release!: (n: string) => void;
    const work = answer(() => {
      runs++;
      return new Promise<string>((resolve) => (release = resolve));
    });
    const a = one.run(scope, "f", work);
    await new Promise((r) => setTimeout(r, 20));
    const b = two.run(scope, "f", work);
    await new Promise((r) => setTimeout(r, 200));
    release("first");
    expect(await Promise.all([a, b])).toEqual(["first", "first"]);
    expect(runs).toBe(1);
  });

  it("scopes keys by user, project and instance", async () => {
    const restores = world().replica();
    expect(await restores.run(scope, "f", answer("a"))).toBe("a");
    expect(await restores.run({ ...scope, userId: "other" }, "f", answer("b"))).toBe("b");
    expect(await restores.run({ ...scope, instanceId: "other" }, "f", answer("c"))).toBe("c");
  });

  it("refuses the same key with another body (422), on any replica", async () => {
    const { replica } = world();
    await replica().run(scope, "f", answer("a"));
    await expect(replica().run(scope, "g", answer("b"))).rejects.toMatchObject({ status: 422, code: "idempotency_key_reused" });
  });

  it("forgets a failure so the same key can be retried, with the same body or a corrected one", async () => {
    const { replica } = world();
    const restores = replica();
    await expect(
      restores.run(
        scope,
        "f",
        answer(() => Promise.reject(new UpstreamError("unavailable", "down"))),
      ),
    ).rejects.toThrow("down");
    await expect(
      replica().run(
        scope,
        "g",
        answer(() => Promise.reject(new UpstreamError("rejected", "volume too small"))),
      ),
    ).rejects.toThrow("volume too small");
    expect(await restores.run(scope, "f", answer("ok"))).toBe("ok");
  });

  it("gives a failure to the duplicate that waited on it (on another replica) instead of running again", async () => {
    const { replica } = world();
    let runs = 0;
    let fail!: () => void;
    const work = answer(() => {
      runs++;
      return new Promise<string>((_, reject) => (fail = () => reject(new UpstreamError("unavailable", "down"))));
    });
    const a = replica().run(scope, "f", work);
    await new Promise((r) => setTimeout(r, 20));
    const b = replica().run(scope, "f", work);
    await new Promise((r) => setTimeout(r, 200));
    fail();
    await expect(a).rejects.toThrow("down");
    await expect(b).rejects.toMatchObject({ code: "upstream_unavailable", message: "down" });
    expect(runs).toBe(1);
  });

  it("keeps a write whose outcome is unknown, so a retry cannot restore twice", async () => {
    const { replica, advance } = world();
    const timeout = new UpstreamError("timeout", "slow", null, true);
    await expect(
      replica().run(
        scope,
        "f",
        answer(() => Promise.reject(timeout)),
      ),
    ).rejects.toBe(timeout);
    advance(3600_000);
    await expect(replica().run(scope, "f", answer("second"))).rejects.toMatchObject({
      status: 504,
      code: "upstream_timeout",
      message: "slow",
    });
  });

  it("expires answers after 24 h", async () => {
    const { replica, advance } = world();
    await replica().run(scope, "f", answer("old"));
    advance(24 * 3600_000 + 1);
    expect(await replica().run(scope, "f", answer("new"))).toBe("new");
  });

  it("keeps answers across a restart (same file, new process state)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tpd-idem-"));
    try {
      const first = world(path.join(dir, "store.sqlite"));
      await first.replica().run(scope, "f", answer("before"));
      await first.store.close();
      const second = world(path.join(dir, "store.sqlite"));
      opened.push(second.store);
      expect(await second.replica().run(scope, "f", answer("after"))).toBe("before");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("bounds records per user: one user's restores do not push out another's", async () => {
    const restores = world().replica(3);
    await restores.run(scope, "f", answer("mine"));
    for (let i = 0; i < 10; i++) await restores.run({ ...scope, key: `k${i}`, userId: "flood" }, "f", answer(`flood ${i}`));
    expect(await restores.run(scope, "f", answer("again"))).toBe("mine");
    // The flood's oldest answers made room for its newer ones.
    expect(await restores.run({ ...scope, key: "k0", userId: "flood" }, "f", answer("k0 again"))).toBe("k0 again");
    expect(await restores.run({ ...scope, key: "k9", userId: "flood" }, "f", answer("k9 again"))).toBe("flood 9");
  });

  it("never drops a record whose outcome is unknown to make room: the next restore is refused (429)", async () => {
    const restores = world().replica(2);
    const timeout = new UpstreamError("timeout", "slow", null, true);
    await expect(
      restores.run(
        scope,
        "f",
        answer(() => Promise.reject(timeout)),
      ),
    ).rejects.toBe(timeout);
    await restores.run({ ...scope, key: "k2" }, "f", answer("done"));
    // The settled answer makes room; the unknown outcome stays.
    void restores.run(
      { ...scope, key: "k3" },
      "f",
      answer(() => new Promise<string>(() => {})),
    );
    await new Promise((r) => setTimeout(r, 20));
    await expect(restores.run({ ...scope, key: "k4" }, "f", answer("fourth"))).rejects.toMatchObject({
      status: 429,
      code: "too_many_open_restores",
    });
    await expect(restores.run(scope, "f", answer("second"))).rejects.toMatchObject({ code: "upstream_timeout" });
  });

  describe("a claim whose holder died", () => {
    const orphan = (state: "claimed" | "sending") =>
      JSON.stringify({ fingerprint: "f", state, ...(state === "sending" ? { intent: { name: "copy-1" } } : {}) });

    it("had sent its write: Trove is asked, and what it shows is the answer; nothing is sent again", async () => {
      const { store, replica } = world();
      await store.set(`idem:${idempotencyId(scope)}`, orphan("sending"), 3600_000);
      const asked: Intent[] = [];
      let sent = 0;
      const answerNow = await replica().run(scope, "f", {
        send: async () => `sent ${++sent}`,
        resolve: async (intent) => {
          asked.push(intent);
          return "found in Trove";
        },
      });
      expect(answerNow).toBe("found in Trove");
      expect(asked).toEqual([{ name: "copy-1" }]);
      expect(sent).toBe(0);
      expect(await replica().run(scope, "f", answer("again"))).toBe("found in Trove");
    });

    it("had sent its write but Trove shows nothing: it is sent again, once", async () => {
      const { store, replica } = world();
      await store.set(`idem:${idempotencyId(scope)}`, orphan("sending"), 3600_000);
      let sent = 0;
      const work: IdempotentWork<string, Intent> = { send: async () => `sent ${++sent}`, resolve: async () => null };
      expect(await Promise.all([replica().run(scope, "f", work), replica().run(scope, "f", work)])).toEqual(["sent 1", "sent 1"]);
      expect(sent).toBe(1);
    });

    it("had not got as far as sending: the next request runs it", async () => {
      const { store, replica } = world();
      await store.set(`idem:${idempotencyId(scope)}`, orphan("claimed"), 3600_000);
      let resolved = 0;
      expect(await replica().run(scope, "f", { send: async () => "ran", resolve: async () => (resolved++, "no") })).toBe("ran");
      expect(resolved).toBe(0);
    });

    it("is waited for while its holder is alive (its lease is renewed)", async () => {
      const { replica } = world();
      let release!: (v: string) => void;
      const slow = replica().run(scope, "f", {
        send: async (sending) => (await sending({ name: "x" }), new Promise<string>((r) => (release = r))),
      });
      await new Promise((r) => setTimeout(r, 20));
      let resolved = 0;
      const waiter = replica().run(scope, "f", { send: async () => "second", resolve: async () => (resolved++, "from Trove") });
      await new Promise((r) => setTimeout(r, 300));
      release("first");
      expect(await Promise.all([slow, waiter])).toEqual(["first", "first"]);
      expect(resolved).toBe(0);
    });
  });
});
