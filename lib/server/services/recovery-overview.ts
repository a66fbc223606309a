/**
 * The admin fleet overview: every project's instances with latest restorable time, RPO, recent
 * gaps, last full backup and recoveries in flight. Two fleet-wide lists plus one log read per
 * instance (PITR only) whose log view is due for renewal (once a minute), with bounded concurrency; the
 * answer says how many upstream calls it took.
 */
import "server-only";
import type { Overview, Recovery } from "@/lib/api/schemas";
import { AuthError } from "@/lib/domain/errors";
import { assessCoverage } from "@/lib/domain/coverage";
import { backupTone } from "@/lib/domain/status";
import { formatUtc, type LogSegment } from "@/lib/recovery";
import type { Backup, TroveClient } from "@/lib/trove/client";
import { mapLimit } from "../concurrency";
import { partFailure } from "../errors";
import { UPSTREAM_CONCURRENCY } from "./instances";
import { loadSegmentsFor } from "./timeline";
import { serverState } from "../state";
import { sinceLastBoundary } from "../spread";

function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * How old an instance's log view may be in a fresh computation: the overview is a display, recomputed
 * every 15 s while open, and reading 2,000 logs each time was nearly all of its cost. Each instance's
 * view is renewed once a minute, at its own phase of the minute (lib/server/spread), so every
 * computation re-reads about a quarter of the fleet, never all of it. Latest restorable lags by at
 * most this; the RPO is measured against now, so the lag can only make it look worse, never better.
 */
const LOG_VIEW_PERIOD_MS = 60_000;

function lastFull(backups: readonly Backup[], nowMs: number): Overview["rows"][number]["lastFullBackup"] {
  let latest: Backup | null = null;
  for (const b of backups) if (b.parentId === null && (latest === null || b.created > latest.created)) latest = b;
  return latest
    ? {
        id: latest.id,
        ageSeconds: Math.max(0, Math.floor((nowMs - Date.parse(latest.created)) / 1000)),
        status: latest.status,
        tone: backupTone(latest.status),
      }
    : null;
}

const NO_SEGMENTS: readonly LogSegment[] = [];

export async function recoveryOverview(trove: TroveClient, options: { nowMs: number; rpoWarningSeconds: number }): Promise<Overview> {
  const { nowMs } = options;
  const capability = await trove.capability(nowMs);
  const [instances, backups, recoveries] = await Promise.all([
    trove.listAllProjectInstances(),
    serverState().upstream.fleetBackups(trove, { nowMs }),
    capability === "pitr" ? trove.listRecoveries({ allProjects: true }) : Promise.resolve([] as Recovery[]),
  ]);
  const backupsByInstance = groupBy(backups, (b) => b.instanceId);
  const inFlight = groupBy(
    recoveries.filter((r) => r.tone === "pending"),
    (r) => r.instanceId,
  );
  const rows = await mapLimit(instances, UPSTREAM_CONCURRENCY, async (instance) => {
    const own = backupsByInstance.get(instance.id) ?? [];
    const base = {
      projectId: instance.projectId ?? "",
      instanceId: instance.id,
      instanceName: instance.name,
      datastore: instance.datastore,
      status: instance.status,
      tone: instance.tone,
      lastFullBackup: lastFull(own, nowMs),
      recoveriesInFlight: inFlight.get(instance.id)?.length ?? 0,
    };
    try {
      const segments =
        capability === "pitr"
          ? await loadSegmentsFor(trove, instance.id, own, {
              nowMs,
              logMaxAgeMs: sinceLastBoundary(instance.id, LOG_VIEW_PERIOD_MS, nowMs),
            })
          : NO_SEGMENTS;
      const health = assessCoverage(serverState().overviewAnalyses.analysisOf(capability, own, segments), nowMs, options.rpoWarningSeconds);
      return {
        ...base,
        latestRestorable: health.latestRestorable,
        rpoSeconds: health.rpoSeconds,
        gapsLast24h: health.gapsLast24h,
        gapsLast7d: health.gapsLast7d,
        error: null,
      };
    } catch (error) {
      if (error instanceof AuthError) throw error;
      return {
        ...base,
        latestRestorable: null,
        rpoSeconds: null,
        gapsLast24h: 0,
        gapsLast7d: 0,
        error: partFailure("fleet overview row", error),
      };
    }
  });
  return { generatedAt: formatUtc(nowMs), capability, rows, recoveries, upstreamCalls: trove.http.calls };
}
