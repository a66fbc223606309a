/**
 * The audit trail, kept in the shared store as an append-only log capped at its newest
 * AUDIT_MAX_ENTRIES entries (an action takes two or three: asked, Trove's answer, its end).
 * An action is recorded before anything is sent to Trove, so a write whose record cannot be kept
 * (store down) is refused instead of going unrecorded.
 *
 * Final statuses come from whoever sees the instance settle (the shared status poller, a status
 * read): the instance is mapped to its action when Trove accepts the write, and the first replica
 * to see it end removes the mapping (compare-and-delete) and appends the outcome, once.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import type { AuditList, AuditRecord } from "@/lib/api/audit";
import { AppError, UpstreamError } from "@/lib/domain/errors";
import { foldAuditLog, type AuditActionEntry, type AuditOutcomeEntry } from "@/lib/domain/audit";
import { logError } from "./errors";
import type { SharedStore } from "./store/store";

const LOG = "audit";
export const AUDIT_MAX_ENTRIES = 30_000;
/** How long an accepted write is watched for its end (a restore that never ends stays "BUILD"). */
const SETTLE_WATCH_MS = 7 * 24 * 3600_000;
/**
 * Entries read per record asked for: an action's outcomes always come after it, so the newest
 * entries hold whole records; a project's records among every project's need a wider look.
 */
const ENTRIES_PER_RECORD = 3;
const PROJECT_READ_MIN = 10_000;

export type NewAuditAction = Omit<AuditActionEntry, "kind" | "id">;

export class AuditTrail {
  constructor(private readonly store: SharedStore) {}

  /** Records that the dashboard was asked; throws StoreUnavailableError when it cannot be kept. */
  async asked(action: NewAuditAction): Promise<string> {
    const id = randomUUID();
    const entry: AuditActionEntry = { kind: "action", id, ...action };
    await this.store.append(LOG, JSON.stringify(entry), AUDIT_MAX_ENTRIES);
    return id;
  }

  /** Trove accepted the write: its status now, and the instance whose end will settle it. */
  async accepted(
    id: string,
    outcome: { status: string; resultId: string; baseBackupId: string | null; instanceName?: string | null },
    settles?: { endpoint: string; instanceId: string },
  ): Promise<void> {
    await this.outcome({
      ref: id,
      status: outcome.status,
      final: false,
      resultId: outcome.resultId,
      baseBackupId: outcome.baseBackupId,
      instanceName: outcome.instanceName ?? null,
      message: null,
    });
    if (settles) await this.store.set(settleKey(settles.endpoint, settles.instanceId), id, SETTLE_WATCH_MS);
  }

  /** The dashboard or Trove refused, or the outcome is unknown (a write that timed out). */
  async failed(id: string, error: unknown): Promise<void> {
    const unknown = error instanceof UpstreamError && error.outcomeUnknown;
    const message = error instanceof AppError ? `${error.code}: ${error.message}` : "internal error";
    await this.outcome({
      ref: id,
      status: unknown ? "unknown" : "refused",
      final: true,
      resultId: null,
      baseBackupId: null,
      instanceName: null,
      message,
    });
  }

  /** An instance was seen settled: ends the action that started its restore, if one waits for it. */
  async settled(endpoint: string, instanceId: string, status: string, fault: string | null): Promise<void> {
    const key = settleKey(endpoint, instanceId);
    const id = await this.store.get(key);
    if (id === null || !(await this.store.deleteIfEquals(key, id))) return;
    await this.outcome({ ref: id, status, final: true, resultId: null, baseBackupId: null, instanceName: null, message: fault });
  }

  /** Newest first; `projectId` limits it to one project's actions. */
  async list(options: { projectId?: string; limit: number }): Promise<Omit<AuditList, "scope">> {
    const wanted = options.limit * ENTRIES_PER_RECORD;
    const read = Math.min(AUDIT_MAX_ENTRIES, options.projectId === undefined ? wanted : Math.max(wanted, PROJECT_READ_MIN));
    const { records, malformed } = foldAuditLog(await this.store.readLog(LOG, read));
    if (malformed > 0) logError("audit", "read", 500, new Error(`${malformed} malformed audit entries skipped`));
    const own: AuditRecord[] = options.projectId === undefined ? records : records.filter((r) => r.project.id === options.projectId);
    return { records: own.slice(0, options.limit), retention: { maxEntries: AUDIT_MAX_ENTRIES } };
  }

  private async outcome(entry: Omit<AuditOutcomeEntry, "kind">): Promise<void> {
    await this.store.append(LOG, JSON.stringify({ kind: "outcome", ...entry }), AUDIT_MAX_ENTRIES);
  }
}

function settleKey(endpoint: string, instanceId: string): string {
  return `audit-settle:${endpoint}|${instanceId}`;
}
