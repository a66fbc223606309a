/**
 * What an instance can be recovered to: its backups and, on PITR, its log archive from just before
 * the oldest completed backup, judged by the recovery core. Terminal backups and archived segments
 * come from the upstream cache, completed by what Trove lists now; a restore asks `fresh`.
 * Log segments are summarised per timeline, never dumped.
 */
import "server-only";
import type { InstanceCoverage, TimelineResponse } from "@/lib/api/schemas";
import {
  analyzeArchive,
  explainPoint,
  formatUtc,
  type Capability,
  type LogSegment,
  type PointVerdict,
  type Recoverability,
  type RecoveryArchive,
  type RecoveryInput,
} from "@/lib/recovery";
import { PointRefusedError } from "@/lib/domain/errors";
import { backupTone } from "@/lib/domain/status";
import type { Backup, TroveClient } from "@/lib/trove/client";
import { assessCoverage } from "@/lib/domain/coverage";
import { logsNeededSince, oldestBaseCutOff, type UpstreamCache } from "../upstream-cache";
import { serverState } from "../state";

export interface ReadOptions {
  nowMs: number;
  /** Read everything from Trove now, nothing kept: for what decides an action. */
  fresh?: boolean;
  cache?: UpstreamCache;
  /**
   * Display only: the project's newest backup as Trove just listed it (null: none). When it proves the
   * kept backups current (UpstreamCache.vouchedBackups), they are used without a read per instance.
   */
  newest?: Backup | null;
}

export async function loadRecoveryInput(
  trove: TroveClient,
  capability: Capability,
  instanceId: string,
  options: ReadOptions,
): Promise<RecoveryInput> {
  const cache = options.cache ?? serverState().upstream;
  const read = { nowMs: options.nowMs, fresh: options.fresh };
  const vouched =
    options.fresh || options.newest === undefined ? null : cache.vouchedBackups(trove, instanceId, options.newest, options.nowMs);
  const backupsRead = vouched ? Promise.resolve(vouched) : cache.instanceBackups(trove, instanceId, read);
  if (capability !== "pitr") return { capability, backups: await backupsRead, segments: [] };
  // Backups already known tell where the log is needed from, so both lists are read at once.
  const known = options.fresh ? null : (vouched ?? cache.peekBackups(trove, instanceId));
  let segments;
  let backups;
  if (known) {
    [backups, segments] = await Promise.all([
      backupsRead,
      cache.logSegments(trove, instanceId, { ...read, since: logsNeededSince(known) }),
    ]);
  } else {
    backups = await backupsRead;
    segments = await cache.logSegments(trove, instanceId, { ...read, since: logsNeededSince(backups) });
  }
  if (oldestBaseCutOff(backups, segments)) segments = await cache.logSegments(trove, instanceId, { ...read, since: null });
  return { capability, backups, segments };
}

/**
 * The log an instance's `backups` need (the fleet overview has the backups from one fleet-wide list).
 * `logMaxAgeMs`: display only, Trove's answer from at most that long ago will do (upstream-cache.ts).
 */
export async function loadSegmentsFor(
  trove: TroveClient,
  instanceId: string,
  backups: readonly Backup[],
  options: ReadOptions & { logMaxAgeMs?: number },
): Promise<LogSegment[]> {
  const cache = options.cache ?? serverState().upstream;
  const read = { nowMs: options.nowMs, fresh: options.fresh, maxAgeMs: options.logMaxAgeMs };
  const segments = await cache.logSegments(trove, instanceId, { ...read, since: logsNeededSince(backups) });
  return oldestBaseCutOff(backups, segments) ? cache.logSegments(trove, instanceId, { ...read, since: null }) : segments;
}

/** The analysis, and the parsed log it came from for explainPoint's replay range. */
export async function analyzeInstance(
  trove: TroveClient,
  capability: Capability,
  instanceId: string,
  options: ReadOptions,
): Promise<{ analysis: Recoverability; archive: RecoveryArchive }> {
  return analyzeArchive(await loadRecoveryInput(trove, capability, instanceId, options));
}

/**
 * The point judged by the recovery core as every action judges it (never trusting the browser): a
 * point it cannot reach is refused with 422, the reason and the nearest recoverable points.
 */
export async function judgePoint(
  trove: TroveClient,
  capability: Capability,
  instanceId: string,
  point: string,
  options: ReadOptions,
): Promise<Extract<PointVerdict, { recoverable: true }>> {
  const { analysis, archive } = await analyzeInstance(trove, capability, instanceId, options);
  const verdict = explainPoint(analysis, point, archive);
  if (!verdict.recoverable) {
    throw new PointRefusedError(verdict.reason, {
      reasonCode: verdict.code,
      point: verdict.point,
      nearestBefore: verdict.nearestBefore,
      nearestAfter: verdict.nearestAfter,
      gap: verdict.gap ?? null,
    });
  }
  return verdict;
}

export function toTimelineResponse(
  instanceId: string,
  capability: Capability,
  analysis: Recoverability,
  nowMs: number,
  rpoWarningSeconds: number,
): TimelineResponse {
  const health = assessCoverage(analysis, nowMs, rpoWarningSeconds);
  return {
    instanceId,
    capability,
    generatedAt: formatUtc(nowMs),
    bases: analysis.bases.map((b) => ({ ...b, tone: backupTone(b.status) })),
    windows: analysis.windows,
    recoverable: analysis.recoverable,
    earliest: analysis.earliest,
    latest: analysis.latest,
    gaps: analysis.gaps,
    timelines: analysis.timelines,
    health,
  };
}

/** The timeline of an instance known to exist (from the list just read): no instance read. */
export async function timelineOfListed(
  trove: TroveClient,
  instanceId: string,
  nowMs: number,
  rpoWarningSeconds: number,
  newest?: Backup | null,
): Promise<TimelineResponse> {
  const capability = await trove.capability(nowMs);
  const { analysis } = await analyzeInstance(trove, capability, instanceId, { nowMs, newest });
  return toTimelineResponse(instanceId, capability, analysis, nowMs, rpoWarningSeconds);
}

/**
 * GET /api/instances/:id/timeline. The instance is read alongside, so an unknown id is a clean 404
 * without costing a round trip before the lists.
 */
export async function getTimeline(
  trove: TroveClient,
  instanceId: string,
  nowMs: number,
  rpoWarningSeconds: number,
): Promise<TimelineResponse> {
  const capability = trove.capability(nowMs);
  const [, { analysis }, cap] = await Promise.all([
    trove.getInstance(instanceId),
    capability.then((c) => analyzeInstance(trove, c, instanceId, { nowMs })),
    capability,
  ]);
  return toTimelineResponse(instanceId, cap, analysis, nowMs, rpoWarningSeconds);
}

/** GET /api/instances/:id/coverage: the same analysis as the timeline, answered with its health alone. */
export async function getCoverage(
  trove: TroveClient,
  instanceId: string,
  nowMs: number,
  rpoWarningSeconds: number,
): Promise<InstanceCoverage> {
  const [, coverage] = await Promise.all([trove.getInstance(instanceId), coverageOfListed(trove, instanceId, nowMs, rpoWarningSeconds)]);
  return coverage;
}

/** The coverage of an instance known to exist (from the list just read): no instance read. */
export async function coverageOfListed(
  trove: TroveClient,
  instanceId: string,
  nowMs: number,
  rpoWarningSeconds: number,
  newest?: Backup | null,
): Promise<InstanceCoverage> {
  const { analysis } = await analyzeInstance(trove, await trove.capability(nowMs), instanceId, { nowMs, newest });
  return { instanceId, generatedAt: formatUtc(nowMs), health: assessCoverage(analysis, nowMs, rpoWarningSeconds) };
}
