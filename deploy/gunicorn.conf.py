"""gunicorn for congtin: `gunicorn -c deploy/gunicorn.conf.py congtin.wsgi`.

Every value can be set from the environment (systemd's EnvironmentFile, scripts/serve.sh):
GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_TIMEOUT, GUNICORN_ACCESS_LOG,
GUNICORN_PROC_NAME. The live pool (congtin-app-live.service, scripts/serve.sh) is a second
instance from this file: its own port and 2 workers, for the conference's live endpoints.

How many workers. nginx answers readers' pages from its cache, and static, media and HLS
files from disk, so the app only works on cache misses (right after a purge, one request
per page thanks to proxy_cache_lock), on editors, on the conference pages' polling and on
nginx's RTMP and HLS token checks. A render is CPU-bound Python, so processes beyond the
cores only queue behind each other; the usual 2 x cores + 1 covers the time a request
waits on PostgreSQL or Redis over the network. With SQLite (the embedded default) the
database is a file read in-process, nothing to wait for, and every extra process is one
more writer queueing for its single write lock: cores + 1. Here (2 cores): 3 with SQLite,
5 with PostgreSQL. Each process holds Django and Wagtail, about 100 MB.

gthread workers, because they keep nginx's connections alive (sync workers close each
one); two threads a process let one request's database or cache wait overlap another's
work without more memory. Threads share the GIL, so they add no CPU.
"""

import os


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _uses_sqlite() -> bool:
    url = os.environ.get("DATABASE_URL", "")
    return not url or url.startswith("sqlite")


def default_workers() -> int:
    return _cores() + 1 if _uses_sqlite() else 2 * _cores() + 1


wsgi_app = "congtin.wsgi:application"
bind = [address for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8001").split(",") if address]
workers = int(os.environ.get("GUNICORN_WORKERS") or default_workers())
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 2))
# nginx keeps idle connections 60 s (keepalive_timeout in the upstream block): gunicorn keeps
# them longer, so nginx never sends a request down a connection gunicorn has just closed.
keepalive = 75
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
# A slow leak cannot grow forever; the jitter keeps the workers from restarting together.
max_requests = 5000
max_requests_jitter = 500
# Django and Wagtail imported once, before forking: workers start at once and share memory.
preload_app = True
# tmpfs for the workers' heartbeat files, so a busy disk cannot make them look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Logs to stderr (journald, or the terminal of `make serve`). nginx already writes every
# request to its access log; gunicorn's is for when the app runs without nginx.
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "") in ("1", "on", "yes") else None
# A second instance (the live pool: GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_PROC_NAME=congtin-live)
# runs from this same file with its own values.
proc_name = os.environ.get("GUNICORN_PROC_NAME", "congtin")
# Managed by signals (systemd, scripts/serve.sh); gunicorn 24+'s control socket would sit in
# $HOME, shared by every instance of the user.
control_socket_disable = True
