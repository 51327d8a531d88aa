# Process helpers for the scripts that start and stop congtin's processes (demo.sh, serve.sh,
# nginx-live.sh, worker.sh). Sourced, not run.

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
any_alive() { local pid; for pid in "$@"; do alive "$pid" && return 0; done; return 1; }
pid_in() { [ -s "$1" ] && cat "$1" 2>/dev/null; }

# running_pid_in FILE: the pid recorded in FILE, when that process still runs.
running_pid_in() { local pid; pid=$(pid_in "$1") && alive "$pid" && echo "$pid"; }

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
