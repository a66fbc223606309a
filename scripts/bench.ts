// Runs every `bench*` export of scripts/bench/*.ts; BENCH_SMOKE=1 picks tiny sizes for CI.
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const smoke = process.env.BENCH_SMOKE === "1";
const dir = path.join(import.meta.dirname, "bench");

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith(".ts"))
  .sort()) {
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as Record<string, unknown>;
  for (const [name, fn] of Object.entries(mod)) {
    if (!name.startsWith("bench") || typeof fn !== "function") continue;
    const started = performance.now();
    await (fn as (opts: { smoke: boolean }) => Promise<void>)({ smoke });
    console.log(`${file} ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
}
