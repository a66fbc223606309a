/** Instances: list, show, create (a restore when it names a restore point), delete, enable root. */
import { z } from "zod";
import { findDatastore, findFlavor, findVersion } from "../catalog";
import { badRequest, forbidden, jsonBody, notFound, unprocessable, validate, type Answer } from "../http";
import type { BackupRow, InstanceRow } from "../store";
import { instanceView } from "../trove-views";
import { backupFor, instanceFor, list, operationError, pointOrLsn, requireWriter, type Call } from "./call";

const instanceCreateSchema = z.object({
  instance: z.object({
    name: z.string().trim().min(1).max(255),
    flavorRef: z.union([z.string(), z.number()]).transform(String),
    volume: z.object({ size: z.coerce.number().int().positive() }).optional(),
    datastore: z.object({ type: z.string().min(1).optional(), version: z.string().min(1).optional() }).optional(),
    restorePoint: z
      .object({
        backupRef: z.string().min(1),
        point_in_time: z.string().optional(),
        lsn: z.string().optional(),
      })
      .optional(),
  }),
});

export function listInstances(call: Call, detail: boolean): Answer {
  return list<InstanceRow>(call, "instances", "instances", ["project_id = ?"], [call.projectId], "created_ms DESC, seq DESC", (i) =>
    instanceView(i, call.link, detail),
  );
}

export function createInstance(call: Call): Answer {
  requireWriter(call);
  const body = validate(instanceCreateSchema, jsonBody(call.req)).instance;
  const flavor = findFlavor(body.flavorRef);
  // Trove 18 words an unknown flavor like a missing resource but answers 400: the request is at fault.
  if (!flavor) throw badRequest(`Resource ${body.flavorRef} cannot be found.`);
  if (!body.volume) throw badRequest("Volume size was not specified.");
  if (!body.datastore?.type) throw badRequest("Please specify datastore. No default datastore is defined.");
  const ds = findDatastore(body.datastore.type);
  if (!ds) throw notFound(body.datastore.type);
  const version = findVersion(ds, body.datastore.version);
  if (!version) throw badRequest(`Datastore version '${body.datastore.version}' for datastore '${ds.name}' cannot be found.`);

  let restore: { base: BackupRow; pointMs: number; lsn: string | null } | null = null;
  if (body.restorePoint) {
    const base = backupFor(call, body.restorePoint.backupRef, true);
    if (base.status !== "COMPLETED") throw badRequest(`Backup ${base.id} cannot be restored: its status is ${base.status}.`);
    if (base.datastore_type !== ds.name)
      throw badRequest(`Backup ${base.id} is a ${base.datastore_type} backup; it cannot be restored into a ${ds.name} instance.`);
    // As real Trove 18 (seen on the real server): the volume must hold the backup.
    if (base.size !== null && base.size > body.volume.size) {
      throw forbidden(
        `Backup is too large for given flavor or volume. Backup size: ${base.size} GBs. Available size: ${body.volume.size} GBs.`,
      );
    }
    const check = pointOrLsn(call, base, body.restorePoint.point_in_time, body.restorePoint.lsn);
    restore = { base, pointMs: check.pointMs, lsn: check.lsn };
  }
  const injected = call.ctx.faults.takeRestoreError(call.req.method, "/instances");
  const delayMs = restore ? call.ctx.faults.takeRestoreDelay(call.req.method, "/instances") : 0;
  const inst = call.ctx.lifecycle.createInstance({
    projectId: call.projectId,
    name: body.name,
    flavorId: flavor.str_id,
    datastoreType: ds.name,
    datastoreVersion: version.name,
    volumeSize: body.volume.size,
    restore,
    failWith: injected ? `Restore failed: the guest could not replay the transaction log (injected fault ${injected.id}).` : null,
    delayMs,
    now: call.now,
  });
  // Real Trove 18 answers 200 here, not 202.
  return { status: 200, body: { instance: instanceView(inst, call.link) } };
}

export function deleteInstance(call: Call): Answer {
  requireWriter(call);
  const inst = instanceFor(call, call.req.params.id!, true);
  if (inst.status === "BUILD")
    throw unprocessable(`Instance ${inst.id} is not currently available for an action to be performed (instance status was BUILD).`);
  call.ctx.lifecycle.deleteInstance(inst);
  return { status: 202 };
}

export async function enableRoot(call: Call): Promise<Answer> {
  requireWriter(call);
  const inst = instanceFor(call, call.req.params.id!, true);
  try {
    const user = await call.ctx.lifecycle.enableRoot(inst);
    return { status: 200, body: { user } };
  } catch (error) {
    throw operationError(error);
  }
}
