/**
 * The seam between the API (which records what was asked and when) and what happens inside a
 * database instance: writing the transaction log, taking a backup, restoring to a point. The
 * simulated engine (simulated-engine.ts) fakes the inside deterministically; the PostgreSQL engine
 * (postgres/engine.ts) runs real clusters with pgBackRest. The HTTP layer never sees an engine: it
 * calls lifecycle.ts, which drives one.
 *
 * Work is started with `begin…` and collected with `settle…`: a simulated engine answers by the
 * clock, a real one when its processes are done. Engines write what they produce into the store
 * (segments) and update the instance row they are given in place; lifecycle.ts persists the row.
 */
import type { BackupRow, InstanceRow } from "./store";

export interface BackupResult {
  /** When it finished. */
  at: number;
  /** Where and when the backup is consistent: a restore from it starts there. */
  consistentLsn: string;
  consistentMs: number;
  timeline: number;
  /** GB, as Trove reports backup sizes. */
  size: number;
  locationRef: string;
  /** The backup it really builds on, when the engine decides that itself (pgBackRest does). */
  parentId?: string | null;
}

/** Where a restored instance's data really ends: its last committed transaction. */
export interface LastCommit {
  timeMs: number;
  /** Decimal LSN of the commit record, or null when the engine could not find it. */
  lsn: string | null;
}

export interface OperationResult {
  /** When it finished (a simulated engine replays deadlines at their own time). */
  at: number;
  /** The timeline the instance writes from now on, and the LSN it starts at. */
  timeline: number;
  lsn: bigint;
  /** Restores and recoveries only. */
  lastCommit: LastCommit | null;
}

/** A look at the data as it was at a point, in a short-lived scratch cluster (never an instance). */
export interface PreviewSpec {
  base: BackupRow;
  pointMs: number;
  /** Stop just before this LSN instead of at pointMs. */
  lsn: string | null;
  database: string;
  query: string;
  userId: string;
}

export interface PreviewResult {
  columns: string[];
  rows: string[][];
  /** More rows than the limit: only the first `rowLimit` are given. */
  truncated: boolean;
  rowLimit: number;
  /** Whether the scratch cluster already stood at this point (no restore needed). */
  reused: boolean;
  elapsedMs: number;
  expiresAtMs: number;
}

/** An engine's refusal in words the caller can act on: the HTTP layer answers it in Trove's shape. */
export class EngineRefusal extends Error {
  constructor(
    readonly status: 400 | 429,
    message: string,
  ) {
    super(message);
  }
}

export type Settled<T> = { ok: true; value: T } | { ok: false; at: number; reason: string };

export interface Engine {
  readonly name: string;
  /**
   * Whether work in flight (a restore, a recovery, a backup) of a datastore survives a restart of
   * the backend. When not, lifecycle.ts fails it explicitly on start-up instead of leaving it in BUILD.
   */
  resumes(datastoreType: string): boolean;
  /** Whether it can write a datastore's past (the demo world's 14 days) rather than only live from now on. */
  fabricatesHistory(datastoreType: string): boolean;

  /**
   * Starts the operation recorded on the instance (`op`: build, restore or recovery, with
   * op_backup_id and op_point_ms). Returns when settleOperation is first worth asking.
   */
  beginOperation(instance: InstanceRow, now: number): number;
  /** The outcome of the instance's operation, or null while it runs. */
  settleOperation(instance: InstanceRow, now: number): Settled<OperationResult> | null;

  /** Starts a backup of a running instance. Returns when it shows BUILDING and when to ask for it. */
  beginBackup(instance: InstanceRow, backup: BackupRow, now: number): { buildingAt: number; settleAt: number };
  /** The outcome of a backup, or null while it runs. */
  settleBackup(backup: BackupRow, now: number): Settled<BackupResult> | null;
  /** The backups (a full and the incrementals on it) are gone from the API: free what holds them. */
  removeBackups(instance: InstanceRow | undefined, backups: readonly BackupRow[]): void;

  /** The instance came up at `at` (created, restored or recovered) and writes `timeline` from `lsn` on. */
  startLog(instance: InstanceRow, at: number, timeline: number, lsn: bigint): void;
  /** Archives every segment finished by `now`; the one being written stays BUILDING. */
  writeLog(instance: InstanceRow, now: number): void;
  /** The instance stops writing at `at` (recovery begins, or it failed): the open segment is archived as it is. */
  stopLog(instance: InstanceRow, at: number): void;

  /** Runs a read-only query against the data as it was at a point; throws EngineRefusal when it cannot. */
  preview(instance: InstanceRow, spec: PreviewSpec): Promise<PreviewResult>;
  /** Enables the superuser; the credentials work against the instance's address. */
  enableRoot(instance: InstanceRow): Promise<{ name: string; password: string }>;
  /** The instance is deleted: stop what runs for it and remove its files. */
  removeInstance(instance: InstanceRow): void;
  /** The backend is stopping: nothing it started may outlive it. */
  close(): Promise<void>;
}
