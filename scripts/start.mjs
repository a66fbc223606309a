#!/usr/bin/env node
// `npm start`: the embedded backend (Keystone :5000 + Trove :8779, demo world on first run) and the
// dashboard on http://127.0.0.1:3000, as two processes talking real HTTP. Builds the dashboard first
// when no build exists, so one command works on a fresh clone.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const distDir = process.env.NEXT_DIST_DIR || ".next";
const port = process.env.PORT || "3000";
const host = process.env.HOST || "127.0.0.1";
const bin = (name) => path.join(root, "node_modules", ".bin", name);

if (!existsSync(path.join(root, distDir, "BUILD_ID")) || process.argv.includes("--build")) {
  console.log("Building the dashboard (first run only)…");
  const built = spawnSync(bin("next"), ["build"], { cwd: root, stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// A stable per-checkout secret, so sessions survive a restart of `npm start` without asking the user.
function sessionSecret() {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  const file = path.join(root, "data", "session-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

const children = [];
function run(name, cmd, args, env) {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const tag = (stream, out) =>
    stream.on("data", (chunk) => {
      for (const line of String(chunk).split("\n")) if (line) out.write(`[${name}] ${line}\n`);
    });
  tag(child.stdout, process.stdout);
  tag(child.stderr, process.stderr);
  child.on("exit", (code, signal) => {
    console.error(`[${name}] exited (${signal ?? code}); stopping everything`);
    shutdown(code ?? 1);
  });
  children.push(child);
  return child;
}

let stopping = false;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 500).unref();
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

function startDashboard(authUrl) {
  run("dashboard", bin("next"), ["start", "-H", host, "-p", port], { OS_AUTH_URL: authUrl, SESSION_SECRET: sessionSecret() });
  console.log(`\nDashboard: http://${host}:${port}  (Keystone: ${authUrl})\n`);
}

// `npm start -- --no-backend` with OS_AUTH_URL set: the dashboard alone, against a real cloud.
if (process.argv.includes("--no-backend")) {
  if (!process.env.OS_AUTH_URL) {
    console.error("--no-backend needs OS_AUTH_URL (e.g. http://keystone.example:5000/v3)");
    process.exit(2);
  }
  startDashboard(process.env.OS_AUTH_URL);
} else {
  const backendArgs = ["lib/embedded/main.ts", ...process.argv.slice(2).filter((a) => a !== "--build")];
  // The real engine needs Debian's PostgreSQL 15 and pgBackRest: installed on first use.
  const engineArg = backendArgs.find((a) => a.startsWith("--engine"));
  const engine = engineArg?.includes("=")
    ? engineArg.split("=")[1]
    : engineArg
      ? backendArgs[backendArgs.indexOf(engineArg) + 1]
      : process.env.EMBEDDED_ENGINE;
  if (engine === "postgres") {
    const ensured = spawnSync("bash", [path.join(root, "scripts", "ensure-postgres.sh")], { cwd: root, stdio: "inherit" });
    if (ensured.status !== 0) process.exit(ensured.status ?? 1);
  }
  const backend = run("backend", bin("tsx"), backendArgs, {});
  let pending = "";
  backend.stdout.on("data", function onReady(chunk) {
    pending += String(chunk);
    const line = pending.split("\n").find((l) => l.startsWith("EMBEDDED_READY ") && l.endsWith("}"));
    if (!line) return;
    backend.stdout.off("data", onReady);
    const { keystone } = JSON.parse(line.slice("EMBEDDED_READY ".length));
    startDashboard(process.env.OS_AUTH_URL || keystone);
    console.log("Demo users: demo/demo, admin/admin, alt/alt, viewer/viewer (domain Default)\n");
  });
}
