/**
 * The seam between the API (which records what was asked and when) and what happens inside a
 * database instance: writing the transaction log, taking a backup, restoring to a point. The
 * simulated engine (simulated-engine.ts) fakes the inside deterministically; an engine running
 * real PostgreSQL clusters (WAL archive, base backups, recovery_target_time) fits the same shape.
 * The HTTP layer never sees an engine: it calls lifecycle.ts, which drives one.
 *
 * Engines write what they produce into the store (segments) and update the instance row they are
 * given in place; lifecycle.ts persists the row.
 */
import type { BackupRow, InstanceRow } from "./store";

export interface BackupResult {
  /** Where and when the backup is consistent: a restore from it starts there. */
  consistentLsn: string;
  consistentMs: number;
  timeline: number;
  /** GB, as Trove reports backup sizes. */
  size: number;
  locationRef: string;
}

export interface Engine {
  readonly name: string;
  /**
   * Whether work in flight (a restore, a recovery, a backup) survives a restart of the backend.
   * When not, lifecycle.ts fails it explicitly on start-up instead of leaving it in BUILD.
   */
  readonly resumable: boolean;
  /** The instance came up at `at` (created, restored or recovered) and writes `timeline` from `lsn` on. */
  startLog(instance: InstanceRow, at: number, timeline: number, lsn: bigint): void;
  /** Archives every segment finished by `now`; the one being written stays BUILDING. */
  writeLog(instance: InstanceRow, now: number): void;
  /** The instance stops writing at `at` (recovery begins, or it failed): the open segment is archived as it is. */
  stopLog(instance: InstanceRow, at: number): void;
  /** The LSN the instance's log had reached at `at` on `timeline`, or null if no segment holds `at`. */
  positionAt(instanceId: string, timeline: number, at: number): bigint | null;
  /** A backup of `instance` finishes at `at`. */
  finishBackup(instance: InstanceRow, backup: BackupRow, at: number): BackupResult;
  /**
   * Restores `base` replayed up to `pointMs` (on the base's timeline): the LSN the restored data
   * ends at, from which its own log continues. Null: the archive cannot take it there.
   */
  restoreTo(base: BackupRow, pointMs: number): bigint | null;
}
