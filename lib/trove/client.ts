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
import { CapabilityCache, type Extensions } from "./capabilities";
import { z } from "zod";

const sharedCapabilitySchema = z.object({ capability: z.enum(["pitr", "stock"]), logEvents: z.boolean() });

/**
 * Where replicas share what an endpoint's GET /extensions said (the dashboard's store), so the
 * fleet asks once per TTL rather than each replica. Its failures only cost a call to Trove.
 */
function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export interface SharedValues {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
}

/** Page size asked for log segments: an archive has thousands, Trove's default page is 20. */
const LOG_PAGE_LIMIT = "1000";
/** A preview answers once its scratch cluster is restored and queried (pgbackrest-notes: seconds to tens of seconds). */
const PREVIEW_TIMEOUT_MS = 120_000;
/** Pages asked at once when their markers are offsets: a list of 163 backups at 20 a page costs ~2 waits, not 9. */
const PARALLEL_PAGES = 4;

export interface Backup extends BackupRecord {
  instanceId: string | null;
  projectId: string | null;
  /** GB; null while running. Trove refuses a restore onto a volume smaller than this. */
  sizeGb: number | null;
}

function toBackup(raw: TroveBackup): Backup {
  return { ...toBackupRecord(raw), instanceId: raw.instance_id ?? null, projectId: raw.project_id ?? null, sizeGb: raw.size ?? null };
}

export interface BackupPageOptions {
  firstPageLimit?: number;
  pageLimit?: number;
  parallel?: boolean;
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

  /**
   * Whose view this client reads: the project its token is scoped to (with the endpoint, the key of
   * anything kept between requests). Null when unknown; then nothing is kept.
   */
  readonly projectId: string | null;

  private readonly shared: SharedValues | null;
  private readonly capabilities: CapabilityCache;

  constructor(options: TroveHttpOptions & { projectId?: string | null; shared?: SharedValues; capabilities?: CapabilityCache }) {
    this.http = new TroveHttp(options);
    this.projectId = options.projectId ?? null;
    this.shared = options.shared ?? null;
    this.capabilities = options.capabilities ?? new CapabilityCache();
  }

  /**
   * PITR when GET /extensions lists alias PITR, stock when it does not or answers 404 (Trove 18).
   * Kept per endpoint for a few minutes (lib/trove/capabilities.ts), `now` being the dashboard's clock.
   */
  async capability(now = nowMs()): Promise<Capability> {
    return (await this.extensions(now)).capability;
  }

  /** Whether the backend finds destructive commits in its log (extension PITR-LOG-EVENTS). */
  async hasLogEvents(now = nowMs()): Promise<boolean> {
    return (await this.extensions(now)).logEvents;
  }

  private async extensions(now: number): Promise<Extensions> {
    const endpoint = this.http.endpoint;
    const hit = this.capabilities.get(endpoint, now);
    if (hit) return hit;
    const sharedKey = `capability:${endpoint}`;
    const kept = await this.shared?.get(sharedKey).catch(() => null);
    const parsed = kept ? sharedCapabilitySchema.safeParse(parseOrNull(kept)) : null;
    if (parsed?.success) {
      this.capabilities.set(endpoint, parsed.data, now);
      return parsed.data;
    }
    let aliases: string[] = [];
    try {
      const answer = await this.http.request({ method: "GET", path: "/extensions", schema: troveExtensionsSchema });
      aliases = answer.extensions.map((e) => e.alias.toUpperCase());
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    const found = {
      capability: aliases.includes("PITR") ? ("pitr" as const) : ("stock" as const),
      logEvents: aliases.includes("PITR-LOG-EVENTS"),
    };
    this.capabilities.set(endpoint, found, now);
    await this.shared?.set(sharedKey, JSON.stringify(found), this.capabilities.ttlMs).catch(() => undefined);
    return found;
  }

  /** A read-only query against the data as it was at a point, in a scratch cluster (never an instance). */
  async preview(spec: { instanceId: string; backupId: string; pointInTime: string; lsn: string | null; query: string; database: string }) {
    const target = spec.lsn ? { lsn: spec.lsn } : { point_in_time: spec.pointInTime };
    const body = { preview: { backup: spec.backupId, ...target, query: spec.query, database: spec.database } };
    return (
      await this.http.request({
        method: "POST",
        path: `/instances/${encodeURIComponent(spec.instanceId)}/previews`,
        body,
        schema: trovePreviewSchema,
        // The backend restores a scratch cluster to the point before it answers: seconds on a quiet
        // machine, past the usual 10 s limit on a busy one.
        timeoutMs: Math.max(this.http.timeoutMs, PREVIEW_TIMEOUT_MS),
      })
    ).preview;
  }

  async listLogEvents(instanceId: string): Promise<TroveLogEvent[]> {
    return this.http.listAll(`/instances/${encodeURIComponent(instanceId)}/log_events`, "log_events", troveLogEventSchema, {
      limit: LOG_PAGE_LIMIT,
    });
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
    const out: Backup[] = [];
    for await (const page of this.instanceBackupPages(instanceId)) out.push(...page);
    return out;
  }

  /**
   * An instance's backups page by page, newest first (Trove's order). `firstPageLimit` makes the
   * first page a cheap probe (Trove 18 spends ~8 ms per backup it lists); later pages are asked
   * with `pageLimit`, in parallel when `parallel` and the markers allow.
   */
  instanceBackupPages(instanceId: string, options: BackupPageOptions = {}): AsyncGenerator<Backup[]> {
    return this.backupPages(`/instances/${encodeURIComponent(instanceId)}/backups`, {}, options);
  }

  /** The project's (or, for an admin, every project's) backups page by page, newest first. */
  projectBackupPages(options: BackupPageOptions & { allProjects?: boolean } = {}): AsyncGenerator<Backup[]> {
    return this.backupPages("/backups", { all_projects: options.allProjects ? "true" : undefined }, options);
  }

  private async *backupPages(
    path: string,
    filters: Record<string, string | undefined>,
    options: BackupPageOptions,
  ): AsyncGenerator<Backup[]> {
    const query = { ...filters, limit: String(options.firstPageLimit ?? options.pageLimit ?? LOG_PAGE_LIMIT) };
    const parallel = options.parallel === false ? 1 : PARALLEL_PAGES;
    // Otherwise the links' own limit is kept: the server knows what a page may hold.
    const pageLimit = options.firstPageLimit === undefined ? undefined : (options.pageLimit ?? Number(LOG_PAGE_LIMIT));
    for await (const page of this.http.pages(path, "backups", troveBackupSchema, query, { pageLimit, parallel })) yield page.map(toBackup);
  }

  async listBackups(options: { allProjects?: boolean } = {}): Promise<Backup[]> {
    // Big pages: a fleet's backups at 20 a page would cost the overview a call per 20 backups.
    const out: Backup[] = [];
    for await (const page of this.projectBackupPages(options)) out.push(...page);
    return out;
  }

  /** `since` (ISO): only segments that end at or after it (the PITR extension's filter). */
  async listLogSegments(instanceId: string, options: { since?: string | null } = {}): Promise<LogSegment[]> {
    const path = `/instances/${encodeURIComponent(instanceId)}/transaction_logs`;
    const query = { limit: LOG_PAGE_LIMIT, since: options.since ?? undefined };
    const out: LogSegment[] = [];
    for await (const page of this.http.pages(path, "transaction_logs", troveLogSegmentSchema, query, { parallel: PARALLEL_PAGES }))
      out.push(...page.map(toLogSegment));
    return out;
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
  async recoverInPlace(spec: {
    instanceId: string;
    backupId: string;
    pointInTime: string;
    lsn?: string | null;
  }): Promise<{ id: string; status: string }> {
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
