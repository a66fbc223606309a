/** Admin only: every project's instances (Trove's /mgmt), and the embedded backend's clock and faults. */
import { z } from "zod";
import { formatUtc } from "@/lib/recovery";
import { faultSpecSchema, faultView } from "../faults";
import { jsonBody, validate, type Answer } from "../http";
import type { InstanceRow } from "../store";
import { mgmtInstanceView } from "../trove-views";
import { requireAdmin, type Call, type TroveContext } from "./call";

export function mgmtInstances(call: Call): Answer {
  requireAdmin(call);
  const projectId = call.req.url.searchParams.get("project_id");
  // Real Trove 18 answers this list whole, ignoring limit and marker.
  const rows = projectId
    ? call.ctx.store.sql<InstanceRow>("SELECT * FROM instances WHERE project_id = ? ORDER BY created_ms DESC, seq DESC").all(projectId)
    : call.ctx.store.sql<InstanceRow>("SELECT * FROM instances ORDER BY created_ms DESC, seq DESC").all();
  return { status: 200, body: { instances: rows.map((i) => mgmtInstanceView(i, call.link)) } };
}

const clockSchema = z.object({
  clock: z.object({
    advance_seconds: z
      .number()
      .int()
      .min(1)
      .max(86_400 * 30),
  }),
});

export function clockView(ctx: TroveContext) {
  return { clock: { now: formatUtc(ctx.clock()), frozen: ctx.clock.frozen } };
}

/** Moves the backend's clock forward (admin): deadlines due by then finish, logs are archived. */
export function advanceClock(call: Call): Answer {
  requireAdmin(call);
  const { advance_seconds } = validate(clockSchema, jsonBody(call.req)).clock;
  call.ctx.clock.advance(advance_seconds * 1000);
  call.ctx.lifecycle.advance(call.ctx.clock());
  return { status: 200, body: clockView(call.ctx) };
}

export function addFault(call: Call): Answer {
  requireAdmin(call);
  const spec = validate(z.object({ fault: faultSpecSchema }), jsonBody(call.req)).fault;
  return { status: 201, body: { fault: faultView(call.ctx.faults.add(spec)) } };
}
