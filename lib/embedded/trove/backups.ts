/** Backups: list (the project's, all projects' for admins, one instance's), show, create, delete. */
import { z } from "zod";
import { findDatastore } from "../catalog";
import { badRequest, jsonBody, validate, type Answer } from "../http";
import type { BackupRow } from "../store";
import { backupView } from "../trove-views";
import { backupFor, instanceFor, list, operationError, requireWriter, scopeOf, type Call } from "./call";

const backupCreateSchema = z.object({
  backup: z.object({
    name: z.string().trim().min(1).max(255),
    instance: z.string().min(1),
    description: z.string().max(512).nullable().optional(),
    parent_id: z.string().min(1).nullable().optional(),
    // Trove takes the integer 1; a JSON boolean is refused there, and here.
    incremental: z.number().int().min(0).max(1).optional(),
  }),
});

export function listBackups(call: Call): Answer {
  const q = call.req.url.searchParams;
  const { where, params } = scopeOf(call, "backup");
  const datastore = q.get("datastore");
  if (datastore) {
    where.push("datastore_type = ?");
    params.push(findDatastore(datastore)?.name ?? datastore);
  }
  return list<BackupRow>(call, "backups", "backups", where, params, "created_ms DESC, seq DESC", backupView);
}

export function instanceBackups(call: Call): Answer {
  const inst = instanceFor(call, call.req.params.id!, false);
  return list<BackupRow>(call, "backups", "backups", ["instance_id = ?"], [inst.id], "created_ms DESC, seq DESC", backupView);
}

export function createBackup(call: Call): Answer {
  requireWriter(call);
  const body = validate(backupCreateSchema, jsonBody(call.req)).backup;
  const inst = instanceFor(call, body.instance, true);
  let parentId: string | null = null;
  if (body.parent_id) {
    const parent = backupFor(call, body.parent_id, true);
    if (parent.instance_id !== inst.id) throw badRequest(`Backup ${parent.id} is not a backup of instance ${inst.id}.`);
    if (parent.status !== "COMPLETED") throw badRequest(`Backup ${parent.id} cannot be a parent: its status is ${parent.status}.`);
    parentId = parent.id;
  } else if (body.incremental === 1) {
    // As Trove: the parent is the instance's latest completed backup; with none, the backup is full.
    parentId = call.ctx.store.q.latestCompletedBackupOf.get(inst.id)?.id ?? null;
  }
  try {
    const backup = call.ctx.lifecycle.startBackup(inst, {
      name: body.name,
      description: body.description ?? null,
      parentId,
      now: call.now,
    });
    return { status: 202, body: { backup: backupView(backup) } };
  } catch (error) {
    throw operationError(error);
  }
}

export function deleteBackup(call: Call): Answer {
  requireWriter(call);
  const backup = backupFor(call, call.req.params.id!, true);
  try {
    call.ctx.lifecycle.deleteBackup(backup);
  } catch (error) {
    throw operationError(error);
  }
  return { status: 202 };
}
