/**
 * Starts the built dashboard (`next start`) on a free loopback port for integration tests and
 * benchmarks, and a small API client that behaves like the browser: one cookie jar, the Origin
 * and X-Requested-With headers on writes.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { CSRF_HEADER, CSRF_VALUE } from "@/lib/api/csrf";

const root = path.resolve(import.meta.dirname, "../..");
const nextBin = path.join(root, "node_modules", ".bin", "next");

export interface Dashboard {
  url: string;
  stop(): Promise<void>;
  /** Everything the server wrote to stdout/stderr so far (to assert no token was logged). */
  logs(): string;
}

/** Builds into NEXT_DIST_DIR (default .next) when it holds no build yet. */
export function ensureBuilt(distDir = process.env.NEXT_DIST_DIR || ".next"): void {
  if (existsSync(path.join(root, distDir, "BUILD_ID"))) return;
  const built = spawnSync(nextBin, ["build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_DIST_DIR: distDir } });
  if (built.status !== 0) throw new Error(`next build failed (exit ${built.status})`);
}

/** `env.DASHBOARD_DATA_DIR` keeps the store across starts; without it each start gets a fresh one, removed on stop. */
export async function startDashboard(options: { keystoneUrl: string; env?: Record<string, string> }): Promise<Dashboard> {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  ensureBuilt(distDir);
  const ownData = options.env?.DASHBOARD_DATA_DIR ? null : mkdtempSync(path.join(tmpdir(), "tpd-dashboard-"));
  const child: ChildProcess = spawn(nextBin, ["start", "-H", "127.0.0.1", "-p", "0"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NEXT_DIST_DIR: distDir,
      NEXT_TELEMETRY_DISABLED: "1",
      OS_AUTH_URL: options.keystoneUrl,
      SESSION_SECRET: randomBytes(32).toString("base64url"),
      ...(ownData ? { DASHBOARD_DATA_DIR: ownData } : {}),
      ...options.env,
    },
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dashboard did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1] && /Ready in/.test(output)) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`dashboard exited (${code}) before it was ready:\n${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url,
    logs: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        // The process group: `next start` may run its server in a child process.
        process.kill(-child.pid, "SIGTERM");
        const killer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, "SIGKILL"), 5000);
        await exited;
        clearTimeout(killer);
      }
      if (ownData) rmSync(ownData, { recursive: true, force: true });
    },
  };
}

export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A browser-like client of the dashboard's API: one cookie jar, CSRF headers on writes. */
export class ApiClient {
  cookie = "";

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(
    method: string,
    pathname: string,
    options: { body?: unknown; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (this.cookie) headers.Cookie = this.cookie;
    if (method !== "GET" && options.csrf !== false) {
      headers.Origin = this.baseUrl;
      headers[CSRF_HEADER] = CSRF_VALUE;
    }
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(this.baseUrl + pathname, {
      method,
      headers: { ...headers, ...options.headers },
      body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
      redirect: "manual",
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      if (!pair) continue;
      const [name, ...rest] = pair.split("=");
      const value = rest.join("=");
      const cookies = new Map(
        this.cookie ? this.cookie.split("; ").map((c) => [c.split("=")[0] ?? "", c.slice((c.split("=")[0] ?? "").length + 1)]) : [],
      );
      if (value === "" || /max-age=0/i.test(line)) cookies.delete(name ?? "");
      else cookies.set(name ?? "", value);
      this.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (e.g. an event stream): keep the text.
    }
    return { status: res.status, headers: res.headers, body: body as T };
  }

  get<T = unknown>(pathname: string) {
    return this.request<T>("GET", pathname);
  }

  post<T = unknown>(pathname: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>("POST", pathname, { body, headers });
  }

  async login(username: string, password = username, project = username === "viewer" ? "demo" : username): Promise<ApiAnswer> {
    const answer = await this.post("/api/auth/login", { username, password, project });
    if (answer.status !== 200) throw new Error(`login ${username} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  }
}
