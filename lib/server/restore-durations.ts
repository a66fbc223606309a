/**
 * How long the restores this dashboard started took, for the next restore's estimate. A restore
 * is noted when the dashboard asks Trove for it, and its duration recorded when a status read
 * first sees it settle (ACTIVE or ERROR). Kept per Trove endpoint, which names the project: one
 * project's restores say nothing to another.
 *
 * Both halves live in the shared store, so every replica's estimate uses the same history, a
 * restart forgets nothing, and a restore one replica started is timed by whichever sees it settle.
 */
import "server-only";
import { z } from "zod";
import { seenRestoreSchema, type InstanceStatus, type SeenRestore } from "@/lib/api/schemas";
import type { SharedStore } from "./store/store";

export interface RestoreHistory {
  /** Idempotent per (scope, instanceId, requestedAt): many watchers see one restore settle. */
  record(scope: string, restore: SeenRestore & { instanceId: string; requestedAt: string }): Promise<void>;
  /** Newest first, at most `limit`. */
  list(scope: string, limit: number): Promise<SeenRestore[]>;
}

/** Per scope, the newest kept: enough for any estimate, bounded however long the dashboard runs. */
const KEPT_PER_SCOPE = 50;
/** A settled restore is recorded once, however many replicas and watchers see it settle. */
const RECORDED_TTL_MS = 7 * 86_400_000;

export class StoredRestoreHistory implements RestoreHistory {
  constructor(private readonly store: SharedStore) {}

  async record(scope: string, restore: SeenRestore & { instanceId: string; requestedAt: string }): Promise<void> {
    if (!(await this.store.setIfAbsent(`restore-timed:${scope}|${restore.instanceId}|${restore.requestedAt}`, "1", RECORDED_TTL_MS)))
      return;
    const { seconds, outcome, chainSizeGb, incrementals, backupSeconds, finishedAt } = restore;
    await this.store.append(
      `restore-durations:${scope}`,
      JSON.stringify({ seconds, outcome, chainSizeGb, incrementals, backupSeconds, finishedAt }),
      KEPT_PER_SCOPE,
    );
  }

  async list(scope: string, limit: number): Promise<SeenRestore[]> {
    const entries = await this.store.readLog(`restore-durations:${scope}`, Math.min(limit, KEPT_PER_SCOPE));
    // What comes back from the store is an edge like any other: an entry that does not parse is skipped.
    const seen = entries.flatMap((e) => {
      const parsed = seenRestoreSchema.safeParse(safeJson(e.data));
      return parsed.success ? [parsed.data] : [];
    });
    return seen.sort((x, y) => (x.finishedAt < y.finishedAt ? 1 : x.finishedAt > y.finishedAt ? -1 : 0)).slice(0, limit);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

interface InFlight {
  requestedAt: string;
  chainSizeGb: number | null;
  incrementals: number;
  backupSeconds: number | null;
}

const inFlightSchema = z.object({
  requestedAt: z.string(),
  chainSizeGb: z.number().nullable(),
  incrementals: z.number().int().nonnegative(),
  backupSeconds: z.number().nullable(),
});

/** A restore nobody watched to the end for a day is forgotten: its duration would be a guess. */
const IN_FLIGHT_TTL_MS = 86_400_000;

/** The restores this dashboard started and no status read has yet seen settle. */
export class RestoresInFlight {
  constructor(private readonly store: SharedStore) {}

  async started(scope: string, instanceId: string, restore: InFlight): Promise<void> {
    await this.store.set(`restore-in-flight:${scope}|${instanceId}`, JSON.stringify(restore), IN_FLIGHT_TTL_MS);
  }

  /**
   * Called with every status read: once the instance has settled, its duration (request to the
   * status's `updated`, Trove's time of the change) goes to `history`.
   */
  async observe(scope: string, status: InstanceStatus, history: RestoreHistory, nowMs: number): Promise<void> {
    if (!status.done) return;
    const key = `restore-in-flight:${scope}|${status.id}`;
    const raw = await this.store.get(key);
    if (raw === null) return;
    const parsed = inFlightSchema.safeParse(safeJson(raw));
    if (!parsed.success) {
      await this.store.deleteIfEquals(key, raw);
      return;
    }
    const entry = parsed.data;
    const requested = Date.parse(entry.requestedAt);
    if (nowMs - requested > IN_FLIGHT_TTL_MS) {
      await this.store.deleteIfEquals(key, raw);
      return;
    }
    const finished = Date.parse(status.updated);
    // Settled before the request: the instance as it was before an in-place recovery began.
    if (!(finished >= requested)) return;
    // Only the reader that removes the entry records it.
    if (!(await this.store.deleteIfEquals(key, raw))) return;
    await history.record(scope, {
      instanceId: status.id,
      requestedAt: entry.requestedAt,
      seconds: Math.round((finished - requested) / 1000),
      outcome: status.tone === "error" ? "ERROR" : "ACTIVE",
      chainSizeGb: entry.chainSizeGb,
      incrementals: entry.incrementals,
      backupSeconds: entry.backupSeconds,
      finishedAt: status.updated,
    });
  }
}
