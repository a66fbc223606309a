/** Previews: a read-only query against an instance's data as it was at a point (PITR extension). */
import { z } from "zod";
import { formatUtc } from "@/lib/recovery";
import { badRequest, jsonBody, validate, type Answer } from "../http";
import { backupFor, instanceFor, operationError, pointOrLsn, requireWriter, type Call } from "./call";

const previewSchema = z.object({
  preview: z.object({
    backup: z.string().min(1),
    point_in_time: z.string().optional(),
    lsn: z.string().optional(),
    database: z.string().trim().min(1).max(63).default("postgres"),
    query: z.string().trim().min(1).max(10_000),
  }),
});

/** A read-only query against the data as it was at a point (readers may not: it restores data). */
export async function createPreview(call: Call): Promise<Answer> {
  requireWriter(call);
  const body = validate(previewSchema, jsonBody(call.req)).preview;
  const inst = instanceFor(call, call.req.params.id!, true);
  const base = backupFor(call, body.backup, true);
  if (base.instance_id !== inst.id) throw badRequest(`Backup ${base.id} is not a backup of instance ${inst.id}.`);
  const check = pointOrLsn(call, base, body.point_in_time, body.lsn);
  try {
    const r = await call.ctx.lifecycle.preview(inst, {
      base,
      pointMs: check.pointMs,
      lsn: check.lsn,
      database: body.database,
      query: body.query,
      userId: call.who.user.id,
      now: call.now,
    });
    return {
      status: 200,
      body: {
        preview: {
          instance_id: inst.id,
          backup_id: base.id,
          point_in_time: formatUtc(check.pointMs),
          ...(check.lsn ? { lsn: check.lsn } : {}),
          database: body.database,
          columns: r.columns,
          rows: r.rows,
          truncated: r.truncated,
          row_limit: r.rowLimit,
          reused: r.reused,
          elapsed_ms: r.elapsedMs,
          expires_at: formatUtc(r.expiresAtMs),
        },
      },
    };
  } catch (error) {
    throw operationError(error);
  }
}
