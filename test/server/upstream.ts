import path from "node:path";
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

export async function signIn(keystoneUrl: string, user: string, password = user, project = user === "viewer" ? "demo" : user): Promise<Upstream> {
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
  const body = (await res.json()) as { token: { project: { id: string }; catalog: { type: string; endpoints: { interface: string; url: string }[] }[] } };
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
  const res = await fetch(`${admin.endpoint}/mgmt/faults`, { method: "DELETE", headers: { "X-Auth-Token": admin.token, Accept: "application/json" } });
  await res.body?.cancel();
}
