#!/usr/bin/env bash
# `make demo`: the portal, the back office and the live broadcast at ONE address,
# http://$HOST:$PORT (http://127.0.0.1:8000 by default; `make demo PORT=9000` moves all of it).
#   With nginx and its RTMP module (scripts/nginx-live.sh): nginx listens on $PORT and serves
#   /hls/ (live video for bridge points), proxying everything else to `manage.py runserver` on
#   an internal port ($APP_PORT: PORT+1, or any free port); RTMP on $LIVE_RTMP_PORT (1935).
#   Without them: runserver on $PORT, and the demo and its bridge point pages say live video is off.
# SITE_URL (canonical links, join links, QR codes) is that address and RTMP_PUBLISH_BASE
# rtmp://<its host>:$LIVE_RTMP_PORT/live. load_demo brings the Site in line (`manage.py
# align_site`), which also writes them to var/origin.env for congtin.settings.dev to read when
# they are unset: `manage.py conference_setup` in another terminal prints links that work here.
# Settings: congtin.settings.demo (DEBUG off, so a mistyped address shows the portal's 404).
#
# Usage: scripts/demo.sh [run]   prepare, start, stay in the foreground; Ctrl-C stops everything
#        scripts/demo.sh start   the same in the background; returns once the site answers
#        scripts/demo.sh stop|status
# Environment: HOST, PORT, APP_PORT, LIVE_RTMP_PORT, SITE_URL, RTMP_PUBLISH_BASE, CONGTIN_VAR_DIR,
# PY, NGINX.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/processes.sh
. scripts/lib/processes.sh
ROOT=$PWD
PY=${PY:-$ROOT/.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
LIVE_RTMP_PORT=${LIVE_RTMP_PORT:-1935}
CONGTIN_VAR_DIR=$(realpath -m "${CONGTIN_VAR_DIR:-$ROOT/var}")
RUN=$CONGTIN_VAR_DIR/demo
APP_PID=$RUN/runserver.pid
APP_LOG=$RUN/runserver.log
STOPPING=$RUN/stopping  # made by stop: the foreground run then ends quietly
LOCAL_HOST=$HOST
[ "$HOST" = 0.0.0.0 ] && LOCAL_HOST=127.0.0.1

export CONGTIN_VAR_DIR LIVE_RTMP_PORT PY
export DJANGO_SETTINGS_MODULE=congtin.settings.demo  # whatever the shell says: the demo is this
export SITE_URL=${SITE_URL:-http://$LOCAL_HOST:$PORT}
SITE_HOST=$(sed -E 's#^[a-z]+://(\[[^]]*\]|[^:/]*).*#\1#' <<<"$SITE_URL")
export RTMP_PUBLISH_BASE=${RTMP_PUBLISH_BASE:-rtmp://$SITE_HOST:$LIVE_RTMP_PORT/live}
# One cache for runserver and the task worker (scripts/worker.sh), so the worker's purges,
# once it has made an article's renditions, reach the pages runserver keeps.
[ -n "${REDIS_URL:-}" ] || export CACHE_DIR=${CACHE_DIR:-$CONGTIN_VAR_DIR/cache/demo}

say() { echo "[demo] $*"; }
fail() { echo "[demo] $*" >&2; exit 1; }
app_pid() { running_pid_in "$APP_PID"; }
worker() { bash scripts/worker.sh "$@"; }
scheduler() { bash scripts/scheduler.sh "$@"; }  # publish_scheduled every minute

# PORT+1 when free, else a port the system picks.
internal_port() {
  if ! port_busy $((PORT + 1)) "$LOCAL_HOST"; then echo $((PORT + 1)); return; fi
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# 0 once the site answers at the public address (nginx's 502 while the app starts does not count).
answers() {
  case "$(http_status "$LOCAL_HOST" "$PORT")" in "" | 5??) return 1 ;; esac
}

# start reload|noreload: everything in the background. The app's output goes to its log; in
# the foreground (reload, make demo) it also comes to the terminal: requests, errors, and the
# mail the back office sends (the console backend prints it: approval notifications).
start() {
  local live=off
  app_pid >/dev/null && fail "Bản chạy thử đã đang chạy (scripts/demo.sh stop để dừng)."
  [ -x "$PY" ] || fail "Chưa có môi trường Python ($PY): chạy make demo (nó cài trước)."
  port_busy "$PORT" "$LOCAL_HOST" && fail "Cổng $PORT đang bận: dừng chương trình đang dùng nó, hoặc chạy make demo PORT=... ."
  mkdir -p "$RUN"
  rm -f "$STOPPING"
  # No system checks before load_demo has aligned the Site: congtin.W001 would only say it is about to be.
  "$PY" manage.py migrate --noinput -v 0 --skip-checks
  "$PY" manage.py load_demo --skip-checks

  APP_PORT=${APP_PORT:-$(internal_port)}
  APP_HOST=127.0.0.1  # behind nginx the app answers on loopback only
  LIVE_HTTP_PORT=$PORT APP_PORT=$APP_PORT LIVE_BIND=$HOST bash scripts/nginx-live.sh start
  if bash scripts/nginx-live.sh status >/dev/null; then
    live=on
  else
    APP_PORT=$PORT
    APP_HOST=$HOST
    say "Truyền hình trực tiếp: TẮT (trang điểm cầu sẽ báo không có video). / Live video: off."
  fi
  export CONGTIN_LIVE_VIDEO=$live
  [ -n "${CACHE_DIR:-}" ] && rm -rf "$CACHE_DIR/pages"  # pages kept by a previous run may be stale
  worker start || true
  scheduler start || true
  if [ "$1" = reload ]; then
    setsid "$PY" manage.py runserver --insecure "$APP_HOST:$APP_PORT" > >(tee -a "$APP_LOG") </dev/null &
  else
    setsid "$PY" manage.py runserver --noreload --insecure "$APP_HOST:$APP_PORT" >>"$APP_LOG" 2>&1 </dev/null &
  fi
  echo $! >"$APP_PID"
  local tries=300
  until answers; do
    app_pid >/dev/null || { stop; fail "Ứng dụng không chạy (nhật ký: $APP_LOG)."; }
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || { stop; fail "Ứng dụng không trả lời ở $SITE_URL (nhật ký: $APP_LOG)."; }
    sleep 0.2
  done
  say "Cổng thông tin: $SITE_URL/   Quản trị: $SITE_URL/admin/"
  [ "$live" = on ] && say "Phát sóng (RTMP): $RTMP_PUBLISH_BASE/<khóa phát sóng>"
  say "Thư gửi đi (báo duyệt bài…) không gửi thật: in ra đây và vào $APP_LOG."
  return 0
}

stop() {
  local pid
  if pid=$(app_pid); then
    : >"$STOPPING"  # for a `run` in another terminal: this stop was asked for
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    ended_within 5 "$pid" || kill -KILL -- "-$pid" 2>/dev/null || true
    say "Đã dừng ứng dụng."
  fi
  rm -f "$APP_PID"
  worker stop || true
  scheduler stop || true
  bash scripts/nginx-live.sh stop >/dev/null || true
}

status() {
  say_running "$APP_PID" || return 1
  bash scripts/nginx-live.sh status || true
  scheduler status || true
}

run() {
  trap 'trap "" INT TERM HUP; stop; exit 0' INT TERM HUP
  start reload
  say "Ctrl-C để dừng."
  while app_pid >/dev/null; do sleep 1 & wait $! || true; done
  trap '' INT TERM HUP
  if [ -e "$STOPPING" ]; then  # `scripts/demo.sh stop` from elsewhere
    stop
    rm -f "$STOPPING"
    say "Đã dừng theo yêu cầu."
    exit 0
  fi
  stop
  fail "Ứng dụng đã dừng ngoài ý muốn (nhật ký: $APP_LOG)."
}

case "${1:-run}" in
  run) run ;;
  start) start noreload ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 [run|start|stop|status]" >&2; exit 2 ;;
esac
