/**
 * How Trove writes its resources on the wire (compare real-trove/samples/*.json). Stock fields
 * carry Trove's zone-less UTC timestamps; the PITR extension's fields are ISO 8601 with a Z.
 */
import { formatUtc } from "@/lib/recovery";
import { findDatastore, findVersion, type Datastore, type Flavor } from "./catalog";
import { interpolate } from "./simulated-engine";
import type { BackupRow, InstanceRow, LogEventRow, RecoveryRow, SegmentRow } from "./store";

/** Trove's "2026-11-20T10:03:17": UTC without a zone. */
export function troveTime(ms: number): string {
  return formatUtc(ms).slice(0, -1);
}

/** Where links point: like real Trove 18, https and the Host the client used. */
export interface LinkBase {
  host: string;
  projectId: string;
}

function links(base: LinkBase, kind: string, id: string) {
  return [
    { href: `https://${base.host}/v1.0/${base.projectId}/${kind}/${id}`, rel: "self" },
    { href: `https://${base.host}/${kind}/${id}`, rel: "bookmark" },
  ];
}

function operatingStatus(status: string): string {
  if (status === "BUILD") return "";
  if (status === "ERROR") return "ERROR";
  return "HEALTHY";
}

/** `detail: false` is the plain /instances list, which on real Trove 18 leaves out the times. */
export function instanceView(inst: InstanceRow, base: LinkBase, detail = true) {
  const view: Record<string, unknown> = {
    id: inst.id,
    name: inst.name,
    status: inst.status,
    operating_status: operatingStatus(inst.status),
    links: links(base, "instances", inst.id),
    flavor: { id: inst.flavor_id, links: links(base, "flavors", inst.flavor_id) },
    datastore: { type: inst.datastore_type, version: inst.datastore_version, version_number: inst.datastore_version },
    region: "RegionOne",
    access: {},
    volume: inst.volume_used === null ? { size: inst.volume_size } : { size: inst.volume_size, used: inst.volume_used },
  };
  // As Trove lists an instance's addresses; a real engine's cluster listens there on the datastore's port.
  if (inst.address) {
    view.ip = [inst.address];
    view.addresses = [{ address: inst.address, type: "private", network: "loopback" }];
  }
  if (inst.restored_from && inst.status !== "BUILD") view.restored_from = JSON.parse(inst.restored_from) as unknown;
  if (detail) {
    view.created = troveTime(inst.created_ms);
    view.updated = troveTime(inst.updated_ms);
    view.service_status_updated = troveTime(inst.updated_ms);
  }
  if (inst.status === "ERROR" && inst.fault_message) {
    view.fault = { message: inst.fault_message, created: troveTime(inst.fault_ms ?? inst.updated_ms), details: inst.fault_details ?? "" };
  }
  return view;
}

/** /mgmt/instances rows: the detail plus the operator's fields (real-trove/samples/admin-mgmt-instances.json). */
export function mgmtInstanceView(inst: InstanceRow, base: LinkBase) {
  return {
    ...instanceView(inst, base),
    tenant_id: inst.project_id,
    server_id: `sim-${inst.id}`,
    server: {
      id: `sim-${inst.id}`,
      name: inst.name,
      status: inst.status === "BUILD" ? "BUILD" : "ACTIVE",
      tenant_id: inst.project_id,
      host: "embedded-host-1",
    },
    service_status: operatingStatus(inst.status) || "NEW",
    deleted: false,
    deleted_at: null,
    task_description: inst.op
      ? `Instance is being ${inst.op === "build" ? "built" : inst.op === "restore" ? "restored" : "recovered"}.`
      : "No tasks for the instance.",
  };
}

export function backupView(b: BackupRow) {
  const ds = findDatastore(b.datastore_type);
  const version = ds ? findVersion(ds, b.datastore_version) : undefined;
  const view: Record<string, unknown> = {
    id: b.id,
    name: b.name,
    description: b.description,
    locationRef: b.location_ref,
    instance_id: b.instance_id,
    created: troveTime(b.created_ms),
    updated: troveTime(b.updated_ms),
    size: b.size,
    status: b.status,
    parent_id: b.parent_id,
    project_id: b.project_id,
    datastore: { type: b.datastore_type, version: b.datastore_version, version_id: version?.id ?? null },
  };
  if (b.status === "COMPLETED" && b.consistent_lsn !== null && b.consistent_ms !== null) {
    view.consistent_lsn = b.consistent_lsn;
    view.consistent_time = formatUtc(b.consistent_ms);
    view.timeline = b.timeline;
  }
  return view;
}

/** The BUILDING segment is shown as far as it has been written by `now`. */
export function segmentView(s: SegmentRow, now: number) {
  const building = s.status === "BUILDING";
  const end = building ? Math.max(s.start_ms, Math.min(now, s.end_ms)) : s.end_ms;
  const endLsn = building ? interpolate(s, end).toString() : s.end_lsn;
  return {
    id: s.id,
    instance_id: s.instance_id,
    timeline: s.timeline,
    status: s.status,
    start: formatUtc(s.start_ms),
    end: formatUtc(end),
    start_lsn: s.start_lsn,
    end_lsn: endLsn,
    size: s.size,
    locationRef: `swift://database_logs/${s.instance_id}/${String(s.timeline).padStart(8, "0")}/${s.start_lsn}`,
  };
}

export function logEventView(e: LogEventRow) {
  return {
    id: e.id,
    instance_id: e.instance_id,
    kind: e.kind,
    time: new Date(e.time_ms).toISOString(),
    lsn: e.lsn,
    xid: e.xid,
    relations: JSON.parse(e.relations) as string[],
    timeline: e.timeline,
  };
}

export function recoveryView(r: RecoveryRow) {
  return {
    id: r.id,
    instance_id: r.instance_id,
    project_id: r.project_id,
    user_id: r.user_id,
    backup_id: r.backup_id,
    point_in_time: r.point_ms === null ? null : formatUtc(r.point_ms),
    status: r.status,
    created: troveTime(r.created_ms),
    updated: troveTime(r.updated_ms),
  };
}

export function datastoreView(ds: Datastore, base: LinkBase) {
  return {
    id: ds.id,
    name: ds.name,
    links: links(base, "datastores", ds.id),
    versions: ds.versions.map((v) => ({ id: v.id, name: v.name, version: v.name, links: links(base, "datastores/versions", v.id) })),
    default_version: ds.defaultVersion,
  };
}

export function datastoreVersionView(ds: Datastore, v: { id: string; name: string }, base: LinkBase) {
  return {
    id: v.id,
    name: v.name,
    datastore: ds.id,
    version: v.name,
    active: 1,
    image: "",
    packages: "",
    links: links(base, "datastores/versions", v.id),
  };
}

export function flavorView(f: Flavor, base: LinkBase) {
  return {
    id: f.id,
    links: links(base, "flavors", f.str_id),
    name: f.name,
    ram: f.ram,
    vcpus: f.vcpus,
    disk: f.disk,
    ephemeral: f.ephemeral,
    str_id: f.str_id,
  };
}
