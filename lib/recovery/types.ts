/**
 * The recovery core's vocabulary. Everything here is plain, serialisable data:
 * the dashboard's server, its UI and the embedded backend all exchange it.
 *
 * Times: inputs accept Trove's zone-less timestamps ("2026-11-20T10:03:17", read as UTC)
 * and ISO 8601 strings with an offset; outputs are always ISO 8601 UTC to the second
 * ("2026-11-20T10:03:17Z"). Intervals are closed: [start, end].
 * LSNs are unsigned 64-bit integers written as decimal strings; compare them as BigInt.
 */

/** What the backend can do: `pitr` advertises the PITR extension, `stock` is plain Trove. */
export type Capability = "pitr" | "stock";

/** A backup as Trove reports it, already reshaped from the wire (see lib/trove). */
export interface BackupRecord {
  id: string;
  name: string;
  /** Trove backup status: NEW, BUILDING, SAVING, COMPLETED, FAILED, DELETE_FAILED, RESTORED. */
  status: string;
  /** null for a full backup. */
  parentId: string | null;
  created: string;
  updated: string;
  /** PITR extension only, present once COMPLETED. */
  consistentLsn?: string | null;
  consistentTime?: string | null;
  timeline?: number | null;
}

/** One archived transaction-log segment (PITR extension only). */
export interface LogSegment {
  id: string;
  timeline: number;
  /** COMPLETED, FAILED, or BUILDING (being written now). */
  status: string;
  start: string;
  end: string;
  startLsn: string;
  endLsn: string;
}

export interface RecoveryInput {
  capability: Capability;
  backups: readonly BackupRecord[];
  /** Ignored when capability is `stock`. */
  segments: readonly LogSegment[];
}

export type BaseUnusableCode = "not-completed" | "missing-ancestor" | "unusable-ancestor" | "chain-cycle" | "no-consistent-point";

/** Every backup, judged as a possible base for a restore. */
export interface BaseVerdict {
  backupId: string;
  name: string;
  kind: "full" | "incremental";
  status: string;
  restorable: boolean;
  /** Set when not restorable. */
  reasonCode?: BaseUnusableCode;
  /** A sentence a person can act on, e.g. "parent backup 'inc-3' is FAILED". */
  reason?: string;
  /** Ids from the full backup down to this one (as far as they exist; for a cycle, its members ending here). */
  chain: string[];
  parentId: string | null;
  /** The instant this base is consistent at: consistentTime on PITR, `updated` on stock. */
  consistentTime: string | null;
  consistentLsn: string | null;
  timeline: number | null;
  created: string;
  updated: string;
}

export interface Interval {
  start: string;
  end: string;
}

/** The span one restorable base can reach by replaying contiguous logs. */
export interface RecoveryWindow extends Interval {
  baseId: string;
  timeline: number | null;
  /** LSN range replayable from this base (null on stock or when no segment holds the base). */
  startLsn: string | null;
  endLsn: string | null;
}

export type GapCause = "missing-segment" | "failed-segment" | "lsn-discontinuity" | "broken-chain";

/**
 * A hole inside the covered history, with its cause. Bounded by the last and first covered
 * instants: no second strictly inside is recoverable (a base consistent inside a log hole
 * splits the gap around its instant). Causes: `missing-segment` (no segment covers the time),
 * `failed-segment` (a FAILED segment does, or is exactly the missing LSN link),
 * `lsn-discontinuity` (times touch or overlap but the next segment does not start at the
 * previous end LSN: a zero-length gap at the instant the log stops), `broken-chain` (time only
 * an unusable base's window would cover: a COMPLETED backup whose ancestor is missing, not
 * COMPLETED, or in a cycle; the message names it and the reason).
 */
export interface Gap extends Interval {
  timeline: number | null;
  cause: GapCause;
  durationSeconds: number;
  /** e.g. "7-minute gap in the transaction log, 10:05:00–10:12:00 UTC (missing segment)". */
  message: string;
}

export interface TimelineSummary {
  timeline: number;
  /** Log coverage of this timeline, summarised as maximal contiguous COMPLETED runs. */
  coverage: Interval[];
  segmentCount: number;
  firstLogTime: string | null;
  lastLogTime: string | null;
  /** Union of the windows whose base lives on this timeline. */
  windows: Interval[];
}

export interface Recoverability {
  capability: Capability;
  bases: BaseVerdict[];
  windows: RecoveryWindow[];
  /** Union of all windows: sorted, non-overlapping, non-adjacent merged. */
  recoverable: Interval[];
  earliest: string | null;
  latest: string | null;
  gaps: Gap[];
  timelines: TimelineSummary[];
}

/** What a recovery replays: from the base's consistent LSN to the end of the segment holding the point. */
export interface ReplayRange {
  timeline: number;
  fromLsn: string;
  toLsn: string;
  from: string;
  to: string;
  segmentCount: number;
}

export type PointRefusalCode = "invalid-time" | "no-restorable-base" | "before-earliest" | "after-latest" | "in-gap" | "not-covered";

export type PointVerdict =
  | {
      recoverable: true;
      point: string;
      base: BaseVerdict;
      window: RecoveryWindow;
      /**
       * null when the point is the base's own consistent instant (nothing to replay), on stock
       * Trove, or when explainPoint was called without the archive (the browser's inline feedback:
       * the per-segment range needs the archive, which stays on the server).
       */
      replay: ReplayRange | null;
    }
  | {
      recoverable: false;
      point: string;
      code: PointRefusalCode;
      /** A sentence a person can act on. */
      reason: string;
      gap?: Gap;
      nearestBefore: string | null;
      nearestAfter: string | null;
    };
