/**
 * Trove v1.0 and the PITR extension (trove-api.md), mounted under /v1.0/{project_id}. Shapes,
 * statuses and errors follow what real Trove 18 answers (real-trove/samples/); where Trove 18 is
 * laxer than the contract (readers may write there), the contract wins.
 */
import { z } from "zod";
import { formatUtc, tryParseTroveTime } from "@/lib/recovery";
import { DATASTORES, findDatastore, findFlavor, findVersion, FLAVORS } from "./catalog";
import type { Clock } from "./config";
import { faultSpecSchema, faultView, type FaultRegistry } from "./faults";
import {
  badRequest,
  forbidden,
  jsonBody,
  nextLinks,
  notFound,
  pageOf,
  Router,
  troveError,
  unauthenticated,
  unprocessable,
  validate,
  webobError,
  type Answer,
  type Page,
  type Request,
} from "./http";
import { principalOf, type Principal } from "./keystone";
import { EngineRefusal } from "./engine";
import { OperationError, type Lifecycle } from "./lifecycle";
import { checkLsn, checkPoint } from "./pitr";
import type { BackupRow, InstanceRow, RecoveryRow, SegmentRow, Store } from "./store";
import {
  backupView,
  datastoreVersionView,
  datastoreView,
  flavorView,
  instanceView,
  logEventView,
  mgmtInstanceView,
  recoveryView,
  segmentView,
  type LinkBase,
} from "./trove-views";

export interface TroveContext {
  store: Store;
  clock: Clock;
  lifecycle: Lifecycle;
  faults: FaultRegistry;
}

/** What every handler below gets: the caller, the project of the URL, and where links point. */
interface Call {
  req: Request;
  ctx: TroveContext;
  who: Principal;
  projectId: string;
  link: LinkBase;
  now: number;
  isAdmin: boolean;
}

type CallHandler = (call: Call) => Answer | Promise<Answer>;

const PITR_EXTENSION = {
  alias: "PITR",
  name: "Point-in-time recovery",
  description: "Transaction-log archive, restore of a new instance to a point in time, and in-place recovery of a running instance.",
  namespace: "https://github.com/openstack/trove/pitr/api/v1.0",
  updated: "2014-06-01T00:00:00Z",
  links: [],
};

const LOG_EVENTS_EXTENSION = {
  alias: "PITR-LOG-EVENTS",
  name: "Destructive changes in the transaction log",
  description: "Commits that dropped or truncated relations, found in each instance's transaction log (GET /instances/{id}/log_events).",
  namespace: "https://github.com/openstack/trove/pitr-log-events/api/v1.0",
  updated: "2026-11-30T00:00:00Z",
  links: [],
};

function header(req: Request, name: string): string | undefined {
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

function requireWriter(call: Call): void {
  if (!call.who.roles.includes("member") && !call.isAdmin) {
    throw forbidden(`User ${call.who.user.name} has the reader role on this project: it may look, not change anything.`);
  }
}

function requireAdmin(call: Call): void {
  if (!call.isAdmin) throw troveError(401, "unauthorized", "User does not have admin privileges.");
}

/** Another project's instance is 404, as on real Trove; admins may read any (never write). */
function instanceFor(call: Call, id: string, write: boolean): InstanceRow {
  const inst = call.ctx.store.q.instanceById.get(id);
  if (!inst) throw notFound(id);
  if (inst.project_id !== call.projectId && (write || !call.isAdmin)) throw notFound(id);
  return inst;
}

function backupFor(call: Call, id: string, write: boolean): BackupRow {
  const backup = call.ctx.store.q.backupById.get(id);
  if (!backup) throw notFound(id);
  if (backup.project_id !== call.projectId && (write || !call.isAdmin)) throw notFound(id);
  return backup;
}

function list<T>(
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

function isTrue(v: string | null): boolean {
  return v !== null && /^(1|true|yes)$/i.test(v);
}

// ---- instances ------------------------------------------------------------------------------

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

function listInstances(call: Call, detail: boolean): Answer {
  return list<InstanceRow>(call, "instances", "instances", ["project_id = ?"], [call.projectId], "created_ms DESC, seq DESC", (i) =>
    instanceView(i, call.link, detail),
  );
}

function createInstance(call: Call): Answer {
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

function deleteInstance(call: Call): Answer {
  requireWriter(call);
  const inst = instanceFor(call, call.req.params.id!, true);
  if (inst.status === "BUILD")
    throw unprocessable(`Instance ${inst.id} is not currently available for an action to be performed (instance status was BUILD).`);
  call.ctx.lifecycle.deleteInstance(inst);
  return { status: 202 };
}

// ---- backups --------------------------------------------------------------------------------

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

/** The project (or, for admins with ?all_projects=true, every project) and ?instance_id= of a list. */
function scopeOf(call: Call, policy: "backup" | "recovery"): { where: string[]; params: unknown[] } {
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

function listBackups(call: Call): Answer {
  const q = call.req.url.searchParams;
  const { where, params } = scopeOf(call, "backup");
  const datastore = q.get("datastore");
  if (datastore) {
    where.push("datastore_type = ?");
    params.push(findDatastore(datastore)?.name ?? datastore);
  }
  return list<BackupRow>(call, "backups", "backups", where, params, "created_ms DESC, seq DESC", backupView);
}

function instanceBackups(call: Call): Answer {
  const inst = instanceFor(call, call.req.params.id!, false);
  return list<BackupRow>(call, "backups", "backups", ["instance_id = ?"], [inst.id], "created_ms DESC, seq DESC", backupView);
}

function createBackup(call: Call): Answer {
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

function deleteBackup(call: Call): Answer {
  requireWriter(call);
  const backup = backupFor(call, call.req.params.id!, true);
  try {
    call.ctx.lifecycle.deleteBackup(backup);
  } catch (error) {
    throw operationError(error);
  }
  return { status: 202 };
}

function operationError(error: unknown): unknown {
  if (error instanceof EngineRefusal) return error.status === 429 ? troveError(429, "overLimit", error.message) : badRequest(error.message);
  if (!(error instanceof OperationError)) return error;
  if (error.status === 422) return unprocessable(error.message);
  if (error.status === 404) return troveError(404, "itemNotFound", error.message);
  return badRequest(error.message);
}

// ---- transaction logs (PITR) ----------------------------------------------------------------

/** `?since=&until=` of a PITR list: ISO times, open-ended when absent. */
function timeBounds(call: Call): { since: number; until: number } {
  const q = call.req.url.searchParams;
  const bound = (name: string, fallback: number): number => {
    const raw = q.get(name);
    if (raw === null || raw === "") return fallback;
    const ms = tryParseTroveTime(raw);
    if (ms === null) throw badRequest(`${name} must be an ISO 8601 time, e.g. 2026-11-20T10:00:00Z, not ${JSON.stringify(raw)}.`);
    return ms;
  };
  return { since: bound("since", Number.MIN_SAFE_INTEGER), until: bound("until", Number.MAX_SAFE_INTEGER) };
}

/** A PITR list of one instance between ?since= and ?until=, paged like every Trove list. */
function timedList<R>(
  call: Call,
  key: string,
  count: (id: string, since: number, until: number) => number,
  rows: (id: string, since: number, until: number, limit: number, offset: number) => R[],
  view: (row: R) => unknown,
): Answer {
  const inst = instanceFor(call, call.req.params.id!, false);
  const { since, until } = timeBounds(call);
  const page = pageOf(call.req.url);
  const total = count(inst.id, since, until);
  return {
    status: 200,
    body: { [key]: rows(inst.id, since, until, page.limit, page.offset).map(view), ...nextLinks(call.req, page, total) },
  };
}

/** Commits that dropped or truncated relations, oldest first. */
function logEvents(call: Call): Answer {
  const q = call.ctx.store.q;
  return timedList(
    call,
    "log_events",
    (id, a, b) => q.countLogEvents.get(id, a, b)!.n,
    (id, a, b, l, o) => q.logEventsPage.all(id, a, b, l, o),
    logEventView,
  );
}

function transactionLogs(call: Call): Answer {
  const q = call.ctx.store.q;
  return timedList(
    call,
    "transaction_logs",
    (id, a, b) => q.countSegments.get(id, a, b)!.n,
    (id, a, b, l, o) => q.segmentsPage.all(id, a, b, l, o),
    (s: SegmentRow) => segmentView(s, call.now),
  );
}

// ---- recovery (PITR) ------------------------------------------------------------------------

const recoverySchema = z.object({
  recovery: z.object({
    instance: z.string().min(1),
    backup: z.string().min(1),
    point_in_time: z.string().optional(),
    lsn: z.string().optional(),
  }),
});

/** A point in time, or an LSN to stop just before (PITR extension), checked against the base's window. */
function pointOrLsn(
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

function createRecovery(call: Call): Answer {
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

function listRecoveries(call: Call): Answer {
  const { where, params } = scopeOf(call, "recovery");
  return list<RecoveryRow>(call, "recoveries", "recoveries", where, params, "created_ms DESC, id", recoveryView);
}

// ---- previews (PITR extension) -------------------------------------------------------------

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
async function createPreview(call: Call): Promise<Answer> {
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

// ---- root (Trove's enable-root) -----------------------------------------------------------

async function enableRoot(call: Call): Promise<Answer> {
  requireWriter(call);
  const inst = instanceFor(call, call.req.params.id!, true);
  try {
    const user = await call.ctx.lifecycle.enableRoot(inst);
    return { status: 200, body: { user } };
  } catch (error) {
    throw operationError(error);
  }
}

// ---- admin ----------------------------------------------------------------------------------

function mgmtInstances(call: Call): Answer {
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

function clockView(ctx: TroveContext) {
  return { clock: { now: formatUtc(ctx.clock()), frozen: ctx.clock.frozen } };
}

/** Moves the backend's clock forward (admin): deadlines due by then finish, logs are archived. */
function advanceClock(call: Call): Answer {
  requireAdmin(call);
  const { advance_seconds } = validate(clockSchema, jsonBody(call.req)).clock;
  call.ctx.clock.advance(advance_seconds * 1000);
  call.ctx.lifecycle.advance(call.ctx.clock());
  return { status: 200, body: clockView(call.ctx) };
}

function addFault(call: Call): Answer {
  requireAdmin(call);
  const spec = validate(z.object({ fault: faultSpecSchema }), jsonBody(call.req)).fault;
  return { status: 201, body: { fault: faultView(call.ctx.faults.add(spec)) } };
}

// ---- routes ---------------------------------------------------------------------------------

const P = "/v1.0/{project}";

function call(handler: CallHandler) {
  return (req: Request, ctx: TroveContext): Answer | Promise<Answer> => handler(authorize(req, ctx));
}

export function troveRouter(): Router<TroveContext> {
  const versions = (req: Request): Answer => {
    const host = header(req, "host") ?? req.url.host;
    return {
      status: 200,
      body: {
        versions: [
          { id: "v1.0", status: "CURRENT", updated: "2012-08-01T00:00:00Z", links: [{ href: `http://${host}/v1.0/`, rel: "self" }] },
        ],
      },
    };
  };
  return new Router<TroveContext>()
    .on("GET", "", versions)
    .on("GET", "/v1.0", versions)
    .on(
      "GET",
      `${P}/extensions`,
      call(() => ({ status: 200, body: { extensions: [PITR_EXTENSION, LOG_EVENTS_EXTENSION] } })),
    )
    .on(
      "GET",
      `${P}/instances`,
      call((c) => listInstances(c, false)),
    )
    .on(
      "GET",
      `${P}/instances/detail`,
      call((c) => listInstances(c, true)),
    )
    .on("POST", `${P}/instances`, call(createInstance))
    .on(
      "GET",
      `${P}/instances/{id}`,
      call((c) => ({ status: 200, body: { instance: instanceView(instanceFor(c, c.req.params.id!, false), c.link) } })),
    )
    .on("DELETE", `${P}/instances/{id}`, call(deleteInstance))
    .on("GET", `${P}/instances/{id}/backups`, call(instanceBackups))
    .on("GET", `${P}/instances/{id}/transaction_logs`, call(transactionLogs))
    .on("GET", `${P}/instances/{id}/log_events`, call(logEvents))
    .on("POST", `${P}/instances/{id}/previews`, call(createPreview))
    .on("POST", `${P}/instances/{id}/root`, call(enableRoot))
    .on(
      "GET",
      `${P}/instances/{id}/root`,
      call((c) => ({ status: 200, body: { rootEnabled: instanceFor(c, c.req.params.id!, false).root_enabled === 1 } })),
    )
    .on("GET", `${P}/backups`, call(listBackups))
    .on("POST", `${P}/backups`, call(createBackup))
    .on(
      "GET",
      `${P}/backups/{id}`,
      call((c) => ({ status: 200, body: { backup: backupView(backupFor(c, c.req.params.id!, false)) } })),
    )
    .on("DELETE", `${P}/backups/{id}`, call(deleteBackup))
    .on("POST", `${P}/recovery`, call(createRecovery))
    .on("GET", `${P}/recovery`, call(listRecoveries))
    .on(
      "GET",
      `${P}/datastores`,
      call((c) => ({ status: 200, body: { datastores: DATASTORES.map((d) => datastoreView(d, c.link)) } })),
    )
    .on(
      "GET",
      `${P}/datastores/{ds}/versions`,
      call((c) => {
        const ds = findDatastore(c.req.params.ds!);
        if (!ds) throw notFound(c.req.params.ds);
        return { status: 200, body: { versions: ds.versions.map((v) => datastoreVersionView(ds, v, c.link)) } };
      }),
    )
    .on(
      "GET",
      `${P}/flavors`,
      call((c) => ({ status: 200, body: { flavors: FLAVORS.map((f) => flavorView(f, c.link)) } })),
    )
    .on(
      "GET",
      `${P}/flavors/{id}`,
      call((c) => {
        const f = findFlavor(c.req.params.id!);
        if (!f) throw notFound(c.req.params.id);
        return { status: 200, body: { flavor: flavorView(f, c.link) } };
      }),
    )
    .on("GET", `${P}/mgmt/instances`, call(mgmtInstances))
    .on("POST", `${P}/mgmt/faults`, call(addFault))
    .on(
      "GET",
      `${P}/mgmt/clock`,
      call((c) => {
        requireAdmin(c);
        return { status: 200, body: clockView(c.ctx) };
      }),
    )
    .on("POST", `${P}/mgmt/clock`, call(advanceClock))
    .on(
      "GET",
      `${P}/mgmt/faults`,
      call((c) => {
        requireAdmin(c);
        return { status: 200, body: { faults: c.ctx.faults.list().map(faultView) } };
      }),
    )
    .on(
      "DELETE",
      `${P}/mgmt/faults`,
      call((c) => {
        requireAdmin(c);
        c.ctx.faults.clear();
        return { status: 204 };
      }),
    );
}

/** The path a fault's regex is matched against: the part after /v1.0/{project}, as a client sees it. */
export function faultPath(pathname: string): string {
  const m = /^\/v1\.0\/[^/]+(\/.*)?$/.exec(pathname);
  return m ? (m[1] ?? "/") : pathname;
}
