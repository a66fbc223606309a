/**
 * Typed Trove v1.0 (+ PITR extension) calls for one token and endpoint. Every list follows its
 * pages to the end; every answer is validated (schemas.ts) and reshaped into app types.
 */
import "server-only";
import type { Capability, BackupRecord, LogSegment } from "@/lib/recovery";
import type { Instance, Recovery } from "@/lib/api/schemas";
import { NotFoundError } from "@/lib/domain/errors";
import { TroveHttp, type TroveHttpOptions } from "./http";
import {
  backupEnvelope,
  instanceEnvelope,
  recoveryAnswerSchema,
  troveBackupSchema,
  troveExtensionsSchema,
  troveFlavorSchema,
  troveInstanceSchema,
  troveLogEventSchema,
  troveLogSegmentSchema,
  trovePreviewSchema,
  type TroveLogEvent,
  troveRecoverySchema,
  type TroveBackup,
} from "./schemas";
import { toBackupRecord, toInstance, toLogSegment, toRecovery } from "./reshape";
import { nowMs } from "@/lib/clock";

const CAPABILITY_TTL_MS = 5 * 60_000;
const capabilityCache = new Map<string, { capability: Capability; logEvents: boolean; until: number }>();

/** Page size asked for log segments: an archive has thousands, Trove's default page is 20. */
const LOG_PAGE_LIMIT = "1000";

export interface Backup extends BackupRecord {
  instanceId: string | null;
  projectId: string | null;
  /** GB; null while running. Trove refuses a restore onto a volume smaller than this. */
  sizeGb: number | null;
}

function toBackup(raw: TroveBackup): Backup {
  return { ...toBackupRecord(raw), instanceId: raw.instance_id ?? null, projectId: raw.project_id ?? null, sizeGb: raw.size ?? null };
}

export interface RestoreNewSpec {
  name: string;
  flavorRef: string;
  volumeSize: number | null;
  datastore: { type: string; version: string };
  backupRef: string;
  /** Only on a backend that advertised PITR; stock Trove ignores it and restores the whole backup. */
  pointInTime: string | null;
  /** Instead of pointInTime: stop just before this log record (PITR extension). */
  lsn?: string | null;
}

export class TroveClient {
  readonly http: TroveHttp;

  constructor(options: TroveHttpOptions) {
    this.http = new TroveHttp(options);
  }

  /**
   * PITR when GET /extensions lists alias PITR, stock when it does not or answers 404 (Trove 18).
   * Cached per endpoint for a few minutes: a cloud does not change its API between two clicks.
   */
  async capability(now = nowMs()): Promise<Capability> {
    return (await this.extensions(now)).capability;
  }

  /** Whether the backend finds destructive commits in its log (extension PITR-LOG-EVENTS). */
  async hasLogEvents(now = nowMs()): Promise<boolean> {
    return (await this.extensions(now)).logEvents;
  }

  private async extensions(now: number): Promise<{ capability: Capability; logEvents: boolean }> {
    const hit = capabilityCache.get(this.http.endpoint);
    if (hit && hit.until > now) return hit;
    let aliases: string[] = [];
    try {
      const answer = await this.http.request({ method: "GET", path: "/extensions", schema: troveExtensionsSchema });
      aliases = answer.extensions.map((e) => e.alias.toUpperCase());
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    const found = { capability: aliases.includes("PITR") ? ("pitr" as const) : ("stock" as const), logEvents: aliases.includes("PITR-LOG-EVENTS") };
    capabilityCache.set(this.http.endpoint, { ...found, until: now + CAPABILITY_TTL_MS });
    return found;
  }

  /** A read-only query against the data as it was at a point, in a scratch cluster (never an instance). */
  async preview(spec: { instanceId: string; backupId: string; pointInTime: string; lsn: string | null; query: string; database: string }) {
    const target = spec.lsn ? { lsn: spec.lsn } : { point_in_time: spec.pointInTime };
    const body = { preview: { backup: spec.backupId, ...target, query: spec.query, database: spec.database } };
    return (await this.http.request({ method: "POST", path: `/instances/${encodeURIComponent(spec.instanceId)}/previews`, body, schema: trovePreviewSchema })).preview;
  }

  async listLogEvents(instanceId: string): Promise<TroveLogEvent[]> {
    return this.http.listAll(`/instances/${encodeURIComponent(instanceId)}/log_events`, "log_events", troveLogEventSchema, { limit: LOG_PAGE_LIMIT });
  }

  /** /instances/detail: real Trove 18's plain /instances leaves out created and updated. */
  async listInstances(): Promise<Instance[]> {
    try {
      return (await this.http.listAll("/instances/detail", "instances", troveInstanceSchema)).map(toInstance);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      return (await this.http.listAll("/instances", "instances", troveInstanceSchema)).map(toInstance);
    }
  }

  async getInstance(id: string): Promise<Instance> {
    const { instance } = await this.http.request({ method: "GET", path: `/instances/${encodeURIComponent(id)}`, schema: instanceEnvelope });
    return toInstance(instance);
  }

  /** Admin only (401 for others, mapped to 403 by the caller's role check first). */
  async listAllProjectInstances(): Promise<Instance[]> {
    return (await this.http.listAll("/mgmt/instances", "instances", troveInstanceSchema, { deleted: "false" })).map(toInstance);
  }

  async getBackup(id: string): Promise<Backup> {
    const { backup } = await this.http.request({ method: "GET", path: `/backups/${encodeURIComponent(id)}`, schema: backupEnvelope });
    return toBackup(backup);
  }

  async listInstanceBackups(instanceId: string): Promise<Backup[]> {
    return (await this.http.listAll(`/instances/${encodeURIComponent(instanceId)}/backups`, "backups", troveBackupSchema)).map(toBackup);
  }

  async listBackups(options: { allProjects?: boolean } = {}): Promise<Backup[]> {
    // Big pages: a fleet's backups at 20 a page would cost the overview a call per 20 backups.
    return (await this.http.listAll("/backups", "backups", troveBackupSchema, { all_projects: options.allProjects ? "true" : undefined, limit: LOG_PAGE_LIMIT })).map(toBackup);
  }

  async listLogSegments(instanceId: string): Promise<LogSegment[]> {
    const path = `/instances/${encodeURIComponent(instanceId)}/transaction_logs`;
    return (await this.http.listAll(path, "transaction_logs", troveLogSegmentSchema, { limit: LOG_PAGE_LIMIT })).map(toLogSegment);
  }

  async createBackup(spec: { name: string; instanceId: string; description?: string; incremental: boolean }): Promise<Backup> {
    const backup: Record<string, unknown> = { name: spec.name, instance: spec.instanceId };
    if (spec.description) backup.description = spec.description;
    // The integer 1: Trove 18 refuses `true` (real-trove/README.md).
    if (spec.incremental) backup.incremental = 1;
    const answer = await this.http.request({ method: "POST", path: "/backups", body: { backup }, schema: backupEnvelope });
    return toBackup(answer.backup);
  }

  /** POST /instances with restorePoint: a new instance from a base (and a point, on PITR only). */
  async restoreNew(spec: RestoreNewSpec): Promise<Instance> {
    const restorePoint: Record<string, string> = { backupRef: spec.backupRef };
    if (spec.lsn) restorePoint.lsn = spec.lsn;
    else if (spec.pointInTime !== null) restorePoint.point_in_time = spec.pointInTime;
    const instance: Record<string, unknown> = { name: spec.name, flavorRef: spec.flavorRef, datastore: spec.datastore, restorePoint };
    if (spec.volumeSize !== null) instance.volume = { size: spec.volumeSize };
    const answer = await this.http.request({ method: "POST", path: "/instances", body: { instance }, schema: instanceEnvelope });
    return toInstance(answer.instance);
  }

  /** POST /recovery (PITR extension): the running instance itself goes back to the point. */
  async recoverInPlace(spec: { instanceId: string; backupId: string; pointInTime: string; lsn?: string | null }): Promise<{ id: string; status: string }> {
    const target = spec.lsn ? { lsn: spec.lsn } : { point_in_time: spec.pointInTime };
    const body = { recovery: { instance: spec.instanceId, backup: spec.backupId, ...target } };
    const answer = await this.http.request({ method: "POST", path: "/recovery", body, schema: recoveryAnswerSchema });
    return { id: answer.recovery.id, status: answer.recovery.status };
  }

  async listRecoveries(options: { allProjects?: boolean; instanceId?: string } = {}): Promise<Recovery[]> {
    const query = { all_projects: options.allProjects ? "true" : undefined, instance_id: options.instanceId };
    return (await this.http.listAll("/recovery", "recoveries", troveRecoverySchema, query)).map(toRecovery);
  }

  async listFlavors(): Promise<{ id: string; name: string; ram: number | null; vcpus: number | null }[]> {
    const flavors = await this.http.listAll("/flavors", "flavors", troveFlavorSchema);
    return flavors.flatMap((f) => {
      const id = f.str_id ?? f.id;
      return id ? [{ id, name: f.name, ram: f.ram ?? null, vcpus: f.vcpus ?? null }] : [];
    });
  }
}
