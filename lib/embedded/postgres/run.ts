/**
 * Running PostgreSQL's and pgBackRest's programs. PostgreSQL refuses to run as root, and these
 * machines run everything as root: then every program runs as the `postgres` user the Debian
 * package creates (setpriv), on directories it owns.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";

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

const running = new Set<ChildProcess>();

// setpriv execs the program itself (runuser forks), so killing the child kills the program.
function argv(program: string, args: readonly string[]): [string, string[]] {
  return POSTGRES ? ["setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", program, ...args]] : [program, [...args]];
}

/** Runs a program as the database user; rejects with its own words when it fails. */
export function run(
  program: string,
  args: readonly string[],
  opts: { timeoutMs?: number; env?: Record<string, string>; input?: string; allowFail?: boolean } = {},
): Promise<RunResult> {
  const [cmd, full] = argv(program, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, full, {
      env: { ...process.env, TZ: "UTC", LC_ALL: "C", ...opts.env },
      stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      cwd: "/",
    });
    running.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      running.delete(child);
      const result = { code, stdout, stderr };
      if (code === 0 || opts.allowFail) resolve(result);
      else reject(new CommandError(`${path.basename(program)} ${args.find((a) => !a.startsWith("-")) ?? ""}`.trim(), result));
    });
    if (child.stdin) {
      // A program that exits without reading its input must not crash the backend.
      child.stdin.on("error", () => {});
      child.stdin.end(opts.input);
    }
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
}
