# shellcheck shell=bash
# nginx for the scripts that run it (serve.sh, nginx-live.sh) or install it
# (ensure-system-deps.sh). Sourced, not run; sets NGINX (the binary) unless it is set.

NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
# Where the dynamic modules are looked for: one list, which congtin/deploy/nginx.py
# (render_nginx_config's `auto`) reads too.
NGINX_MODULE_DIRS_FILE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/deploy/nginx/module-dirs

# nginx_module FILE: the path of an installed dynamic module (ngx_rtmp_module.so); 1 when none is.
nginx_module() {
  local folder
  while IFS= read -r folder; do
    case $folder in "" | "#"*) continue ;; esac
    [ -f "$folder/$1" ] && { echo "$folder/$1"; return 0; }
  done <"$NGINX_MODULE_DIRS_FILE"
  return 1
}

# start_nginx DIR CONF: nginx with DIR as its prefix and DIR/logs/error.log; when it does not
# start, what it said goes to stderr, indented, and the status is 1.
start_nginx() {
  local output
  if ! output=$("$NGINX" -p "$1" -e "$1/logs/error.log" -c "$2" 2>&1); then
    printf '    %s\n' "${output//$'\n'/$'\n'    }" >&2
    return 1
  fi
}
