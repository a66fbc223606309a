/**
 * The embedded backend's entry point: `npm run backend` (or `tsx lib/embedded/main.ts [--reset]
 * [--db PATH] [--keystone-port N] [--trove-port N] [--host H]`). README.md lists the settings.
 * Prints one `EMBEDDED_READY {...}` line when both listeners accept connections: scripts wait for it.
 */
import path from "node:path";
import { hexId } from "./catalog";
import { ConfigError, makeClock, parseConfig } from "./config";
import type { Engine } from "./engine";
import { FaultRegistry } from "./faults";
import { keystoneRouter } from "./keystone";
import { Lifecycle } from "./lifecycle";
import { serve } from "./server";
import { PostgresEngine } from "./postgres/engine";
import { reachableBy } from "./postgres/run";
import { RoutingEngine } from "./routing-engine";
import { SimulatedEngine } from "./simulated-engine";
import { openStore, type InstanceRow } from "./store";
import { troveRouter } from "./trove";
import { generateLargeWorld } from "./large-world";
import { generateWorld, liveInstances, seedIdentities } from "./world";

const log = (line: string) => process.stderr.write(`[embedded] ${line}\n`);

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      log(error.message);
      process.exit(2);
    }
    throw error;
  }
  const clock = makeClock(config);
  const store = openStore(config.db, config.reset);
  const simulated = new SimulatedEngine(store, config.segmentSeconds * 1000, {
    buildMs: config.buildSeconds * 1000,
    restoreMs: config.restoreSeconds * 1000,
    backupMs: config.backupSeconds * 1000,
  });
  let postgres: PostgresEngine | null = null;
  let engine: Engine = simulated;
  if (config.engine === "postgres") {
    const root = path.resolve(config.pg.dir ?? path.join(path.dirname(path.resolve(config.db)), "pg"));
    reachableBy(root);
    postgres = new PostgresEngine(
      store,
      clock,
      { root, network: config.pg.network, archiveTimeoutSeconds: config.pg.archiveTimeoutSeconds, version: "15", preview: config.preview },
      { failed: (id, at, reason) => lifecycle.instanceFailed(id, at, reason), log },
    );
    engine = new RoutingEngine(simulated, new Map([["postgresql", postgres]]));
  }
  const lifecycle: Lifecycle = new Lifecycle(store, engine, {
    failAfterMs: config.restoreSeconds * 1000,
    segmentMs: config.segmentSeconds * 1000,
  });
  if (store.fresh) {
    const started = Date.now();
    // EMBEDDED_WORLD=large: the fleet the admin overview's benchmark needs (EMBEDDED_WORLD_INSTANCES).
    const large = process.env.EMBEDDED_WORLD === "large";
    const perProject = Math.max(1, Math.round(Number(process.env.EMBEDDED_WORLD_INSTANCES ?? 2000) / 100));
    // EMBEDDED_WORLD=empty: users and projects only (the real engine's tests build their own instances).
    const empty = process.env.EMBEDDED_WORLD === "empty";
    const names = empty
      ? (seedIdentities(store), store.q.setMeta.run("world", JSON.stringify({ empty: true })), [])
      : large
        ? generateLargeWorld(store, engine, {
            seed: config.seed,
            now: clock(),
            projects: Math.min(100, Number(process.env.EMBEDDED_WORLD_INSTANCES ?? 2000)),
            instancesPerProject: perProject,
          })
        : generateWorld(store, engine, { seed: config.seed, now: clock() });
    log(`demo world generated from seed ${JSON.stringify(config.seed)} in ${Date.now() - started} ms: ${names.length} instances`);
    await postgres?.start([]);
    if (!large && !empty) {
      for (const live of liveInstances(engine)) {
        lifecycle.createInstance({
          projectId: hexId("project", live.project),
          name: live.name,
          flavorId: live.flavor,
          datastoreType: live.datastore,
          datastoreVersion: "15",
          volumeSize: live.volume,
          restore: null,
          failWith: null,
          now: clock(),
          workload: true,
        });
      }
    }
  } else {
    lifecycle.recoverAfterRestart(clock());
    await postgres?.start(store.sql<InstanceRow>("SELECT * FROM instances WHERE datastore_type = 'postgresql'").all());
    log(`resumed the state in ${config.db}`);
  }
  if (postgres) log(`engine: ${engine.name}; clusters under ${config.pg.dir ?? path.join(path.dirname(path.resolve(config.db)), "pg")}`);
  const faults = new FaultRegistry();
  for (const spec of config.faults) faults.add(spec);

  const running = await serve({
    shared: { store, clock, faults, lifecycle, log },
    host: config.host,
    keystonePort: config.keystonePort,
    trovePort: config.trovePort,
    tokenTtlMs: config.tokenTtlSeconds * 1000,
    keystoneRouter: keystoneRouter(),
    troveRouter: troveRouter(),
  });
  // Time moves even when nobody asks: logs are archived and operations finish on schedule.
  const schedule = {
    fullMs: config.schedule.fullSeconds * 1000,
    incrMs: config.schedule.incrSeconds * 1000,
    keepFulls: config.schedule.keepFulls,
  };
  const timer = setInterval(() => {
    try {
      lifecycle.advance(clock());
      lifecycle.runSchedule(clock(), schedule);
    } catch (error) {
      log(`advance failed: ${(error as Error).stack ?? String(error)}`);
    }
  }, 1000);

  process.stdout.write(`EMBEDDED_READY ${JSON.stringify({ keystone: running.keystoneUrl, trove: running.troveUrl })}\n`);
  log(`Keystone ${running.keystoneUrl}  Trove ${running.troveUrl}/v1.0/{project_id}  db ${config.db}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    await running.close();
    await engine.close();
    store.db.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  log(`failed to start: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
