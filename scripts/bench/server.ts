/**
 * The dashboard server's own cost:
 *  1. the same reads through the dashboard's API and straight from the backend, alternated in one
 *     run: instance list (/api/instances?health=0 vs GET /instances/detail, all pages) and timeline
 *     (/api/instances/:id/timeline vs the backups + log pages it is built from);
 *  2. 50 SSE watchers of one restore: upstream polls per interval, counted by an HTTP proxy in front
 *     of Trove (the dashboard finds it through a Keystone proxy that rewrites the catalog), so the
 *     count is what the backend actually received.
 */
import { countedCloud } from "../../test/helpers/counting-proxy";
import { ApiClient, startDashboard } from "../../test/helpers/dashboard";
import { signIn, startBackend, troveGet, troveList, type Backend, type Upstream } from "../../test/server/upstream";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

interface Timed {
  ms: number;
  /** From the dashboard's Server-Timing header: its own handler time and the Trove time inside it. */
  app?: number;
  upstream?: number;
}

async function viaDashboard(api: ApiClient, pathname: string): Promise<Timed> {
  const t = performance.now();
  const answer = await api.get(pathname);
  const ms = performance.now() - t;
  if (answer.status !== 200) throw new Error(`${pathname} answered ${answer.status}`);
  const timing = answer.headers.get("server-timing") ?? "";
  const dur = (name: string) => Number(new RegExp(`${name};dur=([\\d.]+)`).exec(timing)?.[1] ?? NaN);
  return { ms, app: dur("app"), upstream: dur("upstream") };
}

async function compare(label: string, iterations: number, dashboard: () => Promise<Timed>, direct: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < Math.min(10, iterations); i++) {
    await dashboard();
    await direct();
  }
  const a: Timed[] = [];
  const b: number[] = [];
  for (let i = 0; i < iterations; i++) {
    // Alternate which goes first so neither always gets a warm cache.
    if (i % 2 === 1) b.push(await timed(direct));
    a.push(await dashboard());
    if (i % 2 === 0) b.push(await timed(direct));
  }
  const via = a.map((x) => x.ms).sort((x, y) => x - y);
  const own = a.map((x) => (x.app ?? NaN) - (x.upstream ?? NaN)).sort((x, y) => x - y);
  const framework = a.map((x) => x.ms - (x.app ?? NaN)).sort((x, y) => x - y);
  b.sort((x, y) => x - y);
  const row = (p: number) => {
    const d = percentile(via, p);
    const u = percentile(b, p);
    return `p${p} ${d.toFixed(2)} ms vs ${u.toFixed(2)} ms direct (×${(d / u).toFixed(2)}, +${(d - u).toFixed(2)} ms)`;
  };
  console.log(`  ${label} [${iterations} runs]: ${row(50)}; ${row(99)}`);
  console.log(
    `    of the added time at p50: dashboard code (session, zod, reshape, analysis) ${percentile(own, 50).toFixed(2)} ms; Next's request pipeline + the extra loopback hop ${percentile(framework, 50).toFixed(2)} ms`,
  );
}

async function watchersBench(backend: Backend, watchers: number): Promise<void> {
  const cloud = await countedCloud(backend);
  const trove = cloud.trove;
  const pollMs = 500;
  const dashboard = await startDashboard({ keystoneUrl: cloud.keystoneUrl, env: { STATUS_POLL_MS: String(pollMs) } });
  try {
    const api = new ApiClient(dashboard.url);
    await api.login("demo");
    const list = (
      await api.get<{ instances: { id: string; status: string; health: { latestRestorable: string | null } | null }[] }>("/api/instances")
    ).body;
    const source = list.instances.find((i) => i.status === "ACTIVE" && i.health?.latestRestorable);
    if (!source?.health?.latestRestorable) throw new Error("no restorable instance in the demo world");
    const restored = await api.post<{ restore: { instanceId: string } }>(
      `/api/instances/${source.id}/restores`,
      { mode: "new", point_in_time: source.health.latestRestorable, name: "bench-watch" },
      { "Idempotency-Key": `bench-${Date.now()}` },
    );
    if (restored.status !== 202) throw new Error(`restore answered ${restored.status}: ${JSON.stringify(restored.body)}`);
    const id = restored.body.restore.instanceId;
    const pollPattern = new RegExp(`^GET /v1\\.0/[^/]+/instances/${id}$`);
    const isPoll = (h: string) => pollPattern.test(h);
    const before = trove.hits.filter(isPoll).length;
    const streams = await Promise.all(
      Array.from({ length: watchers }, async () => {
        const res = await fetch(`${dashboard.url}/api/instances/${id}/status?stream=1`, { headers: { Cookie: api.cookie } });
        return res.body?.getReader();
      }),
    );
    const subscribed = trove.hits.filter(isPoll).length;
    const started = performance.now();
    const windowMs = 10 * pollMs;
    await Promise.race([
      Promise.all(
        streams.map(async (r) => {
          while (r && !(await r.read()).done);
        }),
      ),
      new Promise((resolve) => setTimeout(resolve, windowMs)),
    ]);
    const elapsed = performance.now() - started;
    const polls = trove.hits.filter(isPoll).length - subscribed;
    for (const r of streams) await r?.cancel().catch(() => undefined);
    const intervals = Math.max(1, elapsed / pollMs);
    console.log(
      `  ${watchers} SSE watchers of one restore: ${(polls / intervals).toFixed(2)} upstream polls per ${pollMs} ms interval (${polls} polls in ${(elapsed / 1000).toFixed(1)} s; plus ${subscribed - before} one-off authorisation reads, one per watcher) — target 1`,
    );
  } finally {
    await dashboard.stop();
    await cloud.close();
  }
}

export async function benchServer(opts: { smoke: boolean }): Promise<void> {
  const iterations = opts.smoke ? 20 : 300;
  const backend = await startBackend();
  const dashboard = await startDashboard({ keystoneUrl: backend.keystoneUrl });
  try {
    console.log("dashboard server overhead (same reads through /api and straight from the backend):");
    const api = new ApiClient(dashboard.url);
    await api.login("demo");
    const up: Upstream = await signIn(backend.keystoneUrl, "demo");
    await compare(
      "instance list",
      iterations,
      () => viaDashboard(api, "/api/instances?health=0"),
      () => troveList(up, "/instances/detail", "instances"),
    );
    const list = (await api.get<{ instances: { id: string }[] }>("/api/instances?health=0")).body;
    const id = list.instances[0]?.id;
    if (!id) throw new Error("the demo world has no instance");
    await compare(
      "timeline",
      Math.max(10, Math.floor(iterations / 3)),
      () => viaDashboard(api, `/api/instances/${id}/timeline`),
      () =>
        Promise.all([
          troveGet(up, `/instances/${id}`),
          troveList(up, `/instances/${id}/backups`, "backups"),
          troveList(up, `/instances/${id}/transaction_logs?limit=1000`, "transaction_logs"),
        ]),
    );
    await watchersBench(backend, opts.smoke ? 10 : 50);
  } finally {
    await dashboard.stop();
    await backend.stop();
  }
}
