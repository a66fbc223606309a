import path from "node:path";
import { analyzeRecoverability, type BackupRecord, type LogSegment } from "@/lib/recovery";
import { pathToFileURL } from "node:url";

/** The embedded backend's test handle, as agreed with its author (test/helpers/backend.ts). */
export interface Backend {
  keystoneUrl: string;
  troveBaseUrl: string;
  db: unknown;
  stop(): Promise<void>;
  restart(): Promise<void>;
}
type StartBackend = (opts?: { env?: Record<string, string>; db?: string }) => Promise<Backend>;

/**
 * Loaded by path rather than a static import so that this suite and the benchmark typecheck while
 * the embedded backend is still being written; without it they fail with this message.
 */
export async function startBackend(opts?: Parameters<StartBackend>[0]): Promise<Backend> {
  const file = path.resolve(import.meta.dirname, "../helpers/backend.ts");
  let mod: { startBackend?: StartBackend };
  try {
    mod = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { startBackend?: StartBackend };
  } catch (error) {
    throw new Error(`test/helpers/backend.ts (the embedded backend's test helper) could not be loaded: ${(error as Error).message}`);
  }
  if (typeof mod.startBackend !== "function") throw new Error("test/helpers/backend.ts does not export startBackend");
  return mod.startBackend(opts);
}

/**
 * Test-side access to the embedded backend as a plain OpenStack client would have it: a Keystone
 * token, the database endpoint from the catalog, and the admin-only fault injection.
 */
export interface Upstream {
  token: string;
  endpoint: string;
  projectId: string;
}

export async function signIn(
  keystoneUrl: string,
  user: string,
  password = user,
  project = user === "viewer" ? "demo" : user,
): Promise<Upstream> {
  const res = await fetch(`${keystoneUrl.replace(/\/+$/, "")}/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: { methods: ["password"], password: { user: { name: user, domain: { name: "Default" }, password } } },
        scope: { project: { name: project, domain: { name: "Default" } } },
      },
    }),
  });
  if (res.status !== 201) throw new Error(`keystone sign-in ${user}: ${res.status}`);
  const body = (await res.json()) as {
    token: { project: { id: string }; catalog: { type: string; endpoints: { interface: string; url: string }[] }[] };
  };
  const endpoint = body.token.catalog.find((c) => c.type === "database")?.endpoints.find((e) => e.interface === "public")?.url;
  if (!endpoint) throw new Error("no database endpoint in the catalog");
  return { token: res.headers.get("x-subject-token") ?? "", endpoint: endpoint.replace(/\/+$/, ""), projectId: body.token.project.id };
}

export async function troveGet<T>(up: Upstream, pathname: string): Promise<{ status: number; body: T }> {
  const res = await fetch(up.endpoint + pathname, { headers: { "X-Auth-Token": up.token, Accept: "application/json" } });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Every item of a paginated list, following next links against our own endpoint. */
export async function troveList<T>(up: Upstream, pathname: string, key: string): Promise<T[]> {
  const out: T[] = [];
  const [base = pathname] = pathname.split("?");
  let target = pathname;
  for (let page = 0; page < 1000; page++) {
    const { status, body } = await troveGet<Record<string, unknown> & { links?: { rel: string; href: string }[] | null }>(up, target);
    if (status !== 200) throw new Error(`GET ${target}: ${status}`);
    out.push(...((body[key] as T[]) ?? []));
    const next = body.links?.find((l) => l.rel === "next");
    if (!next) return out;
    target = base + new URL(next.href).search;
  }
  throw new Error("too many pages");
}

export interface Fault {
  path: string;
  method?: string;
  kind: "latency" | "status" | "malformed" | "expire-token" | "restore-error";
  ms?: number;
  status?: number;
  count?: number;
}

export async function injectFault(admin: Upstream, fault: Fault): Promise<void> {
  const res = await fetch(`${admin.endpoint}/mgmt/faults`, {
    method: "POST",
    headers: { "X-Auth-Token": admin.token, "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ fault }),
  });
  if (res.status >= 300) throw new Error(`inject fault: ${res.status} ${await res.text()}`);
}

export async function clearFaults(admin: Upstream): Promise<void> {
  const res = await fetch(`${admin.endpoint}/mgmt/faults`, {
    method: "DELETE",
    headers: { "X-Auth-Token": admin.token, Accept: "application/json" },
  });
  await res.body?.cancel();
}

/** Any Trove call, the body parsed when it is JSON (HTML and empty bodies come back as text). */
export async function troveSend(
  up: Upstream,
  method: string,
  pathname: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown; type: string }> {
  const res = await fetch(up.endpoint + pathname, {
    method,
    headers: {
      "X-Auth-Token": up.token,
      Accept: "application/json",
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // HTML or plain text: kept as it came.
  }
  return { status: res.status, body: parsed, type: res.headers.get("content-type") ?? "" };
}

/** Polls `fn` until it answers something other than null (the state was reached), or fails at the deadline. */
export async function pollUntil<T>(what: string, fn: () => Promise<T | null>, timeoutMs: number, everyMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The Trove fields the suites read (optional where a list or a kind of backend leaves them out). */
export interface TroveInstance {
  id: string;
  name: string;
  status: string;
  datastore: { type: string; version: string };
  flavor: { id: string };
  volume: { size: number };
  created?: string;
  updated?: string;
  tenant_id?: string;
  fault?: { message: string };
}
export interface TroveBackup {
  id: string;
  name: string;
  status: string;
  parent_id: string | null;
  created: string;
  updated: string;
  instance_id: string;
  project_id: string;
  size: number | null;
  locationRef?: string | null;
  consistent_lsn?: string;
  consistent_time?: string;
  timeline?: number;
}
export interface TroveSegment {
  id: string;
  timeline: number;
  status: string;
  start: string;
  end: string;
  start_lsn: string;
  end_lsn: string;
}

/** An instance's backups and whole log archive, read as any client would, and what the recovery core makes of them. */
export async function analysisOf(up: Upstream, id: string) {
  const backups = await troveList<TroveBackup>(up, `/instances/${id}/backups?limit=1000`, "backups");
  const segments = await troveList<TroveSegment>(up, `/instances/${id}/transaction_logs?limit=1000`, "transaction_logs");
  const records: BackupRecord[] = backups.map((b) => ({
    id: b.id,
    name: b.name,
    status: b.status,
    parentId: b.parent_id,
    created: b.created,
    updated: b.updated,
    consistentLsn: b.consistent_lsn ?? null,
    consistentTime: b.consistent_time ?? null,
    timeline: b.timeline ?? null,
  }));
  const logs: LogSegment[] = segments.map((s) => ({
    id: s.id,
    timeline: s.timeline,
    status: s.status,
    start: s.start,
    end: s.end,
    startLsn: s.start_lsn,
    endLsn: s.end_lsn,
  }));
  return { backups, segments, analysis: analyzeRecoverability({ capability: "pitr", backups: records, segments: logs }) };
}
