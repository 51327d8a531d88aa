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

running_pid() { running_pid_in "$PID_FILE"; }

stop() {
  local pid
  pid=$(running_pid) || { rm -f "$PID_FILE"; say "không chạy / not running"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true  # finishes the task in hand, takes no other
  if ! ended_within 30 "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
    say "đã buộc dừng sau 30 s / killed after 30 s (pid $pid): the next start queues what it left"
  else
    say "đã dừng / stopped (pid $pid)"
  fi
  rm -f "$PID_FILE"
}

start() {
  local pid
  if pid=$(running_pid); then say "đang chạy / already running (pid $pid)"; return 0; fi
  if [ "${CONGTIN_TASKS:-database}" = immediate ]; then
    say "CONGTIN_TASKS=immediate: tasks run in the app's requests, no worker needed"; return 0
  fi
  mkdir -p "$RUN_DIR/logs"
  # Its own session, so Ctrl-C on make demo's terminal reaches it only through `stop`. First
  # (in the background: an archive takes a while to scan) queue again what a killed worker left.
  # shellcheck disable=SC2016 # $PY is the inner bash's, from its environment: quoted there, not here
  PY=$PY setsid bash -c '"$PY" manage.py make_renditions || echo "[worker] make_renditions failed"
    exec "$PY" manage.py db_worker --backend background --queue-name default --interval 1 --no-reload' \
    >>"$LOG" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  sleep 0.5
  if ! alive "$pid"; then
    tail -n 20 "$LOG" >&2 || true
    rm -f "$PID_FILE"
    say "không khởi động được / did not start (nhật ký / log: $LOG)"
    return 1
  fi
  say "tiến trình nền đang chạy / running (pid $pid)   nhật ký / log: $LOG"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) say_running "$PID_FILE" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
