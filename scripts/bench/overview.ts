/**
 * The admin overview at fleet scale (issue 6): the embedded backend generates a large world
 * (EMBEDDED_WORLD=large: 2,000 instances in 100 projects, 2 days of 5-minute logs each), the built
 * dashboard serves /api/admin/overview, and this prints how long it takes cold (a fresh computation:
 * `?refresh=1`) and warm (served within the overview's 15 s reuse window), and how many Trove calls
 * one computation makes. Target: under 2 s warm at 2,000 instances.
 */
import { ApiClient, startDashboard } from "../../test/helpers/dashboard";
import { startBackend } from "../../test/helpers/backend";

async function time(api: ApiClient, path: string): Promise<{ ms: number; calls: number; rows: number }> {
  const t = performance.now();
  // ?refresh=1 needs the CSRF header (a fresh computation is real work for the cloud).
  const answer = await api.request<{ upstreamCalls: number; rows: unknown[] }>("GET", path, { headers: { "X-Requested-With": "trove-pitr-dashboard" } });
  const ms = performance.now() - t;
  if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  return { ms, calls: answer.body.upstreamCalls, rows: answer.body.rows.length };
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

export async function benchOverview(opts: { smoke: boolean }): Promise<void> {
  const instances = opts.smoke ? 100 : 2000;
  const started = performance.now();
  const backend = await startBackend({ env: { EMBEDDED_WORLD: "large", EMBEDDED_WORLD_INSTANCES: String(instances) } });
  const generated = performance.now() - started;
  const dashboard = await startDashboard({ keystoneUrl: backend.keystoneUrl, env: { UPSTREAM_TIMEOUT_MS: "60000" } });
  try {
    const api = new ApiClient(dashboard.url);
    await api.login("admin");
    console.log(`admin overview, ${instances} instances in ${Math.min(100, instances)} projects (world generated and backend up in ${(generated / 1000).toFixed(1)} s)`);
    const coldRuns = opts.smoke ? 1 : 3;
    const cold: number[] = [];
    let calls = 0;
    let rows = 0;
    for (let i = 0; i < coldRuns; i++) {
      const r = await time(api, "/api/admin/overview?refresh=1");
      cold.push(r.ms);
      calls = r.calls;
      rows = r.rows;
    }
    const warm: number[] = [];
    for (let i = 0; i < (opts.smoke ? 3 : 10); i++) warm.push((await time(api, "/api/admin/overview")).ms);
    cold.sort((a, b) => a - b);
    warm.sort((a, b) => a - b);
    console.log(`  rows ${rows}, upstream calls per computation ${calls} (2 fleet lists + recoveries + 1 log read per instance, paged)`);
    console.log(`  cold (fresh computation): median ${fmt(cold[Math.floor(cold.length / 2)]!)}, max ${fmt(cold.at(-1)!)} over ${cold.length}`);
    console.log(`  warm (reused):            median ${fmt(warm[Math.floor(warm.length / 2)]!)}, max ${fmt(warm.at(-1)!)} over ${warm.length}   target < 2000 ms`);
  } finally {
    await dashboard.stop();
    await backend.stop();
  }
}
