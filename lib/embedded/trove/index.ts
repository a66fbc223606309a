/**
 * Trove v1.0 and the PITR extension (trove-api.md), mounted under /v1.0/{project_id}. Shapes,
 * statuses and errors follow what real Trove 18 answers (real-trove/samples/); where Trove 18 is
 * laxer than the contract (readers may write there), the contract wins. One file per resource
 * beside this one; the routes are listed here, in the order they are matched.
 */
import { DATASTORES, findDatastore, findFlavor, FLAVORS } from "../catalog";
import { faultView } from "../faults";
import { notFound, Router, type Answer, type Request } from "../http";
import { backupView, datastoreVersionView, datastoreView, flavorView, instanceView } from "../trove-views";
import { createBackup, deleteBackup, instanceBackups, listBackups } from "./backups";
import { backupFor, call, header, instanceFor, P, requireAdmin, type TroveContext } from "./call";
import { createInstance, deleteInstance, enableRoot, listInstances } from "./instances";
import { logEvents, transactionLogs } from "./logs";
import { addFault, advanceClock, clockView, mgmtInstances } from "./mgmt";
import { createPreview } from "./previews";
import { createRecovery, listRecoveries } from "./recovery";

export type { TroveContext } from "./call";

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
