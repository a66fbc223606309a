/**
 * SharedComputations across replicas: an answer computed on one replica is kept in the shared store
 * for `ttlMs`, and any replica asked within that time answers with it (parsed with `schema`, as
 * anything read back from the store). Within one replica, concurrent requests still join the one
 * computation under way. The store is only a cache here: when it cannot be reached, each replica
 * computes for itself, as reads must keep working. Two replicas asked at the same moment may both
 * compute; the later answer is kept.
 */
import "server-only";
import type { z } from "zod";
import { SharedComputations } from "./shared-computation";
import type { SharedStore } from "./store/store";

export class StoredComputations<T> {
  private readonly local: SharedComputations<T>;

  constructor(
    private readonly store: SharedStore,
    private readonly prefix: string,
    private readonly ttlMs: number,
    private readonly schema: z.ZodType<T>,
  ) {
    this.local = new SharedComputations(ttlMs);
  }

  async get(key: string, nowMs: number, fresh: boolean, compute: () => Promise<T>): Promise<T> {
    const storeKey = `${this.prefix}:${key}`;
    if (!fresh) {
      const kept = await this.store.get(storeKey).catch(() => null);
      if (kept !== null) {
        const parsed = this.schema.safeParse(parseOrNull(kept));
        if (parsed.success) return parsed.data;
      }
    }
    return this.local.get(key, nowMs, fresh, async () => {
      const answer = await compute();
      await this.store.set(storeKey, JSON.stringify(answer), this.ttlMs).catch(() => undefined);
      return answer;
    });
  }
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
