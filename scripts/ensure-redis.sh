#!/usr/bin/env bash
# Make sure a local Redis answers on 127.0.0.1:6379 (starting it, or installing Debian's
# redis-server when missing and root); print the REDIS_URL the test suite uses (database 15,
# which the suite empties between tests).
set -euo pipefail
URL=redis://127.0.0.1:6379/15
ping() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
if ! ping; then
  if ! command -v redis-server >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || { echo "Redis is not installed and we are not root" >&2; exit 1; }
    echo "Installing Redis from Debian packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq redis-server >/dev/null
  fi
  ping || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >&2
  for _ in $(seq 1 30); do ping && break; sleep 0.2; done
  ping || { echo "Redis did not start" >&2; exit 1; }
fi
echo "$URL"
