#!/usr/bin/env bash
# The dashboard against a genuine OpenStack control plane: Debian's Keystone 22 and Trove 18
# from ../shared/real-trove (installed with apt on first use), started and seeded on loopback, then the
# API suite (vitest project `real`) and one browser journey. Stops the cloud again if it started it.
set -euo pipefail
cd "$(dirname "$0")/.."
real="$(cd .. && pwd)/shared/real-trove"
if [ ! -x "$real/up.sh" ]; then
  echo "real-cloud: $real/up.sh not found (../shared/real-trove sits next to the repository)" >&2
  exit 1
fi
started=0
# Node, not curl: a CI machine starts with nothing but Node.
up() { node -e 'Promise.all([5000, 8779].map((p) => fetch(`http://127.0.0.1:${p}/`))).then(() => process.exit(0), () => process.exit(1))'; }
if ! up; then
  # ../shared/real-trove's start scripts wait for their servers with curl.
  if ! command -v curl >/dev/null; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq curl >/dev/null
  fi
  echo "real-cloud: starting Keystone 22 + Trove 18 (apt install on first use)…"
  bash "$real/up.sh"
  started=1
fi
# A cloud someone left running may be fresh (start.sh alone) or already seeded; seeding twice would
# duplicate the instances, so seed only when demo's orders-db is missing.
if [ "$started" = 0 ] && ! python3 - <<'PY'
import json, sys, urllib.request
ks = "http://127.0.0.1:5000/v3"
body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "demo", "domain": {"name": "Default"}, "password": "demo"}}},
                 "scope": {"project": {"name": "demo", "domain": {"name": "Default"}}}}}
r = urllib.request.urlopen(urllib.request.Request(f"{ks}/auth/tokens", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}))
token, pid = r.headers["X-Subject-Token"], json.loads(r.read())["token"]["project"]["id"]
names = [i["name"] for i in json.loads(urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:8779/v1.0/{pid}/instances?limit=1000", headers={"X-Auth-Token": token})).read())["instances"]]
sys.exit(0 if "orders-db" in names else 1)
PY
then
  echo "real-cloud: seeding the running cloud…"
  KEYSTONE=http://127.0.0.1:5000/v3 python3 "$real/seed.py"
fi
cleanup() { if [ "$started" = 1 ]; then bash "$real/down.sh" || true; fi; }
trap cleanup EXIT
npx vitest run --project real
# The embedded backend's stock contract, pointed at the real servers: where they disagree, the embedded one changes.
REAL_TROVE_KEYSTONE_URL=http://127.0.0.1:5000/v3 npx vitest run --project integration test/embedded/stock-contract.test.ts
bash scripts/ensure-chromium.sh
npx playwright test -c e2e/real/playwright.config.ts
