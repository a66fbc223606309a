#!/usr/bin/env node
// The npm mirror these machines use carries only the linux-x64 builds of platform packages
// (@next/swc-*, @tailwindcss/oxide-*, @rollup/rollup-*, …). `npm install` then writes a lock without
// the other platforms, and `npm ci` refuses that lock as "out of sync". This adds an entry, version
// plus os/cpu, for each optional dependency the lock names but lacks; npm ci skips them on this
// platform and never fetches them. Run it after any `npm install` that rewrites package-lock.json;
// `--check` (used by the test script) fails when the lock needs it.
import fs from "node:fs";

const check = process.argv.includes("--check");
const lockPath = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(fs.readFileSync(lockPath, "utf8"));
const pkgs = lock.packages;
const OS = ["android", "darwin", "freebsd", "linux", "win32", "openbsd", "openharmony", "sunos", "aix", "netbsd"];
const CPU = ["arm", "arm64", "x64", "ia32", "loong64", "ppc64", "riscv64", "s390x", "wasm32", "mips64el"];

const added = [];
for (const [path, node] of Object.entries(pkgs)) {
  for (const [name, version] of Object.entries(node.optionalDependencies ?? {})) {
    // Resolution walks up node_modules folders as Node's does.
    let dir = path;
    let found = false;
    for (;;) {
      if (pkgs[`${dir ? `${dir}/` : ""}node_modules/${name}`]) {
        found = true;
        break;
      }
      if (!dir) break;
      const i = dir.lastIndexOf("/node_modules/");
      dir = i < 0 ? "" : dir.slice(0, i);
    }
    if (found || pkgs[`node_modules/${name}`]) continue;
    const parts = (name.split("/").pop() ?? name).split("-");
    const entry = { version, optional: true };
    const os = parts.find((p) => OS.includes(p));
    const cpu = parts.find((p) => CPU.includes(p));
    if (os) entry.os = [os];
    if (cpu) entry.cpu = [cpu];
    pkgs[`node_modules/${name}`] = entry;
    added.push(`${name}@${version}`);
  }
}

if (check) {
  if (added.length) {
    console.error(
      `package-lock.json lacks ${added.length} foreign-platform entries (npm ci would refuse it): run node scripts/lock-foreign-platforms.mjs`,
    );
    process.exit(1);
  }
  process.exit(0);
}
const [root, ...rest] = Object.entries(pkgs)
  .filter(([k]) => k === "")
  .concat(
    Object.entries(pkgs)
      .filter(([k]) => k !== "")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
lock.packages = Object.fromEntries([root, ...rest].filter(Boolean));
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `added ${added.length} entries` : "lock already complete");
