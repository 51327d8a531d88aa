# shellcheck shell=bash
# Process helpers for the scripts that start and stop congtin's processes (demo.sh, serve.sh,
# nginx-live.sh, worker.sh). Sourced, not run.

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
any_alive() { local pid; for pid in "$@"; do alive "$pid" && return 0; done; return 1; }
pid_in() { [ -s "$1" ] && cat "$1" 2>/dev/null; }

# running_pid_in FILE: the pid recorded in FILE, when that process still runs.
running_pid_in() { local pid; pid=$(pid_in "$1") && alive "$pid" && echo "$pid"; }

# say_running FILE: says (with the script's own `say`) whether the process recorded in FILE
# runs; 1 when it does not.
say_running() {
  local pid
  if pid=$(running_pid_in "$1"); then say "đang chạy / running (pid $pid)"; else say "không chạy / not running"; return 1; fi
}

# ended_within SECONDS PID...: 0 once none of them runs, 1 when some still run after SECONDS.
ended_within() {
  local seconds=$1 _; shift
  for _ in $(seq 1 $((seconds * 10))); do any_alive "$@" || return 0; sleep 0.1; done
  return 1
}

# wait_gone SECONDS PID...: wait for them to end, then TERM, then KILL what is left.
wait_gone() {
  local seconds=$1 pid; shift
  ended_within "$seconds" "$@" && return 0
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  ended_within 2 "$@" && return 0
  for pid in "$@"; do kill -KILL "$pid" 2>/dev/null || true; done
}

# port_busy PORT [HOST]: 0 when something listens on HOST (127.0.0.1):PORT.
port_busy() { (exec 3<>"/dev/tcp/${2:-127.0.0.1}/$1") 2>/dev/null; }

# http_status HOST PORT: the status code of GET / there ("" when nothing answers), without curl.
http_status() {
  (
    line=""
    exec 3<>"/dev/tcp/$1/$2" || exit 0
    printf 'GET / HTTP/1.0\r\nHost: %s:%s\r\n\r\n' "$1" "$2" >&3
    IFS= read -r -t 10 line <&3 || true
    echo "${line:9:3}"
  ) 2>/dev/null
}
