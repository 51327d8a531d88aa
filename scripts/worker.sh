#!/usr/bin/env bash
# The task worker: work that can wait (photo renditions, purges sent to nginx) queued in the
# database by the app (settings TASKS["background"], django-tasks-db) and run here by
# `manage.py db_worker`. make demo and scripts/serve.sh start it with their own environment
# (DJANGO_SETTINGS_MODULE, DATABASE_URL, CONGTIN_PURGE_URL, ...: the same as the app's).
# A stop lets the task in hand finish (TERM), then ends it. On start, articles whose photos
# still lack renditions (a worker killed mid-task) are queued again (`make_renditions`).
#   pid file and log: $WORKER_RUN_DIR (default var/worker/), worker.pid and logs/worker.log
# Usage: scripts/worker.sh start|stop|status
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/processes.sh
. scripts/lib/processes.sh
PY=${PY:-.venv/bin/python}
RUN_DIR=${WORKER_RUN_DIR:-${CONGTIN_VAR_DIR:-$PWD/var}/worker}
PID_FILE=$RUN_DIR/worker.pid
LOG=$RUN_DIR/logs/worker.log

say() { echo "[worker] $*"; }

# Its own session (Ctrl-C on make demo's terminal reaches it only through `stop`). First (in
# the background: an archive takes a while to scan) queue again what a killed worker left.
# shellcheck disable=SC2016 # $PY is the inner bash's, from its environment: quoted there, not here
WORK='"$PY" manage.py make_renditions || echo "[worker] make_renditions failed"
exec "$PY" manage.py db_worker --backend background --queue-name default --interval 1 --no-reload'

start() {
  if [ "${CONGTIN_TASKS:-database}" = immediate ] && ! running_pid_in "$PID_FILE" >/dev/null; then
    say "CONGTIN_TASKS=immediate: tasks run in the app's requests, no worker needed"; return 0
  fi
  start_in_background "tiến trình nền đang chạy / running" "$WORK"
}

case "${1:-}" in
  start) start ;;
  stop) stop_background "the next start queues what it left" ;;
  status) say_running "$PID_FILE" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
