/**
 * Load against two replicas sharing Redis (loopback only): simulated users browsing — the instance
 * list, an instance's page data (its detail and timeline), their session — each a closed loop with
 * 0.5–1.5 s of thinking between actions, spread over the replicas like a round-robin load balancer;
 * and watchers of restores in progress, their status streams split across the replicas. Trove sits
 * behind a counting proxy, so "upstream calls" are what it really received.
 */
import { randomBytes } from "node:crypto";
import { countedCloud } from "../../test/helpers/counting-proxy";
import { ApiClient, startDashboard, type Dashboard } from "../../test/helpers/dashboard";
import { startRedis } from "../../test/helpers/redis";
import { startBackend } from "../../test/server/upstream";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchReplicas(opts: { smoke: boolean }): Promise<void> {
  const users = opts.smoke ? 20 : 200;
  const watchers = opts.smoke ? 4 : 20;
  const seconds = opts.smoke ? 8 : 60;
  const pollMs = 2000;
  const redis = await startRedis();
  // Restores outlast the run, so the watchers watch for all of it.
  const backend = await startBackend({ env: { EMBEDDED_RESTORE_SECONDS: String(seconds + 60) } });
  const cloud = await countedCloud(backend);
  const secret = randomBytes(32).toString("base64url");
  const replicas: Dashboard[] = [];
  try {
    replicas.push(
      ...(await Promise.all(
        [0, 1].map(() =>
          startDashboard({
            keystoneUrl: cloud.keystoneUrl,
            env: { REDIS_URL: redis.url, SESSION_SECRET: secret, STATUS_POLL_MS: String(pollMs) },
          }),
        ),
      )),
    );
    const replicaFor = (i: number) => replicas[i % 2] as Dashboard;
    // The demo world has few users: the simulated ones share ten sessions (like tabs), signed in
    // one after another (Keystone's scrypt is the slow part of a sign-in, and not what is measured).
    const sessions: string[] = [];
    for (let i = 0; i < 10; i++) {
      const client = new ApiClient(replicaFor(i).url);
      await client.login(i % 2 === 0 ? "demo" : "alt");
      sessions.push(client.cookie);
    }
    const clients = Array.from({ length: users }, (_, i) =>
      Object.assign(new ApiClient(replicaFor(i).url), { cookie: sessions[i % sessions.length] ?? "" }),
    );
    // Each project's instances, read once to pick from (not counted).
    const idsOf = new Map<string, string[]>();
    for (const c of clients.slice(0, 2)) {
      const list = (
        await c.get<{ instances: { id: string; status: string; health: { latestRestorable: string | null } | null }[] }>("/api/instances")
      ).body;
      idsOf.set(
        c.cookie,
        list.instances.map((x) => x.id),
      );
    }
    const demo = clients[0] as ApiClient;
    const list = (
      await demo.get<{
        instances: { id: string; status: string; datastore: { type: string }; health: { latestRestorable: string | null } | null }[];
      }>("/api/instances")
    ).body;
    const source = list.instances.find((x) => x.status === "ACTIVE" && x.datastore.type === "mysql" && x.health?.latestRestorable);
    if (!source?.health?.latestRestorable) throw new Error("no restorable instance in the demo world");
    const restores = opts.smoke ? 1 : 4;
    const watched: string[] = [];
    for (let r = 0; r < restores; r++) {
      const answer = await demo.post<{ restore: { instanceId: string } }>(
        `/api/instances/${source.id}/restores`,
        { mode: "new", point_in_time: source.health.latestRestorable, name: `bench-load-${r}` },
        { "Idempotency-Key": `bench-load-${r}-${Date.now()}` },
      );
      if (answer.status !== 202) throw new Error(`restore answered ${answer.status}`);
      watched.push(answer.body.restore.instanceId);
    }

    const latencies: number[] = [];
    let errors = 0;
    let actions = 0;
    let streamsOpened = 0;
    const stop = { at: 0 };
    const timedGet = async (client: ApiClient, path: string) => {
      const started = performance.now();
      try {
        const answer = await client.get(path);
        if (answer.status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - started);
    };
    const browse = async (client: ApiClient, index: number) => {
      const ids = idsOf.get(clients[index % 2]!.cookie) ?? [];
      // Users arrive over the first second, not all in the same millisecond.
      await sleep(Math.random() * 1000);
      while (performance.now() < stop.at) {
        const step = actions++ % 3;
        const id = ids[Math.floor(Math.random() * ids.length)] ?? "";
        if (step === 0) await timedGet(client, "/api/instances");
        else if (step === 1)
          await Promise.all([timedGet(client, `/api/instances/${id}`), timedGet(client, `/api/instances/${id}/timeline`)]);
        else await timedGet(client, "/api/session");
        await sleep(500 + Math.random() * 1000);
      }
    };
    const watch = async (index: number) => {
      const client = clients[(index * 2) % users] as ApiClient;
      const url = `${replicaFor(index).url}/api/instances/${watched[index % watched.length]}/status?stream=1`;
      while (performance.now() < stop.at) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), Math.max(0, stop.at - performance.now()));
        try {
          streamsOpened++;
          const res = await fetch(url, { headers: { Cookie: client.cookie }, signal: controller.signal });
          if (res.status !== 200) errors++;
          await res.text();
        } catch (error) {
          if ((error as Error).name !== "AbortError") errors++;
        } finally {
          clearTimeout(timer);
        }
      }
    };

    const upstreamBefore = cloud.trove.hits.length;
    const isPoll = (h: string) => watched.some((id) => h.endsWith(`/instances/${id}`));
    const pollsBefore = cloud.trove.hits.filter(isPoll).length;
    const started = performance.now();
    stop.at = started + seconds * 1000;
    await Promise.all([...clients.map((c, i) => browse(c, i)), ...Array.from({ length: watchers }, (_, i) => watch(i))]);
    const elapsed = (performance.now() - started) / 1000;
    const hits = cloud.trove.hits.slice(upstreamBefore);
    // Each stream's first read authorises its watcher with its own token: not a shared poll.
    const polls = cloud.trove.hits.filter(isPoll).length - pollsBefore - streamsOpened;
    const browsingCalls = hits.filter((h) => !isPoll(h)).length;
    latencies.sort((a, b) => a - b);
    console.log(
      `two replicas + Redis, ${users} users browsing and ${watchers} watching ${watched.length} restore(s), ${elapsed.toFixed(0)} s:`,
    );
    console.log(
      `  ${(latencies.length / elapsed).toFixed(1)} requests/s; p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; errors ${errors}`,
    );
    console.log(
      `  upstream calls per user action: ${(browsingCalls / Math.max(1, actions)).toFixed(2)} (${browsingCalls} Trove calls for ${actions} actions)`,
    );
    console.log(
      `  status polls: ${(polls / (elapsed / (pollMs / 1000)) / watched.length).toFixed(2)} per ${pollMs} ms interval per watched restore (${watchers} watchers on 2 replicas; target 1)`,
    );
  } finally {
    for (const r of replicas) await r.stop();
    await cloud.close();
    await backend.stop();
    await redis.remove();
  }
}
