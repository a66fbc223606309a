#!/usr/bin/env bash
# The dashboard against a genuine OpenStack control plane (issue 7): Debian's Keystone 22 and Trove 18
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
if ! curl -fsS -o /dev/null http://127.0.0.1:5000/v3 2>/dev/null; then
  echo "real-cloud: starting Keystone 22 + Trove 18 (apt install on first use)…"
  bash "$real/up.sh"
  started=1
fi
cleanup() { if [ "$started" = 1 ]; then bash "$real/down.sh" || true; fi; }
trap cleanup EXIT
npx vitest run --project real
bash scripts/ensure-chromium.sh
npx playwright test -c e2e/real/playwright.config.ts
