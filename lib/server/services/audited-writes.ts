/**
 * Restores, recoveries and backups as the routes ask for them: each recorded in the audit trail
 * before anything reaches Trove, restores claimed under their Idempotency-Key first, and each
 * record given its outcome (Trove's answer or the refusal) as soon as it is known.
 */
import "server-only";
import { createHash } from "node:crypto";
import type { AuditRecord } from "@/lib/api/audit";
import type { CreateBackupResponse, RestoreRequest, RestoreResponse } from "@/lib/api/schemas";
import { AppError } from "@/lib/domain/errors";
import { backupTone, isSettled } from "@/lib/domain/status";
import type { SessionData } from "@/lib/session/session";
import type { TroveClient } from "@/lib/trove/client";
import type { AuditTrail, NewAuditAction } from "../audit";
import { logError } from "../errors";
import type { IdempotencyStore } from "../idempotency";
import { createBackup } from "./backups";
import { findRestoreOutcome, type RestoreIntent } from "./restore-intent";
import { restore } from "./restores";

export interface WriteContext {
  session: SessionData;
  trove: TroveClient;
  audit: AuditTrail;
  /** The client's address and whether a trusted proxy vouches for it. */
  address: { value: string | null; verified: boolean };
  nowMs: number;
}

function who(ctx: WriteContext): Pick<NewAuditAction, "user" | "project" | "address" | "addressVerified"> {
  return { user: ctx.session.user, project: ctx.session.project, address: ctx.address.value, addressVerified: ctx.address.verified };
}

function keep(what: string) {
  return (error: unknown) => logError("audit", what, 500, error);
}

export async function auditedRestore(
  ctx: WriteContext,
  restores: IdempotencyStore<RestoreResponse, RestoreIntent>,
  instanceId: string,
  request: RestoreRequest,
  idempotencyKey: string,
): Promise<RestoreResponse> {
  const { session, trove, audit } = ctx;
  const scope = { key: idempotencyKey, userId: session.user.id, projectId: session.project.id, instanceId };
  const fingerprint = createHash("sha256").update(JSON.stringify(request)).digest("hex");
  return restores.run(scope, fingerprint, {
    send: async (sending) => {
      const id = await audit.asked({
        ...who(ctx),
        action: request.mode === "in-place" ? "recovery" : "restore",
        instanceId,
        instanceName: null,
        pointInTime: request.point_in_time,
        lsn: request.lsn ?? null,
        backupKind: null,
        idempotencyKey,
      });
      let answer: RestoreResponse;
      let sourceName: string | null = null;
      try {
        answer = await restore(trove, instanceId, request, ctx.nowMs, (intent) => {
          sourceName = intent.sourceInstanceName;
          return sending({ ...intent, auditId: id });
        });
      } catch (error) {
        await audit.failed(id, error).catch(keep("restore refused"));
        throw error;
      }
      const r = answer.restore;
      await audit
        .accepted(
          id,
          { status: r.status, resultId: r.instanceId, baseBackupId: r.baseBackupId, instanceName: sourceName },
          { endpoint: trove.http.endpoint, instanceId: r.instanceId },
        )
        .catch(keep("restore accepted"));
      return answer;
    },
    resolve: async (intent) => {
      const found = await findRestoreOutcome(trove, intent);
      if (found && intent.auditId) {
        const r = found.restore;
        await audit
          .accepted(
            intent.auditId,
            { status: r.status, resultId: r.instanceId, baseBackupId: r.baseBackupId, instanceName: intent.sourceInstanceName },
            { endpoint: trove.http.endpoint, instanceId: r.instanceId },
          )
          .catch(keep("restore found after its sender died"));
      }
      return found;
    },
  });
}

export async function auditedBackup(
  ctx: WriteContext,
  instanceId: string,
  request: { kind: "full" | "incremental"; name?: string; description?: string },
): Promise<CreateBackupResponse> {
  const { trove, audit } = ctx;
  const id = await audit.asked({
    ...who(ctx),
    action: "backup",
    instanceId,
    instanceName: null,
    pointInTime: null,
    lsn: null,
    backupKind: request.kind,
    idempotencyKey: null,
  });
  let answer: CreateBackupResponse;
  try {
    answer = await createBackup(trove, instanceId, request, ctx.nowMs);
  } catch (error) {
    await audit.failed(id, error).catch(keep("backup refused"));
    throw error;
  }
  await audit
    .accepted(
      id,
      { status: answer.backup.status, resultId: answer.backup.id, baseBackupId: answer.backup.parentId },
      { endpoint: trove.http.endpoint, instanceId: backupSettleId(answer.backup.id) },
    )
    .catch(keep("backup accepted"));
  return answer;
}

/** A backup's end is looked for under its own id in the audit's settle map, apart from instances'. */
export function backupSettleId(backupId: string): string {
  return `backup:${backupId}`;
}

/** Open records looked up per read of the trail: the newest, so a read never fans out far. */
const SETTLE_ON_READ = 20;

/**
 * Ends the open records of the viewer's project that nobody watched to the end (a restore whose
 * tracker was closed, every backup): their result is read from Trove with the viewer's token, and
 * a settled one gets its final status, once (the audit's compare-and-delete), like a watcher's.
 * Records of other projects are left to their own members' reads or watchers.
 */
export async function settleOpenRecords(trove: TroveClient, audit: AuditTrail, records: AuditRecord[], projectId: string): Promise<number> {
  const open = records
    .filter((r) => !r.outcome.final && r.outcome.resultId !== null && r.project.id === projectId)
    .slice(0, SETTLE_ON_READ);
  const settled = await Promise.all(
    open.map(async (record) => {
      const resultId = record.outcome.resultId!;
      try {
        if (record.action === "backup") {
          const backup = await trove.getBackup(resultId);
          if (backupTone(backup.status) === "pending") return false;
          await audit.settled(trove.http.endpoint, backupSettleId(resultId), backup.status, null);
          return true;
        }
        const instance = await trove.getInstance(resultId);
        // An in-place recovery's instance may still show its state from before the request.
        if (!isSettled(instance.status) || Date.parse(instance.updated) < Date.parse(record.at)) return false;
        await audit.settled(trove.http.endpoint, resultId, instance.status, instance.fault?.message ?? null);
        return true;
      } catch (error) {
        // Gone from Trove, or Trove unreachable: the record stays open, the read goes on.
        if (!(error instanceof AppError)) logError("audit", "settle on read", 500, error);
        return false;
      }
    }),
  );
  return settled.filter(Boolean).length;
}
