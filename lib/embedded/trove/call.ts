/**
 * What every Trove handler shares: authentication and the tenant check, the caller's rights, the
 * project-scoped lookups, paged lists, and how refusals become Trove's error shapes.
 */
import {
  badRequest,
  forbidden,
  nextLinks,
  notFound,
  pageOf,
  troveError,
  unauthenticated,
  unprocessable,
  webobError,
  type Answer,
  type Page,
  type Request,
} from "../http";
import type { Clock } from "../config";
import type { FaultRegistry } from "../faults";
import { principalOf, type Principal } from "../keystone";
import { EngineRefusal } from "../engine";
import { OperationError, type Lifecycle } from "../lifecycle";
import { checkLsn, checkPoint } from "../pitr";
import type { BackupRow, InstanceRow, Store } from "../store";
import type { LinkBase } from "../trove-views";

export interface TroveContext {
  store: Store;
  clock: Clock;
  lifecycle: Lifecycle;
  faults: FaultRegistry;
}

/** What every handler below gets: the caller, the project of the URL, and where links point. */
export interface Call {
  req: Request;
  ctx: TroveContext;
  who: Principal;
  projectId: string;
  link: LinkBase;
  now: number;
  isAdmin: boolean;
}

export type CallHandler = (call: Call) => Answer | Promise<Answer>;

export function header(req: Request, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Authenticates (keystonemiddleware's 401 shape) and checks the URL's project against the token's,
 * as Trove's tenant check does: another project's URL is 403, with an HTML body unless JSON was asked.
 */
function authorize(req: Request, ctx: TroveContext): Call {
  const now = ctx.clock();
  const who = principalOf(ctx.store, header(req, "x-auth-token"), now);
  if (!who) throw unauthenticated();
  const projectId = req.params.project!;
  if (projectId !== who.project.id) {
    throw webobError(
      req,
      403,
      "Forbidden",
      "Access was denied to this resource.",
      `User with tenant id ${who.project.id} cannot access this resource.\n\n`,
    );
  }
  return {
    req,
    ctx,
    who,
    projectId,
    link: { host: header(req, "host") ?? req.url.host, projectId },
    now,
    isAdmin: who.roles.includes("admin"),
  };
}

export function requireWriter(call: Call): void {
  if (!call.who.roles.includes("member") && !call.isAdmin) {
    throw forbidden(`User ${call.who.user.name} has the reader role on this project: it may look, not change anything.`);
  }
}

export function requireAdmin(call: Call): void {
  if (!call.isAdmin) throw troveError(401, "unauthorized", "User does not have admin privileges.");
}

/** Another project's instance is 404, as on real Trove; admins may read any (never write). */
export function instanceFor(call: Call, id: string, write: boolean): InstanceRow {
  const inst = call.ctx.store.q.instanceById.get(id);
  if (!inst) throw notFound(id);
  if (inst.project_id !== call.projectId && (write || !call.isAdmin)) throw notFound(id);
  return inst;
}

export function backupFor(call: Call, id: string, write: boolean): BackupRow {
  const backup = call.ctx.store.q.backupById.get(id);
  if (!backup) throw notFound(id);
  if (backup.project_id !== call.projectId && (write || !call.isAdmin)) throw notFound(id);
  return backup;
}

export function list<T>(
  call: Call,
  key: string,
  table: string,
  where: string[],
  params: unknown[],
  order: string,
  view: (row: T) => unknown,
): Answer {
  const page: Page = pageOf(call.req.url);
  const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const total = call.ctx.store.sql<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} ${clause}`).get(...params)!.n;
  const rows = call.ctx.store
    .sql<T>(`SELECT * FROM ${table} ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...params, page.limit, page.offset);
  return { status: 200, body: { [key]: rows.map(view), ...nextLinks(call.req, page, total) } };
}

export function isTrue(v: string | null): boolean {
  return v !== null && /^(1|true|yes)$/i.test(v);
}

/** The project (or, for admins with ?all_projects=true, every project) and ?instance_id= of a list. */
export function scopeOf(call: Call, policy: "backup" | "recovery"): { where: string[]; params: unknown[] } {
  const q = call.req.url.searchParams;
  const where: string[] = [];
  const params: unknown[] = [];
  if (isTrue(q.get("all_projects"))) {
    // Trove 18's words, naming the policy rule that refused it.
    if (!call.isAdmin) throw forbidden(`Policy doesn't allow ${policy}:index:all_projects to be performed.`);
  } else {
    where.push("project_id = ?");
    params.push(call.projectId);
  }
  const instanceId = q.get("instance_id");
  if (instanceId) {
    where.push("instance_id = ?");
    params.push(instanceId);
  }
  return { where, params };
}

export function operationError(error: unknown): unknown {
  if (error instanceof EngineRefusal) return error.status === 429 ? troveError(429, "overLimit", error.message) : badRequest(error.message);
  if (!(error instanceof OperationError)) return error;
  if (error.status === 422) return unprocessable(error.message);
  if (error.status === 404) return troveError(404, "itemNotFound", error.message);
  return badRequest(error.message);
}

/** A point in time, or an LSN to stop just before (PITR extension), checked against the base's window. */
export function pointOrLsn(
  call: Call,
  base: BackupRow,
  point: string | undefined,
  lsn: string | undefined,
): { pointMs: number; lsn: string | null } {
  if (point !== undefined && lsn !== undefined) throw badRequest("Give point_in_time or lsn, not both.");
  if (lsn !== undefined) {
    const check = checkLsn(call.ctx.store, base, lsn);
    if (!check.ok) throw badRequest(check.message);
    return { pointMs: check.pointMs, lsn: check.lsn.toString() };
  }
  const check = checkPoint(call.ctx.store, base, point);
  if (!check.ok) throw badRequest(check.message);
  return { pointMs: check.pointMs, lsn: null };
}

export const P = "/v1.0/{project}";

/** A handler of the project's URL space, called once the caller is authenticated and authorised. */
export function call(handler: CallHandler) {
  return (req: Request, ctx: TroveContext): Answer | Promise<Answer> => handler(authorize(req, ctx));
}
