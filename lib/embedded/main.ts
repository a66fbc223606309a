/**
 * The embedded backend's entry point: `npm run backend` (or `tsx lib/embedded/main.ts [--reset]
 * [--db PATH] [--keystone-port N] [--trove-port N] [--host H]`). README.md lists the settings.
 * Prints one `EMBEDDED_READY {...}` line when both listeners accept connections: scripts wait for it.
 */
import { ConfigError, makeClock, parseConfig } from "./config";
import { FaultRegistry } from "./faults";
import { keystoneRouter } from "./keystone";
import { Lifecycle } from "./lifecycle";
import { serve } from "./server";
import { SimulatedEngine } from "./simulated-engine";
import { openStore } from "./store";
import { troveRouter } from "./trove";
import { generateLargeWorld } from "./large-world";
import { generateWorld } from "./world";

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
  const engine = new SimulatedEngine(store, config.segmentSeconds * 1000, {
    buildMs: config.buildSeconds * 1000,
    restoreMs: config.restoreSeconds * 1000,
    backupMs: config.backupSeconds * 1000,
  });
  const lifecycle = new Lifecycle(store, engine, { failAfterMs: config.restoreSeconds * 1000, segmentMs: config.segmentSeconds * 1000 });
  if (store.fresh) {
    const started = Date.now();
    // EMBEDDED_WORLD=large: the fleet the admin overview's benchmark needs (EMBEDDED_WORLD_INSTANCES).
    const large = process.env.EMBEDDED_WORLD === "large";
    const perProject = Math.max(1, Math.round(Number(process.env.EMBEDDED_WORLD_INSTANCES ?? 2000) / 100));
    const names = large
      ? generateLargeWorld(store, engine, { seed: config.seed, now: clock(), projects: Math.min(100, Number(process.env.EMBEDDED_WORLD_INSTANCES ?? 2000)), instancesPerProject: perProject })
      : generateWorld(store, engine, { seed: config.seed, now: clock() });
    log(`demo world generated from seed ${JSON.stringify(config.seed)} in ${Date.now() - started} ms: ${names.length} instances`);
  } else {
    lifecycle.recoverAfterRestart(clock());
    log(`resumed the state in ${config.db}`);
  }
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
  const timer = setInterval(() => {
    try {
      lifecycle.advance(clock());
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
