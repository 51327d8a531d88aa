#!/usr/bin/env bash
# The demo's nginx (scripts/demo.sh starts it for make demo): the demo's public address.
#   HTTP  $LIVE_BIND:$LIVE_HTTP_PORT (PORT, 8000)  HLS for bridge points under /hls/; everything
#                                                 else goes to the app (127.0.0.1:$APP_PORT, PORT+1)
#   RTMP  $LIVE_BIND:$LIVE_RTMP_PORT (1935)        the main hall's encoder publishes here
# The app only authorises: nginx asks it on publish and for each playlist or segment.
# Configuration: `manage.py render_nginx_config`, in var/nginx/.
# Without nginx or its RTMP module this says how to install them and exits 0: the rest of
# the demo works without live video (`status` then exits 1).
# Usage: scripts/nginx-live.sh start|stop|status
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/processes.sh
. scripts/lib/processes.sh
# shellcheck source=scripts/lib/nginx.sh
. scripts/lib/nginx.sh
LIVE_HTTP_PORT=${LIVE_HTTP_PORT:-${PORT:-8000}}
APP_PORT=${APP_PORT:-$((LIVE_HTTP_PORT + 1))}
LIVE_RTMP_PORT=${LIVE_RTMP_PORT:-1935}
LIVE_BIND=${LIVE_BIND:-127.0.0.1}
RUN_DIR=${LIVE_RUN_DIR:-${CONGTIN_VAR_DIR:-$PWD/var}/nginx}
CONF=$RUN_DIR/congtin-live.conf
PY=${PY:-.venv/bin/python}

say() { echo "[nginx-live] $*"; }

# The RTMP module to load: installed beside nginx, or (none) built into it.
rtmp_module_option() {
  local module
  if module=$(nginx_module ngx_rtmp_module.so); then echo "--rtmp-module=$module"; return 0; fi
  "$NGINX" -V 2>&1 | grep -q rtmp && { echo "--rtmp-module=none"; return 0; }
  return 1
}

running_pid() { running_pid_in "$RUN_DIR/nginx.pid"; }

stop() {
  local pid
  pid=$(running_pid) || { say "không chạy / not running"; return 0; }
  kill -QUIT "$pid" 2>/dev/null || true
  ended_within 5 "$pid" || kill -TERM "$pid" 2>/dev/null || true
  say "đã dừng / stopped (pid $pid)"
}

start() {
  local module output
  if [ ! -x "$NGINX" ] || ! module=$(rtmp_module_option); then
    say "Chưa có nginx với mô-đun RTMP nên chưa phát trực tiếp được; phần còn lại của bản chạy thử vẫn hoạt động."
    say "Cài đặt (Debian/Ubuntu, quyền root):  apt-get install nginx libnginx-mod-rtmp ffmpeg"
    say "No nginx with the RTMP module, so no live video; the rest of the demo works."
    say "Install (Debian/Ubuntu, as root):      apt-get install nginx libnginx-mod-rtmp ffmpeg"
    return 0
  fi
  running_pid >/dev/null && stop
  if ! "$PY" manage.py render_nginx_config --app-port "$APP_PORT" --http-port "$LIVE_HTTP_PORT" \
      --rtmp-port "$LIVE_RTMP_PORT" --bind "$LIVE_BIND" --run-dir "$RUN_DIR" --output "$CONF" "$module" >/dev/null; then
    say "Không viết được cấu hình nginx (xem lỗi ở trên); bản chạy thử tiếp tục, không có phát trực tiếp."
    say "Could not write the nginx configuration (see above); the demo goes on without live video."
    return 0
  fi
  if ! output=$(start_nginx "$RUN_DIR" "$CONF" 2>&1); then
    say "nginx không khởi động được / nginx did not start:"
    printf '%s\n' "$output"
    say "Cổng RTMP $LIVE_RTMP_PORT đang bận? Đặt LIVE_RTMP_PORT=... rồi chạy lại."
    say "RTMP port busy? Set LIVE_RTMP_PORT=... The demo goes on without live video."
    return 0
  fi
  say "nginx: http://$LIVE_BIND:$LIVE_HTTP_PORT/ (HLS), rtmp://$LIVE_BIND:$LIVE_RTMP_PORT/live/<khóa phát sóng / stream key>   (nhật ký / logs: $RUN_DIR/logs/)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) say_running "$RUN_DIR/nginx.pid" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
