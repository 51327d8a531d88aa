# shellcheck shell=bash
# Process helpers for the scripts that start and stop congtin's processes (demo.sh, serve.sh,
# nginx-live.sh, worker.sh, scheduler.sh). Sourced, not run.

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

# The loops make demo and serve.sh start beside the app (worker.sh, scheduler.sh). The caller
# sets PID_FILE, LOG and PY, and defines `say`.
# start_in_background WHAT SCRIPT: `bash -c SCRIPT` in a session of its own (Ctrl-C on make
# demo's terminal reaches it only through a stop), its pid in PID_FILE, its output in LOG; says
# WHAT once it runs; 1 (with the end of its log) when it ended at once.
start_in_background() {
  local pid
  if pid=$(running_pid_in "$PID_FILE"); then say "đang chạy / already running (pid $pid)"; return 0; fi
  mkdir -p "$(dirname "$LOG")"
  PY=$PY setsid bash -c "$2" >>"$LOG" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  sleep 0.5
  if ! alive "$pid"; then
    tail -n 20 "$LOG" >&2 || true
    rm -f "$PID_FILE"
    say "không khởi động được / did not start (nhật ký / log: $LOG)"
    return 1
  fi
  say "$1 (pid $pid)   nhật ký / log: $LOG"
}

# stop_background [AFTER_KILL]: TERM (what is in hand finishes), its whole session KILLed after
# 30 s, and AFTER_KILL said then (what a kill leaves behind).
stop_background() {
  local pid
  pid=$(running_pid_in "$PID_FILE") || { rm -f "$PID_FILE"; say "không chạy / not running"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  if ! ended_within 30 "$pid"; then
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    say "đã buộc dừng sau 30 s / killed after 30 s (pid $pid)${1:+: $1}"
  else
    say "đã dừng / stopped (pid $pid)"
  fi
  rm -f "$PID_FILE"
}
