#!/usr/bin/env bash
# Debian's redis-server (7), for the shared store of several dashboard replicas and its tests. The
# package's own service is not wanted (tests and operators start their own): apt is told not to
# start it, and it is stopped if something started it anyway.
set -euo pipefail
if command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then exit 0; fi
echo "Installing Debian's redis-server for the shared store…" >&2
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
# policy-rc.d 101: the install starts no service, so nothing stray listens on 6379.
had_policy=0; [ -e /usr/sbin/policy-rc.d ] && had_policy=1
if [ $had_policy = 0 ]; then printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null; $SUDO chmod +x /usr/sbin/policy-rc.d; fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
if [ $had_policy = 0 ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
redis-server --version
