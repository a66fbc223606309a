/**
 * The shape of the transaction-log archive once parsed: typed arrays per timeline, built by
 * segment-index-build.ts and read by segment-index-query.ts. Whoever holds an index may read it
 * at any time: it changes only when its holder hands its memory to a later build, after which it
 * is no longer `live`.
 *
 * Contract (trove-api.md, "PITR extension"): two COMPLETED segments of a timeline are contiguous
 * iff the later one's start_lsn equals the earlier one's end_lsn. Contiguity is a graph, not a
 * list: overlapping or duplicated segments may give a segment several successors, so every
 * question is answered over all of them (the furthest end reachable), never by input order.
 */

/**
 * COMPLETED segments of one timeline, sorted by (start LSN, end LSN, start, end, id). LSNs are
 * split in 32-bit halves (see lsn.ts). "Reach" fields hold positions: the furthest end is
 * endMs/eHi/eLo at that position, which saves a million-entry array per derived value.
 */
export interface CompletedLog {
  readonly n: number;
  readonly sHi: Uint32Array;
  readonly sLo: Uint32Array;
  readonly eHi: Uint32Array;
  readonly eLo: Uint32Array;
  readonly startMs: Float64Array;
  readonly endMs: Float64Array;
  /** First position of the group sharing this position's start LSN. */
  readonly groupStart: Int32Array;
  /** First position of the group starting at this segment's end LSN, or -1 (zero-length: own group). */
  readonly succ: Int32Array;
  /** The segment with the latest end reachable from here through contiguous segments (itself included). */
  readonly reach: Int32Array;
  /** At each group start: the best reach over the group, which is what a predecessor reaches. */
  readonly gReach: Int32Array;
  /** The segment with the highest end LSN among positions 0..k, to bound the search for holders. */
  readonly pmEnd: Int32Array;
  /** Per group start: some non-empty segment ends where this group starts. */
  readonly hasPred: Uint8Array;
}

/** FAILED (or unknown-status) segments of one timeline, sorted by start time. */
export interface FailedLog {
  readonly startMs: Float64Array;
  readonly endMs: Float64Array;
  /** Running maximum of endMs, so "does any failed segment overlap (a, b)" is one binary search. */
  readonly pmEndMs: Float64Array;
  /** Start LSNs as "hi:lo", to recognise a failed segment that is exactly the missing link. */
  readonly startLsns: ReadonlySet<string>;
}

export interface TimelineLog {
  readonly timeline: number;
  readonly completed: CompletedLog;
  readonly failed: FailedLog;
  /** Segments of every status, duplicates removed. */
  readonly segmentCount: number;
  readonly firstLogMs: number;
  readonly lastLogMs: number;
}

export interface SegmentIndex {
  readonly timelines: ReadonlyMap<number, TimelineLog>;
  /** False once its holder gave its memory to a later build: its timelines are then gone. */
  readonly live: boolean;
}

export const EMPTY_SEGMENT_INDEX: SegmentIndex = { timelines: new Map(), live: true };
