/**
 * What Trove never changes, kept between requests: backups in a terminal state (COMPLETED, FAILED)
 * and archived log segments, per Trove endpoint + project + instance.
 *
 * Why sharing is safe: every read still asks Trove with the caller's own token, at least the newest
 * page, and an error there (401, 403, 404) ends the read before anything kept is looked at. What is
 * kept only completes an answer Trove has just given that token, for that same project and instance;
 * it never answers on its own, and nothing kept under one project is reachable from another.
 *
 * Freshness: Trove lists backups newest first, so the next read stops at the first page holding
 * nothing new, and a page read is the whole truth for its time range (a kept backup newer than the
 * oldest one read, and missing from it, was deleted). Older deletions are seen by the full re-read
 * every `fullRereadMs` (for logs, at each instance's own phase of it, so a fleet's are spread).
 * Segments are read from an hour before the newest archived end kept onwards. Anything that decides
 * an action (a restore) asks for `fresh`: a full read, never the kept copy.
 *
 * One exception to "Trove is asked every read", for display only: the admin fleet overview may pass
 * `maxAgeMs` and take an instance's log as Trove listed it at most that long ago. It asks Trove for
 * the fleet's instance list with the same token in the same computation, so every instance it shows
 * is one that token has just been shown; the kept answer is under that token's own project key.
 * And the instances and backups pages may show an instance's kept backups without a read of its own
 * when the project's newest backup, just listed by Trove with the same token, proves nothing was made
 * since (`vouchedBackups`).
 */
import "server-only";
import { compareLsn, formatUtc, parseTroveTime, type LogSegment } from "@/lib/recovery";
import type { Backup, TroveClient } from "@/lib/trove/client";
import { boundaryPassed } from "./spread";

/** A deleted backup older than the pages read disappears within this time. */
export const FULL_REREAD_MS = 5 * 60_000;
/**
 * The probe: Trove 18 spends ~7 ms per backup it lists (18 ms for a page of 1, 100 ms for its default
 * 20). One backup tells whether anything is new: the newest one, known and unchanged, ends the read.
 */
const PROBE_LIMIT = 1;
const NEXT_PAGE_LIMIT = 20;
/** A fleet gains a few backups a minute: one page of 50 usually holds them all. */
const FLEET_PROBE_LIMIT = 50;
const FLEET_PAGE_LIMIT = 1000;
/** Segments just before the oldest base may hold its consistent LSN (their end is a commit time). */
const LOG_MARGIN_MS = 3_600_000;
/** How far back from the newest archived segment kept each read looks again. */
const LOG_RECHECK_MS = 3_600_000;
/** How far Trove's clock may be ahead of the dashboard's for vouchedBackups' proof. */
const CLOCK_SKEW_MS = 60_000;
/** Instances remembered per kind, least recently used dropped first: bounded memory. */
const MAX_ENTRIES = 20_000;

const TERMINAL_BACKUP = new Set(["COMPLETED", "FAILED"]);
const isArchived = (s: LogSegment) => s.status === "COMPLETED" || s.status === "FAILED";

interface BackupEntry {
  /** Newest first, as Trove lists them; running ones too, so the next read looks for them again. */
  backups: Backup[];
  fullAt: number;
  /** When the last read of Trove began (full or not): everything created before then is in `backups`. */
  readAt: number;
}

interface LogEntry {
  /** Archived segments only: the one being written changes. */
  segments: LogSegment[];
  /** The `since` of the full read they came from (null: the whole archive). */
  since: string | null;
  fullAt: number;
  /** The last answer given, for a `maxAgeMs` read of the same `since` (the same array: its analysis can be reused). */
  last: { since: string | null; at: number; segments: LogSegment[] };
}

export interface ReadStats {
  full: number;
  incremental: number;
  /** `maxAgeMs` reads answered with the last answer, no upstream call. */
  reused: number;
}

export interface LogReadOptions {
  nowMs: number;
  since: string | null;
  fresh?: boolean;
  /** Display only: the last answer for the same `since` will do when Trove gave it at most this long ago. */
  maxAgeMs?: number;
}

export class UpstreamCache {
  private readonly backups = new Map<string, BackupEntry>();
  private readonly logs = new Map<string, LogEntry>();
  /**
   * Reads under way, by key and token: a second page load while a slow full read runs joins it
   * rather than asking Trove again. Only the same token joins, so Trove has checked every caller.
   */
  private readonly inflight = new Map<string, Promise<unknown>>();
  readonly stats: ReadStats = { full: 0, incremental: 0, reused: 0 };

  constructor(
    private readonly fullRereadMs = FULL_REREAD_MS,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  private shared<T>(trove: TroveClient, key: string | null, what: string, fresh: boolean | undefined, read: () => Promise<T>): Promise<T> {
    // What decides an action is read now, never joined to a read that began earlier.
    if (key === null || fresh) return read();
    const id = JSON.stringify([what, key, trove.http.token]);
    const running = this.inflight.get(id) as Promise<T> | undefined;
    if (running) return running;
    const promise = read().finally(() => this.inflight.delete(id));
    this.inflight.set(id, promise);
    return promise;
  }

  /** Null when the client does not say whose view it reads: then nothing is kept for it. */
  private key(trove: TroveClient, instanceId: string): string | null {
    return trove.projectId ? JSON.stringify([trove.http.endpoint, trove.projectId, instanceId]) : null;
  }

  private put<E>(map: Map<string, E>, key: string, entry: E): void {
    map.delete(key);
    map.set(key, entry);
    if (map.size > this.maxEntries) map.delete(map.keys().next().value as string);
  }

  /** What the last read of an instance's backups found (no upstream call), or null. */
  peekBackups(trove: TroveClient, instanceId: string): readonly Backup[] | null {
    const key = this.key(trove, instanceId);
    return (key === null ? undefined : this.backups.get(key)?.backups) ?? null;
  }

  /**
   * The project's newest backup as Trove lists it now (one backup: Trove 18 answers that in ~16 ms,
   * where a probe per instance costs ~34 ms each), or null when the project has none.
   */
  async projectNewestBackup(trove: TroveClient): Promise<Backup | null> {
    for await (const page of trove.projectBackupPages({ firstPageLimit: 1, parallel: false })) return page[0] ?? null;
    return null;
  }

  /**
   * An instance's kept backups when `newest` — the project's newest backup, just listed by Trove with
   * this token — proves nothing was made since they were read, so a page can show them without a call
   * per instance; null when it does not (then read as usual). Display only, like any kept answer.
   * Proof: `newest` is kept unchanged under its own instance, no kept backup of this instance is still
   * running, and this instance's last read began after `newest` was created (with a margin for clock
   * skew): a backup missing here would have been created after that read, so after `newest`, and would
   * be the newest itself. Deletions are seen at the next full re-read, as for any kept backup.
   */
  vouchedBackups(trove: TroveClient, instanceId: string, newest: Backup | null, nowMs: number): readonly Backup[] | null {
    const key = this.key(trove, instanceId);
    const held = key === null ? undefined : this.backups.get(key);
    if (!held || nowMs - held.fullAt >= this.fullRereadMs) return null;
    if (held.backups.some((b) => !TERMINAL_BACKUP.has(b.status))) return null;
    if (newest === null) return [];
    if (!TERMINAL_BACKUP.has(newest.status) || newest.instanceId === null) return null;
    const home = this.backups.get(this.key(trove, newest.instanceId) ?? "");
    const same = home?.backups.find((b) => b.id === newest.id);
    if (!same || same.status !== newest.status || same.updated !== newest.updated) return null;
    return held.readAt >= parseTroveTime(newest.created) + CLOCK_SKEW_MS ? held.backups : null;
  }

  /** An instance's backups, newest first, as Trove lists them now. */
  instanceBackups(trove: TroveClient, instanceId: string, options: { nowMs: number; fresh?: boolean }): Promise<Backup[]> {
    const key = this.key(trove, instanceId);
    return this.shared(trove, key, "backups", options.fresh, () =>
      this.backupList(
        key,
        options,
        () => trove.listInstanceBackups(instanceId),
        () => trove.instanceBackupPages(instanceId, { firstPageLimit: PROBE_LIMIT, pageLimit: NEXT_PAGE_LIMIT, parallel: false }),
      ),
    );
  }

  /** Every project's backups (an admin's fleet-wide list), newest first, as Trove lists them now. */
  fleetBackups(trove: TroveClient, options: { nowMs: number; fresh?: boolean }): Promise<Backup[]> {
    const key = this.key(trove, "\u0000all-projects");
    return this.shared(trove, key, "backups", options.fresh, () =>
      this.backupList(
        key,
        options,
        () => trove.listBackups({ allProjects: true }),
        () =>
          trove.projectBackupPages({ allProjects: true, firstPageLimit: FLEET_PROBE_LIMIT, pageLimit: FLEET_PAGE_LIMIT, parallel: false }),
      ),
    );
  }

  private async backupList(
    key: string | null,
    options: { nowMs: number; fresh?: boolean },
    readAll: () => Promise<Backup[]>,
    readPages: () => AsyncGenerator<Backup[]>,
  ): Promise<Backup[]> {
    const held = key === null ? undefined : this.backups.get(key);
    if (key === null || options.fresh || !held || options.nowMs - held.fullAt >= this.fullRereadMs) {
      this.stats.full++;
      const all = await readAll();
      if (key !== null) this.put(this.backups, key, { backups: all, fullAt: options.nowMs, readAt: options.nowMs });
      return all;
    }
    this.stats.incremental++;
    const known = new Map(held.backups.map((b) => [b.id, b]));
    const seen = new Map<string, Backup>();
    let oldestSeenMs = Infinity;
    let complete = true;
    for await (const page of readPages()) {
      let news = false;
      for (const b of page) {
        if (seen.has(b.id)) continue;
        seen.set(b.id, b);
        const before = known.get(b.id);
        // A running one seen again unchanged is nothing new; it is looked for on every read until it ends.
        if (!before || before.status !== b.status || before.updated !== b.updated) news = true;
        oldestSeenMs = Math.min(oldestSeenMs, parseTroveTime(b.created));
      }
      const runningUnseen = held.backups.some((b) => !TERMINAL_BACKUP.has(b.status) && !seen.has(b.id));
      if (!news && !runningUnseen && page.length > 0) {
        complete = false;
        break;
      }
    }
    const read = [...seen.values()];
    // A kept backup newer than the oldest one read would have been in the pages read: it is gone.
    const older = complete
      ? []
      : held.backups.filter((b) => !seen.has(b.id) && TERMINAL_BACKUP.has(b.status) && parseTroveTime(b.created) <= oldestSeenMs);
    const backups = [...read, ...older];
    this.put(this.backups, key, { backups, fullAt: complete ? options.nowMs : held.fullAt, readAt: options.nowMs });
    return backups;
  }

  /**
   * An instance's log segments that end at or after `since` (null: all), as Trove lists them now,
   * in no particular order (the recovery core sorts). Reads only what was archived since the last read.
   */
  logSegments(trove: TroveClient, instanceId: string, options: LogReadOptions): Promise<LogSegment[]> {
    const key = this.key(trove, instanceId);
    const held = key === null ? undefined : this.logs.get(key);
    if (
      held &&
      !options.fresh &&
      options.maxAgeMs !== undefined &&
      held.last.since === options.since &&
      options.nowMs - held.last.at < options.maxAgeMs
    ) {
      this.stats.reused++;
      return Promise.resolve(held.last.segments);
    }
    return this.shared(trove, key, `logs since ${options.since}`, options.fresh, () => this.readLogs(trove, key, instanceId, options));
  }

  private async readLogs(trove: TroveClient, key: string | null, instanceId: string, options: LogReadOptions): Promise<LogSegment[]> {
    const held = key === null ? undefined : this.logs.get(key);
    const covers = held !== undefined && (held.since === null || (options.since !== null && held.since <= options.since));
    // The full re-read falls at each instance's own phase of the period: kept logs read at one time
    // (all of a fleet, by the overview's first computation) are not all read again at one time.
    if (key === null || options.fresh || !held || !covers || boundaryPassed(key, this.fullRereadMs, held.fullAt, options.nowMs)) {
      this.stats.full++;
      const all = await trove.listLogSegments(instanceId, { since: options.since });
      if (key !== null)
        this.put(this.logs, key, {
          segments: all.filter(isArchived),
          since: options.since,
          fullAt: options.nowMs,
          last: { since: options.since, at: options.nowMs, segments: all },
        });
      return all;
    }
    this.stats.incremental++;
    let newestEnd = "";
    for (const s of held.segments) if (s.end > newestEnd) newestEnd = s.end;
    // The last hour is read again: a segment lost from the recent archive shows as a gap at once.
    let from = newestEnd === "" ? null : formatUtc(parseTroveTime(newestEnd) - LOG_RECHECK_MS);
    if (options.since !== null && (from === null || from < options.since)) from = options.since;
    const recent = await trove.listLogSegments(instanceId, { since: from });
    const recentIds = new Set(recent.map((s) => s.id));
    // Trove has just listed every segment ending at or after `from`: a kept one it left out is gone.
    const kept = held.segments.filter(
      (s) => !recentIds.has(s.id) && (from === null || s.end < from) && (options.since === null || s.end >= options.since),
    );
    const answer = [...kept, ...recent];
    this.put(this.logs, key, {
      segments: [...kept, ...recent.filter(isArchived)],
      since: held.since,
      fullAt: held.fullAt,
      last: { since: options.since, at: options.nowMs, segments: answer },
    });
    return answer;
  }
}

/**
 * Where the log is needed from: shortly before the oldest completed backup's consistent point. No
 * completed backup: null (all of it), so coverage is still shown truthfully.
 */
export function logsNeededSince(backups: readonly Backup[]): string | null {
  let oldest = Infinity;
  for (const b of backups) {
    if (b.status !== "COMPLETED") continue;
    const at = parseTroveTime(b.consistentTime ?? b.created);
    if (at < oldest) oldest = at;
  }
  return oldest === Infinity ? null : formatUtc(oldest - LOG_MARGIN_MS);
}

/**
 * True when a `since` read may have cut off the segment holding the oldest base's consistent LSN:
 * the read holds none of that timeline starting at or before it. The caller reads the whole archive then.
 */
export function oldestBaseCutOff(backups: readonly Backup[], segments: readonly LogSegment[]): boolean {
  let oldest: Backup | null = null;
  for (const b of backups) {
    if (b.status !== "COMPLETED" || !b.consistentLsn) continue;
    if (oldest === null || parseTroveTime(b.consistentTime ?? b.created) < parseTroveTime(oldest.consistentTime ?? oldest.created))
      oldest = b;
  }
  if (oldest === null || !oldest.consistentLsn) return false;
  const lsn = oldest.consistentLsn;
  const timeline = oldest.timeline ?? 1;
  return !segments.some((s) => s.timeline === timeline && compareLsn(s.startLsn, lsn) <= 0);
}
