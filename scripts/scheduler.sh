#!/usr/bin/env bash
# The scheduler: `manage.py every_minute` (Wagtail's publish_scheduled, then the receivers of
# congtin.core.signals.minute_passed) once at start and then at the first
# second of every minute, so an article scheduled for 10:00 ("Thời gian đăng" ahead,
# congtin.news.lifecycle.go_live_for) goes live at 10:00:01 and one set to expire leaves the site
# the same way. The command publishes and unpublishes through Wagtail's signals, so the page
# cache is purged as for an editor's click. make demo and scripts/serve.sh start it with their
# own environment (the same as the app's); production runs the same command from
# deploy/systemd/congtin-publish-scheduled.timer instead.
# A stop lets a run in hand finish (TERM), then ends the loop; KILL after 30 s.
#   pid file and log: $SCHEDULER_RUN_DIR (default var/scheduler/), scheduler.pid and logs/scheduler.log
# Usage: scripts/scheduler.sh start|stop|status
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/processes.sh
. scripts/lib/processes.sh
PY=${PY:-.venv/bin/python}
RUN_DIR=${SCHEDULER_RUN_DIR:-${CONGTIN_VAR_DIR:-$PWD/var}/scheduler}
PID_FILE=$RUN_DIR/scheduler.pid
LOG=$RUN_DIR/logs/scheduler.log

say() { echo "[scheduler] $*"; }

# The loop, in a session of its own (Ctrl-C on make demo's terminal reaches it only through
# `stop`). TERM while the command runs: bash lets it finish, then exits; while it sleeps: at once.
# shellcheck disable=SC2016 # the inner bash expands these, from its environment
LOOP='
sleeper=""
trap '\''[ -z "$sleeper" ] || kill "$sleeper" 2>/dev/null; echo "[scheduler] stopped"; exit 0'\'' TERM INT HUP
while :; do
  echo "[scheduler] $(date -u +%FT%TZ) every_minute"
  "$PY" manage.py every_minute || echo "[scheduler] every_minute failed (exit $?): next minute again"
  sleep $((61 - $(date +%s) % 60)) & sleeper=$!
  wait "$sleeper" || true
  sleeper=""
done'

case "${1:-}" in
  start) start_in_background "việc mỗi phút, xuất bản theo lịch / every_minute" "$LOOP" ;;
  stop) stop_background "" ;;
  status) say_running "$PID_FILE" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
