#!/usr/bin/env bash
# The inner loop: what can be known without starting a server, in well under a minute.
# Format, lint and types run side by side; the unit tests after, so one failure reads cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
logs=$(mktemp -d); trap 'rm -rf "$logs"' EXIT
pids=()
npx prettier --check . --log-level warn > "$logs/format" 2>&1 & pids+=($!)
npx eslint . --cache --cache-location node_modules/.cache/eslint/ > "$logs/lint" 2>&1 & pids+=($!)
npx tsc --noEmit > "$logs/types" 2>&1 & pids+=($!)
failed=0
names=(format lint types)
for i in 0 1 2; do
  if wait "${pids[$i]}"; then echo "ok   ${names[$i]}"; else echo "FAIL ${names[$i]}"; cat "$logs/${names[$i]}"; failed=1; fi
done
[ "$failed" = 0 ] || exit 1
npx vitest run --project unit --reporter=dot
