/**
 * Running PostgreSQL's and pgBackRest's programs. PostgreSQL refuses to run as root, and these
 * machines run everything as root: then every program runs as the `postgres` user the Debian
 * package creates (setpriv), on directories it owns.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";

export const AS_ROOT = typeof process.getuid === "function" && process.getuid() === 0;

function osUser(name: string): { uid: number; gid: number } | null {
  const r = spawnSync("id", ["-u", name], { encoding: "utf8" });
  const g = spawnSync("id", ["-g", name], { encoding: "utf8" });
  if (r.status !== 0 || g.status !== 0) return null;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

const POSTGRES = AS_ROOT ? osUser("postgres") : null;

/** The binaries of a PostgreSQL major version, as Debian installs them. */
export function pgBin(version: string, program: string): string {
  return path.join("/usr/lib/postgresql", version, "bin", program);
}

/** What is missing for the engine to work, in words a person can act on; empty when nothing is. */
export function missingTools(version: string): string[] {
  const missing: string[] = [];
  if (!existsSync(pgBin(version, "postgres")))
    missing.push(`PostgreSQL ${version} is not installed (no ${pgBin(version, "postgres")}; apt-get install postgresql-${version})`);
  if (spawnSync("pgbackrest", ["version"], { encoding: "utf8" }).status !== 0)
    missing.push("pgBackRest is not installed (apt-get install pgbackrest)");
  if (AS_ROOT && POSTGRES === null) missing.push("there is no postgres user to run PostgreSQL as (it comes with the postgresql package)");
  return missing;
}

/**
 * The postgres user must be able to walk down to `dir`: a temporary directory made by root is
 * 0700. Grants only the right to pass through (o+x) on directories of ours that lack it.
 */
export function reachableBy(dir: string): void {
  if (!POSTGRES) return;
  mkdirSync(dir, { recursive: true });
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const st = statSync(d);
    if ((st.mode & 0o001) === 0 && st.uid === 0) chmodSync(d, st.mode | 0o001);
    if (d === path.dirname(d)) break;
  }
}

/** A directory the programs can write, owned by postgres when we are root. */
export function ownedDir(dir: string, mode = 0o700): string {
  mkdirSync(dir, { recursive: true, mode });
  if (POSTGRES) chownSync(dir, POSTGRES.uid, POSTGRES.gid);
  return dir;
}

export function ownFile(file: string): void {
  if (POSTGRES) chownSync(file, POSTGRES.uid, POSTGRES.gid);
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly result: RunResult,
  ) {
    const said = (result.stderr.trim() || result.stdout.trim()).split("\n").slice(-3).join(" ").slice(0, 600);
    super(`${command} failed${result.code === null ? " (killed)" : ` (exit ${result.code})`}: ${said || "no output"}`);
  }
}

/** Long-running programs started from this thread (the demo workloads). */
const running = new Set<ChildProcess>();

// setpriv execs the program itself (runuser forks), so killing the child kills the program.
function argv(program: string, args: readonly string[]): [string, string[]] {
  return POSTGRES ? ["setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", program, ...args]] : [program, [...args]];
}

/**
 * Programs are started from a worker thread. Node's spawn blocks the thread that calls it until the
 * child has been forked and has exec'd, and the engine starts several programs a second (each
 * archived segment's archive-get and pg_waldump, the relation names, backups). On a loaded 2-core
 * CI machine that took tens of milliseconds per program, and from the main thread it kept the
 * embedded Keystone and Trove from answering for seconds at a time: a CPU profile of the backend
 * with live clusters spent over half its samples inside spawn, and the dashboard's pages took
 * 10–20 s. Plain JavaScript, so it runs the same under tsx, vitest and node.
 */
const SPAWNER = `
const { parentPort, workerData } = require("node:worker_threads");
const { spawn } = require("node:child_process");
parentPort.on("message", (m) => {
  let child;
  try {
    const env = m.env ? { ...workerData.env, ...m.env } : workerData.env;
    child = spawn(m.cmd, m.args, { env, stdio: [m.input === undefined ? "ignore" : "pipe", "pipe", "pipe"], cwd: "/" });
  } catch (error) {
    parentPort.postMessage({ id: m.id, error: String(error && error.message || error) });
    return;
  }
  if (child.pid !== undefined) parentPort.postMessage({ id: m.id, pid: child.pid });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c.toString()));
  child.stderr.on("data", (c) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), m.timeoutMs);
  let settled = false;
  child.on("error", (error) => {
    clearTimeout(timer);
    if (settled) return;
    settled = true;
    parentPort.postMessage({ id: m.id, error: String(error && error.message || error) });
  });
  child.on("close", (code) => {
    clearTimeout(timer);
    if (settled) return;
    settled = true;
    parentPort.postMessage({ id: m.id, code, stdout, stderr });
  });
  if (child.stdin) {
    // A program that exits without reading its input must not crash the backend.
    child.stdin.on("error", () => {});
    child.stdin.end(m.input);
  }
});
`;

type SpawnerMessage =
  { id: number; pid: number } | { id: number; error: string } | { id: number; code: number | null; stdout: string; stderr: string };

interface Pending {
  resolve(result: RunResult): void;
  reject(error: Error): void;
  pid?: number;
}

/** Two, so that one program being forked does not hold up the next (the machines have two cores). */
const SPAWNERS = 2;
const spawners: (Worker | null)[] = Array.from({ length: SPAWNERS }, () => null);
const load = new Array<number>(SPAWNERS).fill(0);
let nextId = 0;
const pending = new Map<number, Pending & { spawner: number }>();

function spawnerNumber(): number {
  let best = 0;
  for (let i = 1; i < SPAWNERS; i++) if (load[i]! < load[best]!) best = i;
  return best;
}

function theSpawner(n: number): Worker {
  const existing = spawners[n];
  if (existing) return existing;
  // The environment goes once, not with every program: copying process.env (a getter per variable)
  // and cloning it into each message was a visible share of the main thread's time.
  const worker = new Worker(SPAWNER, { eval: true, workerData: { env: { ...process.env, TZ: "UTC", LC_ALL: "C" } } });
  worker.on("message", (m: SpawnerMessage) => {
    const p = pending.get(m.id);
    if (!p) return;
    if ("pid" in m) {
      p.pid = m.pid;
      return;
    }
    pending.delete(m.id);
    // Held while a program runs, so a caller awaiting it keeps the process alive; not otherwise.
    if (--load[n]! === 0) worker.unref();
    if ("error" in m) p.reject(new Error(m.error));
    else p.resolve({ code: m.code, stdout: m.stdout, stderr: m.stderr });
  });
  worker.on("error", (error) => {
    for (const [id, p] of pending)
      if (p.spawner === n) {
        pending.delete(id);
        p.reject(error);
      }
    load[n] = 0;
    spawners[n] = null;
  });
  worker.unref();
  spawners[n] = worker;
  return worker;
}

/** Runs a program as the database user; rejects with its own words when it fails. */
export function run(
  program: string,
  args: readonly string[],
  opts: { timeoutMs?: number; env?: Record<string, string>; input?: string; allowFail?: boolean } = {},
): Promise<RunResult> {
  const [cmd, full] = argv(program, args);
  const n = spawnerNumber();
  const worker = theSpawner(n);
  const id = nextId++;
  return new Promise<RunResult>((resolve, reject) => {
    pending.set(id, {
      spawner: n,
      resolve: (result) => {
        if (result.code === 0 || opts.allowFail) resolve(result);
        else reject(new CommandError(`${path.basename(program)} ${args.find((a) => !a.startsWith("-")) ?? ""}`.trim(), result));
      },
      reject,
    });
    load[n]!++;
    worker.ref();
    worker.postMessage({
      id,
      cmd,
      args: full,
      env: opts.env,
      input: opts.input,
      timeoutMs: opts.timeoutMs ?? 120_000,
    });
  });
}

/** A long-running program (the demo workload); killed by killAll. */
export function startLong(program: string, args: readonly string[]): ChildProcess {
  const [cmd, full] = argv(program, args);
  const child = spawn(cmd, full, { env: { ...process.env, TZ: "UTC", LC_ALL: "C" }, stdio: ["ignore", "ignore", "pipe"], cwd: "/" });
  running.add(child);
  child.on("close", () => running.delete(child));
  child.on("error", () => running.delete(child));
  return child;
}

/** Every program still running is killed: the backend is stopping. */
export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
  // From here, not through the worker: the process may exit before the worker reads a message.
  for (const p of pending.values()) {
    if (p.pid === undefined) continue;
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}
