#!/usr/bin/env bash
# The production stack on this machine, from a clone (`make serve`):
#   nginx   127.0.0.1:$SERVE_PORT (8080)     page cache with PURGE, static, media, HLS, gzip
#                                           (deploy/nginx/congtin-web.conf.template, every core)
#   nginx   127.0.0.1:$LIVE_RTMP_PORT (1935) RTMP in, HLS files out, when nginx's RTMP module is
#                                           installed (congtin-live.conf.template --role rtmp, one worker)
#   gunicorn 127.0.0.1:$APP_PORT (8001)     the app, congtin.settings.production (deploy/gunicorn.conf.py)
#   gunicorn 127.0.0.1:$LIVE_APP_PORT (8002) the live pool: the same app for the conference's live
#                                           endpoints, HLS token checks and RTMP hooks ($LIVE_APP_WORKERS, 2)
#   worker                                  work that can wait: renditions, PURGE to nginx (scripts/worker.sh)
#   scheduler                               publish_scheduled every minute: scheduled articles go
#                                           live and expired ones leave (scripts/scheduler.sh)
# TCP rather than a unix socket for the app: nginx-rtmp's hooks can only call host:port.
#
# The database and media are make demo's (var/db.sqlite3, var/media) unless DATABASE_URL is
# set, so `python manage.py ...` acts on what this serves; an empty database gets the demo
# content. The app cache is Redis when REDIS_URL is set, else a folder its processes share
# (CACHE_DIR). SECRET_KEY is made once into var/secret_key. Everything else goes to var/serve/.
#
# Usage: scripts/serve.sh [run]      start, print the addresses, stay in the foreground; Ctrl-C stops
#        scripts/serve.sh start      start in the background and wait until the site answers
#        scripts/serve.sh stop|status
#        scripts/serve.sh manage ARGS  manage.py with the served environment (its purges reach nginx)
# Environment: SERVE_PORT, APP_PORT, LIVE_APP_PORT, LIVE_RTMP_PORT, CONGTIN_VAR_DIR, STATIC_ROOT,
# DATABASE_URL, REDIS_URL, GUNICORN_WORKERS, LIVE_APP_WORKERS, SERVE_LIVE=off (no RTMP nginx),
# TLS_CERT and TLS_KEY (HTTPS on HTTPS_PORT, 8443), TRUSTED_PROXIES, PY, NGINX.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/processes.sh
. scripts/lib/processes.sh
# shellcheck source=scripts/lib/nginx.sh
. scripts/lib/nginx.sh
ROOT=$PWD
PY=${PY:-$ROOT/.venv/bin/python}
SERVE_PORT=${SERVE_PORT:-8080}
APP_PORT=${APP_PORT:-8001}
LIVE_APP_PORT=${LIVE_APP_PORT:-$((APP_PORT + 1))}
LIVE_APP_WORKERS=${LIVE_APP_WORKERS:-2}
export HTTPS_PORT=${HTTPS_PORT:-8443}
LIVE_RTMP_PORT=${LIVE_RTMP_PORT:-1935}
CONGTIN_VAR_DIR=$(realpath -m "${CONGTIN_VAR_DIR:-$ROOT/var}")
RUN=$CONGTIN_VAR_DIR/serve
WEB_DIR=$RUN/nginx-web
LIVE_DIR=$RUN/nginx-rtmp
APP_PID=$RUN/gunicorn.pid
APP_LOG=$RUN/logs/app.log
LIVE_APP_PID=$RUN/gunicorn-live.pid
LIVE_APP_LOG=$RUN/logs/app-live.log

say() { echo "[serve] $*"; }
fail() { echo "[serve] $*" >&2; exit 1; }

# The app's environment: the same for gunicorn and for `serve.sh manage`.
export CONGTIN_VAR_DIR
export DJANGO_SETTINGS_MODULE=congtin.settings.production
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export SITE_URL=${SITE_URL:-http://127.0.0.1:$SERVE_PORT}
export RTMP_PUBLISH_BASE=${RTMP_PUBLISH_BASE:-rtmp://127.0.0.1:$LIVE_RTMP_PORT/live}
export CONGTIN_PURGE_URL=${CONGTIN_PURGE_URL:-http://127.0.0.1:$SERVE_PORT}
[ -n "${REDIS_URL:-}" ] || export CACHE_DIR=${CACHE_DIR:-$CONGTIN_VAR_DIR/cache/django}
export GUNICORN_BIND=127.0.0.1:$APP_PORT

load_secret_key() {
  local file=$CONGTIN_VAR_DIR/secret_key
  if [ -z "${SECRET_KEY:-}" ]; then
    if [ ! -s "$file" ]; then
      mkdir -p "$CONGTIN_VAR_DIR"
      (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$file")
    fi
    chmod 600 "$file"
    SECRET_KEY=$(cat "$file")
  fi
  export SECRET_KEY
}

worker() { WORKER_RUN_DIR=$RUN/worker PY=$PY bash "$ROOT/scripts/worker.sh" "$@"; }  # with this environment
scheduler() { SCHEDULER_RUN_DIR=$RUN/scheduler PY=$PY bash "$ROOT/scripts/scheduler.sh" "$@"; }
app_pid() { running_pid_in "$APP_PID"; }
live_app_pid() { running_pid_in "$LIVE_APP_PID"; }
web_pid() { running_pid_in "$WEB_DIR/nginx.pid"; }
live_pid() { running_pid_in "$LIVE_DIR/nginx.pid"; }

# Migrate, demo content into an empty database, static files (hashed names, and .gz beside
# each text file for gzip_static), both nginx configurations: `manage.py prepare_stack`.
# prepare RTMP_MODULE PURGE_MODULE (a path, or off)
prepare() {
  # No PURGE to send while preparing: nginx is not running, and its cache starts empty.
  CONGTIN_PURGE_URL="" "$PY" manage.py prepare_stack --web-dir "$WEB_DIR" --live-dir "$LIVE_DIR" \
    --http-port "$SERVE_PORT" --app-port "$APP_PORT" --live-app-port "$LIVE_APP_PORT" --rtmp-port "$LIVE_RTMP_PORT" \
    --rtmp-module "$1" --purge-module "$2"
}

# 0 when the site answers through nginx; gives up (1) when the app (pid $1) ends or after a minute.
wait_until_answering() {
  local _
  for _ in $(seq 1 600); do
    case "$(http_status 127.0.0.1 "$SERVE_PORT")" in "" | 502 | 503 | 504) ;; *) return 0 ;; esac
    alive "$1" || return 1
    sleep 0.1
  done
  return 1
}

# 0 once something listens on port $2; 1 when process $1 ends first or after a minute.
wait_listening() {
  local _
  for _ in $(seq 1 600); do
    port_busy "$2" && return 0
    alive "$1" || return 1
    sleep 0.1
  done
  return 1
}

# start background|foreground: in the background, finding it already running is success.
start() {
  local rtmp_module=off purge_module=off app
  if app_pid >/dev/null || live_app_pid >/dev/null || web_pid >/dev/null; then
    [ "$1" = background ] && { say "Đã đang chạy (scripts/serve.sh status)."; exit 0; }
    fail "Đã đang chạy ở nền: dừng nó trước (scripts/serve.sh stop)."
  fi
  [ -x "$PY" ] || fail "Chưa có môi trường Python ($PY): chạy make serve (nó cài trước)."
  [ -x "$NGINX" ] || fail "Chưa có nginx. Cài (Debian/Ubuntu, quyền root): apt-get install nginx libnginx-mod-http-cache-purge libnginx-mod-rtmp"
  port_busy "$SERVE_PORT" && fail "Cổng $SERVE_PORT đang bận (make demo đang chạy nginx của nó? dừng nó trước), hoặc đặt SERVE_PORT=... rồi chạy lại."
  port_busy "$APP_PORT" && fail "Cổng $APP_PORT của ứng dụng đang bận: đặt APP_PORT=... rồi chạy lại."
  port_busy "$LIVE_APP_PORT" && fail "Cổng $LIVE_APP_PORT của nhóm tiến trình hội nghị đang bận: đặt LIVE_APP_PORT=... rồi chạy lại."
  if ! purge_module=$(nginx_module ngx_http_cache_purge_module.so); then
    purge_module=off
    say "Chưa có mô-đun PURGE của nginx (apt-get install libnginx-mod-http-cache-purge): trang sửa xong chỉ mới sau khi hết hạn trong bộ nhớ đệm."
  fi
  if [ "${SERVE_LIVE:-on}" != "off" ]; then
    if ! rtmp_module=$(nginx_module ngx_rtmp_module.so); then
      rtmp_module=off
      say "Chưa có mô-đun RTMP của nginx (apt-get install libnginx-mod-rtmp): chạy không có phát trực tiếp."
    elif port_busy "$LIVE_RTMP_PORT"; then
      rtmp_module=off
      say "Cổng RTMP $LIVE_RTMP_PORT đang bận: chạy không có phát trực tiếp (đặt LIVE_RTMP_PORT=... để có)."
    fi
  fi
  # Bridge point pages offer a player only when this stack serves /hls/.
  if [ "$rtmp_module" != off ]; then export CONGTIN_LIVE_VIDEO=on; else export CONGTIN_LIVE_VIDEO=off; fi
  mkdir -p "$RUN/logs"
  load_secret_key
  say "Chuẩn bị: migrate, collectstatic, cấu hình nginx ..."
  prepare "$rtmp_module" "$purge_module" || fail "Chuẩn bị không xong (lỗi ở trên)."

  # Pages kept by a previous run may predate changes made while it was stopped.
  rm -rf "$WEB_DIR/cache/pages"
  [ -n "${CACHE_DIR:-}" ] && rm -rf "$CACHE_DIR/pages"

  # A session of its own: Ctrl-C on the terminal reaches this script, which stops it in order.
  setsid "$PY" -m gunicorn -c deploy/gunicorn.conf.py --pid "$APP_PID" >>"$APP_LOG" 2>&1 </dev/null &
  app=$!
  echo "$app" >"$APP_PID"  # gunicorn writes the same once it has loaded the app
  # The live pool: the same app and configuration on a port of its own, so the bridge points'
  # polls and nginx's token checks never queue behind the main pool's work.
  GUNICORN_BIND=127.0.0.1:$LIVE_APP_PORT GUNICORN_WORKERS=$LIVE_APP_WORKERS GUNICORN_PROC_NAME=congtin-live \
    setsid "$PY" -m gunicorn -c deploy/gunicorn.conf.py --pid "$LIVE_APP_PID" >>"$LIVE_APP_LOG" 2>&1 </dev/null &
  echo $! >"$LIVE_APP_PID"
  # The gate's socket, left by an nginx that was killed rather than stopped.
  rm -f "$WEB_DIR/gate.sock"
  if [ "$rtmp_module" != off ] && ! start_nginx "$LIVE_DIR" "$LIVE_DIR/congtin-live.conf"; then
    say "nginx RTMP không khởi động được (xem ở trên): chạy không có phát trực tiếp."
    rtmp_module=off
  fi
  if ! start_nginx "$WEB_DIR" "$WEB_DIR/congtin-web.conf"; then
    stop
    fail "nginx không khởi động được (xem ở trên; nhật ký: $WEB_DIR/logs/error.log)."
  fi
  if ! wait_until_answering "$app"; then
    tail -n 30 "$APP_LOG" >&2 || true
    stop
    fail "Ứng dụng không trả lời (nhật ký: $APP_LOG)."
  fi
  if ! wait_listening "$(pid_in "$LIVE_APP_PID")" "$LIVE_APP_PORT"; then
    tail -n 30 "$LIVE_APP_LOG" >&2 || true
    stop
    fail "Nhóm tiến trình hội nghị trực tuyến không trả lời (nhật ký: $LIVE_APP_LOG)."
  fi
  worker start >/dev/null || { stop; fail "Tiến trình nền không khởi động được (nhật ký: $RUN/worker/logs/)."; }
  scheduler start >/dev/null || { stop; fail "Tiến trình lên lịch xuất bản không khởi động được (nhật ký: $RUN/scheduler/logs/)."; }
  say "Cổng thông tin: http://127.0.0.1:$SERVE_PORT/   Quản trị: http://127.0.0.1:$SERVE_PORT/admin/"
  [ -f "$CONGTIN_VAR_DIR/demo-admin.txt" ] &&
    say "Tài khoản quản trị mẫu: $(head -n 2 "$CONGTIN_VAR_DIR/demo-admin.txt" | paste -sd ' ' | sed 's/ / — mật khẩu: /')"
  [ "$rtmp_module" != off ] && say "Phát sóng: $RTMP_PUBLISH_BASE/<khóa phát sóng>"
  say "Ứng dụng (gunicorn): 127.0.0.1:$APP_PORT, hội nghị trực tuyến: 127.0.0.1:$LIVE_APP_PORT   Nhật ký: $RUN/logs/, $RUN/worker/logs/, $RUN/scheduler/logs/, $WEB_DIR/logs/"
}

stop() {
  local pid pids=() stopped=""
  # Both nginx first (QUIT: they finish the requests in flight), so nothing new reaches
  # the app; then the app (TERM: its workers finish what they have).
  if pid=$(web_pid); then kill -QUIT "$pid"; pids+=("$pid"); stopped+=" nginx"; fi
  if pid=$(live_pid); then kill -QUIT "$pid"; pids+=("$pid"); stopped+=" nginx-rtmp"; fi
  [ ${#pids[@]} -eq 0 ] || wait_gone 15 "${pids[@]}"
  pids=()
  if pid=$(app_pid); then kill -TERM "$pid"; pids+=("$pid"); stopped+=" gunicorn"; fi
  if pid=$(live_app_pid); then kill -TERM "$pid"; pids+=("$pid"); stopped+=" gunicorn-live"; fi
  [ ${#pids[@]} -eq 0 ] || wait_gone 35 "${pids[@]}"
  if scheduler status >/dev/null; then scheduler stop >/dev/null; stopped+=" scheduler"; fi
  if worker status >/dev/null; then worker stop >/dev/null; stopped+=" worker"; fi
  rm -f "$APP_PID" "$LIVE_APP_PID"
  if [ -n "$stopped" ]; then say "Đã dừng:$stopped."; else say "Không chạy."; fi
}

status() {
  local pid running=0
  if pid=$(web_pid); then say "nginx: đang chạy (pid $pid), http://127.0.0.1:$SERVE_PORT/"; else say "nginx: không chạy"; running=1; fi
  if pid=$(live_pid); then say "nginx RTMP: đang chạy (pid $pid)"; else say "nginx RTMP: không chạy"; fi
  if pid=$(app_pid); then say "gunicorn: đang chạy (pid $pid), 127.0.0.1:$APP_PORT"; else say "gunicorn: không chạy"; running=1; fi
  if pid=$(live_app_pid); then say "gunicorn (hội nghị): đang chạy (pid $pid), 127.0.0.1:$LIVE_APP_PORT"; else say "gunicorn (hội nghị): không chạy"; running=1; fi
  worker status || running=1
  scheduler status || running=1
  return $running
}

# Foreground: the app's log on the terminal until Ctrl-C, TERM or the terminal closing
# (HUP: the processes have sessions of their own and would outlive it), then everything stops.
FOLLOWER=""
stop_on_signal() {
  trap '' INT TERM HUP  # a second Ctrl-C must not cut the stop short
  set +e                # nor a terminal that is gone when stop reports
  [ -z "$FOLLOWER" ] || kill "$FOLLOWER" 2>/dev/null || true
  stop
  exit 0
}

run() {
  trap stop_on_signal INT TERM HUP
  start foreground
  say "Ctrl-C để dừng."
  tail -n 0 -F "$APP_LOG" &
  FOLLOWER=$!
  while app_pid >/dev/null && live_app_pid >/dev/null && web_pid >/dev/null; do sleep 1 & wait $! || true; done
  trap '' INT TERM HUP
  kill "$FOLLOWER" 2>/dev/null || true
  stop
  fail "Một tiến trình đã dừng ngoài ý muốn (nhật ký: $RUN/logs/, $WEB_DIR/logs/error.log)."
}

case "${1:-run}" in
  run) run ;;
  start) start background ;;
  stop) stop ;;
  status) status ;;
  manage) shift; load_secret_key; exec "$PY" manage.py "$@" ;;
  *) echo "usage: $0 [run|start|stop|status|manage ARGS...]" >&2; exit 2 ;;
esac
