/** The PITR extension's in-place recovery of a running instance, and the list of recoveries. */
import { z } from "zod";
import { formatUtc } from "@/lib/recovery";
import { badRequest, jsonBody, unprocessable, validate, type Answer } from "../http";
import type { RecoveryRow } from "../store";
import { recoveryView } from "../trove-views";
import { backupFor, instanceFor, list, pointOrLsn, requireWriter, scopeOf, type Call } from "./call";

const recoverySchema = z.object({
  recovery: z.object({
    instance: z.string().min(1),
    backup: z.string().min(1),
    point_in_time: z.string().optional(),
    lsn: z.string().optional(),
  }),
});

export function createRecovery(call: Call): Answer {
  requireWriter(call);
  const body = validate(recoverySchema, jsonBody(call.req)).recovery;
  const inst = instanceFor(call, body.instance, true);
  const base = backupFor(call, body.backup, true);
  if (base.instance_id !== inst.id)
    throw badRequest(`Backup ${base.id} is not a backup of instance ${inst.id}; restore it into a new instance instead.`);
  if (inst.status !== "ACTIVE") {
    throw unprocessable(
      `Instance ${inst.id} is not currently available for an action to be performed (instance status was ${inst.status}).`,
    );
  }
  const check = pointOrLsn(call, base, body.point_in_time, body.lsn);
  const injected = call.ctx.faults.takeRestoreError(call.req.method, "/recovery");
  const delayMs = call.ctx.faults.takeRestoreDelay(call.req.method, "/recovery");
  const recovery = call.ctx.lifecycle.startRecovery(inst, {
    base,
    pointMs: check.pointMs,
    lsn: check.lsn,
    userId: call.who.user.id,
    failWith: injected ? `Recovery failed: the guest could not replay the transaction log (injected fault ${injected.id}).` : null,
    delayMs,
    now: call.now,
  });
  return {
    status: 202,
    body: {
      recovery: {
        id: inst.id,
        name: inst.name,
        status: "BUILDING",
        datastore: inst.datastore_type,
        recovered_from_backup: base.id,
        point_in_time: formatUtc(check.pointMs),
        ...(check.lsn ? { lsn: check.lsn } : {}),
        recovery_id: recovery.id,
      },
    },
  };
}

export function listRecoveries(call: Call): Answer {
  const { where, params } = scopeOf(call, "recovery");
  return list<RecoveryRow>(call, "recoveries", "recoveries", where, params, "created_ms DESC, id", recoveryView);
}
