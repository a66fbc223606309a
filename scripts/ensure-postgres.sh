#!/usr/bin/env bash
# The real recovery engine's programs, from Debian: PostgreSQL 15 and pgBackRest. The package's own
# default cluster is not wanted (the engine runs its own clusters): it is stopped if apt started it.
set -euo pipefail
if [ -x /usr/lib/postgresql/15/bin/postgres ] && command -v pgbackrest >/dev/null; then exit 0; fi
echo "Installing Debian's postgresql-15 and pgbackrest for the PostgreSQL engine…" >&2
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
# policy-rc.d 101: no service is started by the install, so no stray cluster listens on 5432.
had_policy=0; [ -e /usr/sbin/policy-rc.d ] && had_policy=1
[ $had_policy = 1 ] || printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod +x /usr/sbin/policy-rc.d
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql-15 pgbackrest >/dev/null
[ $had_policy = 1 ] || $SUDO rm -f /usr/sbin/policy-rc.d
if command -v pg_lsclusters >/dev/null && pg_lsclusters -h 2>/dev/null | grep -q online; then
  pg_lsclusters -h | awk '$4 == "online" {print $1, $2}' | while read -r v c; do $SUDO pg_ctlcluster "$v" "$c" stop || true; done
fi
/usr/lib/postgresql/15/bin/postgres --version
pgbackrest version
