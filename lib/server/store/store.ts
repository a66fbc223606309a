/**
 * The dashboard's server state, shared by every replica: one small interface, two implementations
 * (SQLite in the data directory by default, Redis with REDIS_URL). Values are strings (callers
 * parse them with zod: what comes back from a store is an edge like any other). Nothing outside
 * lib/server/store knows which implementation runs.
 */
import "server-only";
import { AppError } from "@/lib/domain/errors";

export interface LogEntry {
  /** Increasing within one log. */
  id: string;
  /** When it was appended, ms since the epoch (the store's clock). */
  atMs: number;
  data: string;
}

export interface SharedStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets `key` only when it holds nothing: the atomic claim. True when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Replaces the value only while it is still `expected` (compare-and-set). True when replaced. */
  compareAndSet(key: string, expected: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes `key` only while it is still `expected`. */
  deleteIfEquals(key: string, expected: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Fan-out to every subscriber of `channel`, on every replica sharing the store. */
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once subscribed; the answer unsubscribes this listener. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => void>;
  /** Appends to an append-only log that keeps its newest `maxEntries` (roughly, in Redis). */
  append(log: string, data: string, maxEntries: number): Promise<LogEntry>;
  /** The newest `limit` entries, newest first. */
  readLog(log: string, limit: number): Promise<LogEntry[]>;
  close(): Promise<void>;
}

/**
 * The store cannot be reached. Writes to the cloud are refused with it (never a restore without
 * its idempotency claim or a write without its audit record); reads go on without the store.
 */
export class StoreUnavailableError extends AppError {
  constructor() {
    super(
      503,
      "store_unavailable",
      "The dashboard cannot reach its shared state store right now, so it refuses restores, recoveries and backups until it is back (reading keeps working). Try again in a moment.",
      { retryable: true },
    );
  }
}

/**
 * Holds lease `name` for `owner` for `ttlMs`, or renews it when `owner` already holds it; false
 * while someone else does. A holder that dies stops renewing, and the lease passes on after `ttlMs`.
 */
export async function holdLease(store: SharedStore, name: string, owner: string, ttlMs: number): Promise<boolean> {
  if (await store.setIfAbsent(name, owner, ttlMs)) return true;
  return store.compareAndSet(name, owner, owner, ttlMs);
}

export async function releaseLease(store: SharedStore, name: string, owner: string): Promise<void> {
  await store.deleteIfEquals(name, owner);
}
