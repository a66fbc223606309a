#!/usr/bin/env bash
# The whole suite, in the order that fails fastest: static checks, pure units, then real servers.
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NEXT_TELEMETRY_DISABLED=1
step() { printf '\n== %s ==\n' "$*"; }
step lockfile;    node scripts/lock-foreign-platforms.mjs --check
step format;      npx prettier --check .
step lint;        npx eslint .
step typecheck;   npx tsc --noEmit
step unit;        npx vitest run --project unit
step build;       npx next build
step integration; bash scripts/ensure-postgres.sh && bash scripts/ensure-redis.sh && npm run -s test:integration
step browser;     bash scripts/ensure-chromium.sh && npx playwright test
step postgres-browser; npx playwright test -c e2e/postgres/playwright.config.ts
step real-cloud;  bash scripts/real-cloud.sh
step bench-smoke; BENCH_SMOKE=1 npx tsx scripts/bench.ts
