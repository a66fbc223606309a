/**
 * Starts the embedded backend as its own process (the real CLI, real HTTP) on free loopback ports
 * with a temporary database and fast timings, for integration tests, Playwright and benchmarks.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

export interface BackendHandle {
  keystoneUrl: string;
  /** http://127.0.0.1:PORT — Trove's endpoints are `${troveBaseUrl}/v1.0/{project_id}`. */
  troveBaseUrl: string;
  db: string;
  /** Everything the backend wrote to stderr so far. */
  logs(): string;
  stop(): Promise<void>;
  /** Stops (SIGTERM) and starts it again on the same ports and database, keeping the state; this handle follows. */
  restart(): Promise<void>;
}

export interface BackendOptions {
  env?: Record<string, string>;
  /** A database file to use (kept); default a fresh temporary one (deleted on stop). */
  db?: string;
}

const FAST: Record<string, string> = {
  EMBEDDED_RESTORE_SECONDS: "1",
  EMBEDDED_BACKUP_SECONDS: "1",
  EMBEDDED_BUILD_SECONDS: "1",
};

export async function startBackend(options: BackendOptions = {}): Promise<BackendHandle> {
  const tmp = options.db ? null : mkdtempSync(path.join(tmpdir(), "tpd-embedded-"));
  const db = options.db ?? path.join(tmp!, "embedded.sqlite");
  const env = { ...FAST, ...options.env };
  let proc = await launch({ db, env, keystonePort: 0, trovePort: 0, reset: !options.db });
  return {
    keystoneUrl: proc.keystoneUrl,
    troveBaseUrl: proc.troveBaseUrl,
    db,
    logs: () => proc.logs(),
    stop: async () => {
      await proc.terminate();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    },
    restart: async () => {
      await proc.terminate();
      proc = await launch({ db, env, keystonePort: proc.ports.keystone, trovePort: proc.ports.trove, reset: false });
    },
  };
}

interface Proc {
  keystoneUrl: string;
  troveBaseUrl: string;
  ports: { keystone: number; trove: number };
  logs(): string;
  terminate(): Promise<void>;
}

async function launch(o: {
  db: string;
  env: Record<string, string>;
  keystonePort: number;
  trovePort: number;
  reset: boolean;
}): Promise<Proc> {
  const args = [
    "lib/embedded/main.ts",
    "--db",
    o.db,
    "--keystone-port",
    String(o.keystonePort),
    "--trove-port",
    String(o.trovePort),
    "--host",
    "127.0.0.1",
  ];
  if (o.reset) args.push("--reset");
  const child: ChildProcess = spawn(tsx, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...o.env } });
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const ready = await new Promise<{ keystone: string; trove: string }>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`embedded backend did not start in 60 s:\n${stderr}`)), 60_000);
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const line = out.split("\n").find((l) => l.startsWith("EMBEDDED_READY ") && l.endsWith("}"));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice("EMBEDDED_READY ".length)) as { keystone: string; trove: string });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded backend exited (${code}) before it was ready:\n${stderr}`));
    });
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  const terminate = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    // Generous: the PostgreSQL engine stops each cluster it started before it exits, and a kill in
    // the middle of that leaves clusters running (CI once saw two still listening after 5 s).
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
  };
  const ports = { keystone: Number(new URL(ready.keystone).port), trove: Number(new URL(ready.trove).port) };
  return { keystoneUrl: ready.keystone, troveBaseUrl: ready.trove, ports, logs: () => stderr, terminate };
}
