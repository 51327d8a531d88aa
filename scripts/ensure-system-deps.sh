#!/usr/bin/env bash
# Install the Debian packages the test suite needs, when they are missing and we may.
# `ensure-system-deps.sh live`: only what make demo's live video needs (nginx, RTMP, ffmpeg).
# `ensure-system-deps.sh lint`: only what make lint needs beyond .venv (shellcheck).
set -euo pipefail
# shellcheck source=scripts/lib/nginx.sh
. "$(dirname "$0")/lib/nginx.sh"
missing=()
check_live() {
  [ -x "$NGINX" ] || missing+=(nginx)
  nginx_module ngx_rtmp_module.so >/dev/null || missing+=(libnginx-mod-rtmp)
  command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
}
check_lint() {
  command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
}
# Everything the suite, make serve, the validators and make lint use.
check_all() {
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi 'dejavu\|noto\|liberation' || missing+=(fonts-dejavu-core)
  # Live broadcast: nginx and its RTMP module (the test runs its own nginx on free ports), ffmpeg.
  check_live
  # Production stack (make serve, make bench): the HTTP cache purge module and wrk.
  nginx_module ngx_http_cache_purge_module.so >/dev/null || missing+=(libnginx-mod-http-cache-purge)
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  # Validators and what a reader gets on paper: Java for the Nu HTML checker, pdftoppm to rasterise
  # the print PDF.
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  # npm installs the validators in package.json (Nu HTML checker, axe-core, Lighthouse).
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  # make lint (.ci/run runs it): shellcheck for scripts/.
  check_lint
  # tests/reliability stops and starts a Redis of its own, in every pass of the suite.
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
}
case "${1:-}" in
  live) check_live ;;
  lint) check_lint ;;
  *) check_all ;;
esac
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]} (run as root: apt-get install ${missing[*]}); what needs them is skipped or off." >&2
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Installing nginx would start Debian's own nginx on port 80: keep services from starting
# during the install (policy-rc.d, exit 101), unless the machine already has such a policy.
policy=/usr/sbin/policy-rc.d
made_policy=
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1
fi
trap 'if [ -n "$made_policy" ]; then rm -f "$policy"; fi' EXIT
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
# systemd machines ignore policy-rc.d for some units: make sure the system nginx is not left running.
if [[ " ${missing[*]} " == *" nginx "* ]]; then
  { systemctl stop nginx || service nginx stop; } >/dev/null 2>&1 || true
fi
