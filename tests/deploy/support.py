"""`scripts/serve.sh` driven from tests: running it with a clean environment, a started stack
and its processes, one request through its nginx, Python on its database."""

import http.client
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from congtin.deploy.nginx import find_purge_module
from tests.conferences.broadcast.tools import Response, free_port, nginx_path
from tests.support import require

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "serve.sh"
# The stack decides from these; the test's own (settings, a PostgreSQL DATABASE_URL) must not leak in.
CLEARED = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "CONGTIN_PURGE_URL",
    "CACHE_DIR",
    "MEDIA_ROOT",
)
# The newest live article, its address and its section's (print it with manage_shell).
ARTICLE = """
from congtin.news.models import ArticlePage
article = ArticlePage.objects.live().order_by("-published_at").first()
print("ARTICLE", article.pk, article.url, article.get_parent().url)
"""


def without_test_settings() -> dict[str, str]:
    """This process's environment without what the stack must decide for itself (CLEARED)."""
    return {name: value for name, value in os.environ.items() if name not in CLEARED}


def serve(command: str, env: dict, timeout: int = 120, args: tuple = ()) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(SCRIPT), command, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**without_test_settings(), "PY": sys.executable, **env},
    )


def fetch(url: str, method: str = "GET", headers: dict | None = None) -> Response:
    """One request with the headers asked for; the body as sent (not decompressed)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {})
        answer = connection.getresponse()
        return Response(answer.status, dict(answer.getheaders()), answer.read())
    finally:
        connection.close()


def process_tree(pid: int) -> set[int]:
    """The pid and its descendants (gunicorn's workers, nginx's workers and cache processes)."""
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        found.add(current)
        children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(current)], capture_output=True, text=True)
        todo += [int(child) for child in children.stdout.split()]
    return found


@dataclass
class Stack:
    env: dict
    var_dir: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.env['SERVE_PORT']}"

    def pids(self) -> set[int]:
        files = [
            self.var_dir / "serve" / "gunicorn.pid",
            self.var_dir / "serve" / "gunicorn-live.pid",
            self.var_dir / "serve" / "nginx-web" / "nginx.pid",
            self.var_dir / "serve" / "nginx-rtmp" / "nginx.pid",
            self.var_dir / "serve" / "worker" / "worker.pid",
            self.var_dir / "serve" / "scheduler" / "scheduler.pid",
        ]
        return {pid for file in files if file.exists() for pid in process_tree(int(file.read_text()))}


def require_nginx_with_purge() -> None:
    """Skip (fail under CI) unless nginx and its cache purge module are installed."""
    require(bool(nginx_path()), "nginx is not installed (apt-get install nginx)")
    require(
        bool(find_purge_module()),
        "nginx's cache purge module is not installed (apt-get install libnginx-mod-http-cache-purge)",
    )


@contextmanager
def serving(var_dir: Path, timeout: int = 120, **env: str) -> Iterator[Stack]:
    """`serve.sh start` on free ports with its var folder in `var_dir`, `stop` afterwards."""
    env = {
        "CONGTIN_VAR_DIR": str(var_dir),
        "STATIC_ROOT": str(var_dir / "static"),
        "SERVE_PORT": str(free_port()),
        "APP_PORT": str(free_port()),
        "LIVE_APP_PORT": str(free_port()),
        "LIVE_RTMP_PORT": str(free_port()),
        "GUNICORN_WORKERS": "2",
        **env,
    }
    started = serve("start", env, timeout=timeout)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield Stack(env, var_dir)
    finally:
        serve("stop", env)


def manage_shell(stack: Stack, code: str) -> str:
    """Python in a separate process on the served database, as an editor's action would
    run (`serve.sh manage`): its purges reach nginx only through PURGE requests."""
    result = serve("manage", stack.env, args=("shell", "-c", code))
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()
