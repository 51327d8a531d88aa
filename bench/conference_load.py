"""Conference load benchmark: the demo conference's 56 bridge points and 1,000 participants.

Run with `make bench-conference` (or `.venv/bin/python bench/conference_load.py --seconds 60`).
Everything is on loopback, in a throwaway folder: a SQLite database with the demo conference
(56 bridge points), the app under `manage.py runserver --noreload` (Django's development
server: one process, a thread per request), nginx with the RTMP module rendered by
`render_nginx_config` on free ports, and ffmpeg publishing a test pattern to the stream key.

For --seconds it drives, through nginx as the pages do:
- 56 bridge point pages, each POSTing its state URL (its heartbeat) every 3 s, with the CSRF
  cookie and X-CSRFToken header the page's script sends (`live.js`);
- 1,000 participants spread over the 56 tokens, each loading `broadcast.playlist_url` every
  2 s (nginx asks the app, auth_request) and the newest segment when it changes; 200 client
  threads with keep-alive connections, 5 participants each.
Then it prints requests, errors, latencies and the dashboard totals (its state endpoint, as
a signed-in superuser). Every process it starts is stopped at the end, whatever happens.
"""

import argparse
import http.client
import io
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="congtin-bench-conference-"))
os.environ["CONGTIN_VAR_DIR"] = str(TMP / "var")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)
os.environ.pop("BROADCAST_HOOK_SECRET", None)
os.environ.pop("HLS_BASE_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "congtin.settings.test"  # ALLOWED_HOSTS = ["*"], DEBUG off

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from congtin.conferences import broadcast  # noqa: E402
from congtin.conferences.broadcast.nginx_rtmp import stream_key  # noqa: E402
from congtin.conferences.models.presence import POLL_SECONDS  # noqa: E402
from congtin.conferences.programme.demo import create_demo_conference  # noqa: E402
from tests.conferences.broadcast.tools import (  # noqa: E402
    ffmpeg_path,
    free_port,
    listening,
    nginx_path,
    publish_test_pattern,
    rtmp_module_path,
    stop,
    wait_for,
)

PARTICIPANTS = 1000
WORKERS = 200
HEARTBEAT_EVERY = float(POLL_SECONDS)  # each bridge point page polls, and beats, this often
PLAYLIST_EVERY = 2.0
TARGET_P95_MS = 50.0
TIMEOUT = 10
SEGMENT_LINE = re.compile(r"^[0-9a-f]{16}-\d+\.ts\?t=[A-Za-z0-9_-]+$")


class Stats:
    """Latency samples (ms) and error counts per kind; list.append is atomic in CPython."""

    def __init__(self):
        self.samples = {"heartbeat": [], "playlist": [], "segment": []}
        self.errors = {kind: 0 for kind in self.samples}
        self.exceptions = {kind: 0 for kind in self.samples}
        self.examples = []
        self.lock = threading.Lock()

    def error(self, kind: str, what: str, exception: bool = False) -> None:
        with self.lock:
            self.errors[kind] += 1
            self.exceptions[kind] += exception
            if len(self.examples) < 5:
                self.examples.append(f"{kind}: {what}")


class Connection:
    """One keep-alive HTTP connection to nginx, reopened after an error."""

    def __init__(self, port: int):
        self.port = port
        self.conn = None

    def request(self, method: str, path: str, headers: dict | None = None) -> tuple[int, bytes]:
        status, _, body = self.exchange(method, path, headers)
        return status, body

    def exchange(self, method: str, path: str, headers: dict | None = None) -> tuple[int, list, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            self.conn.request(method, path, body=b"" if method == "POST" else None, headers=headers or {})
            response = self.conn.getresponse()
            body = response.read()
            if response.will_close:
                self.close()
            return response.status, response.getheaders(), body
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def timed(stats: Stats, kind: str, conn: Connection, method: str, path: str, headers=None) -> bytes | None:
    start = time.perf_counter()
    try:
        status, body = conn.request(method, path, headers)
    except Exception as error:
        stats.error(kind, f"{type(error).__name__}: {error}", exception=True)
        return None
    stats.samples[kind].append((time.perf_counter() - start) * 1000)
    if not 200 <= status < 400:
        stats.error(kind, f"HTTP {status} {path.split('?')[0]}")
        return None
    return body


def bridge_point(port: int, join_path: str, state_path: str, stats: Stats, until: float, stop_event) -> None:
    """The bridge point page: opened once (it sets the CSRF cookie), then its poll, a POST."""
    conn = Connection(port)
    try:
        # http.client keeps no cookies: take the CSRF cookie the page set, send it back with
        # the X-CSRFToken header as live.js does. Screens open over the first poll interval,
        # and one that fails to load the page tries again (each failure counts).
        csrf = None
        while csrf is None:
            if stop_event.wait(random.uniform(0, HEARTBEAT_EVERY)) or time.monotonic() >= until:
                return
            try:
                _, page_headers, _ = conn.exchange("GET", join_path)
            except Exception as error:
                stats.error("heartbeat", f"opening the page: {type(error).__name__}: {error}", exception=True)
                continue
            csrf = next(
                (
                    value.split(";", 1)[0].split("=", 1)[1]
                    for header, value in page_headers
                    if header.lower() == "set-cookie" and value.startswith("csrftoken=")
                ),
                None,
            )
            if csrf is None:
                stats.error("heartbeat", "the bridge point page set no csrftoken cookie")
                return
        headers = {"Cookie": f"csrftoken={csrf}", "X-CSRFToken": csrf, "Accept": "application/json"}
        due = time.monotonic()
        while not stop_event.wait(max(0.0, due - time.monotonic())):
            if time.monotonic() >= until:
                break
            timed(stats, "heartbeat", conn, "POST", state_path, headers)
            due = max(due + HEARTBEAT_EVERY, time.monotonic())
    finally:
        conn.close()


def participants(port: int, playlists: list[str], stats: Stats, lag: list, until: float, stop_event) -> None:
    """One client thread playing several participants' players, each on its own schedule."""
    conn = Connection(port)
    players = [
        {"playlist": path, "due": time.monotonic() + random.uniform(0, PLAYLIST_EVERY), "last": None}
        for path in playlists
    ]
    try:
        while True:
            player = min(players, key=lambda p: p["due"])
            if stop_event.wait(max(0.0, player["due"] - time.monotonic())) or time.monotonic() >= until:
                break
            lag.append((time.monotonic() - player["due"]) * 1000)
            body = timed(stats, "playlist", conn, "GET", player["playlist"])
            if body is not None:
                lines = [line for line in body.decode(errors="replace").splitlines() if SEGMENT_LINE.match(line)]
                if lines and lines[-1] != player["last"]:
                    player["last"] = lines[-1]
                    segment = timed(stats, "segment", conn, "GET", "/hls/" + lines[-1])
                    if segment is not None and (len(segment) < 188 or segment[0] != 0x47):
                        stats.error("segment", "not MPEG-TS")
            player["due"] = max(player["due"] + PLAYLIST_EVERY, time.monotonic())
    finally:
        conn.close()


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, int(round(len(ordered) * fraction)) - 1))] if ordered else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long to drive the load (default 60)")
    args = parser.parse_args()

    nginx, module, ffmpeg = nginx_path(), rtmp_module_path(), ffmpeg_path()
    if not (nginx and module and ffmpeg):
        sys.exit(
            "bench-conference needs nginx, libnginx-mod-rtmp and ffmpeg "
            "(apt-get install nginx libnginx-mod-rtmp ffmpeg)"
        )

    call_command("migrate", verbosity=0)
    conference = create_demo_conference()
    points = list(conference.active_bridge_points())
    slug = conference.slug
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("bench", "bench@example.invalid", "bench-password")
    client = Client()
    client.force_login(admin)  # a session row in the shared database; its cookie works against the server
    session_cookie = client.cookies["sessionid"].value

    app_port, http_port, rtmp_port = free_port(), free_port(), free_port()
    run_dir = TMP / "nginx"
    conf = run_dir / "congtin-live.conf"
    app = web = encoder = None
    logs = []
    try:
        app_log = open(TMP / "runserver.log", "wb")
        logs.append(app_log)
        app = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{app_port}", "--noreload"],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=app_log,
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: listening(app_port), 30, "the app server", process=app)

        call_command(
            "render_nginx_config",
            app_port=app_port,
            http_port=http_port,
            rtmp_port=rtmp_port,
            run_dir=run_dir,
            output=conf,
            rtmp_module=module,
            stdout=io.StringIO(),
        )
        web = subprocess.Popen(
            [
                nginx,
                "-p",
                str(run_dir),
                "-e",
                str(run_dir / "logs" / "error.log"),
                "-c",
                str(conf),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: listening(http_port) and listening(rtmp_port), 10, "nginx to listen", process=web)

        ffmpeg_log = open(TMP / "ffmpeg.log", "wb")
        logs.append(ffmpeg_log)
        encoder = publish_test_pattern(
            f"rtmp://127.0.0.1:{rtmp_port}/live/{stream_key(conference)}",
            int(args.seconds) + 60,
            ffmpeg_log,
            ffmpeg=ffmpeg,
            video_bitrate="800k",
            audio_bitrate="128k",
        )
        published_at = time.monotonic()
        first_playlist = broadcast.playlist_url(conference, points[0])

        def playable():
            conn = Connection(http_port)
            try:
                status, body = conn.request("GET", first_playlist)
            except OSError:
                return False
            finally:
                conn.close()
            return status == 200 and b".ts?t=" in body

        wait_for(playable, 30, "the HLS playlist", process=encoder)
        to_playlist = time.monotonic() - published_at

        stats, lag = Stats(), []
        stop_event = threading.Event()
        until = time.monotonic() + args.seconds
        threads = []
        for point in points:
            join_path = reverse("conferences:join", args=[slug, point.token])
            state_path = reverse("conferences:live:bridge_point_state", args=[slug, point.token])
            threads.append(
                threading.Thread(
                    target=bridge_point, daemon=True, args=(http_port, join_path, state_path, stats, until, stop_event)
                )
            )
        playlists = [broadcast.playlist_url(conference, points[n % len(points)]) for n in range(PARTICIPANTS)]
        for worker in range(WORKERS):
            threads.append(
                threading.Thread(
                    target=participants,
                    daemon=True,
                    args=(http_port, playlists[worker::WORKERS], stats, lag, until, stop_event),
                )
            )
        cpu_before, started = os.times(), time.monotonic()
        for thread in threads:
            thread.start()
        try:
            time.sleep(args.seconds)
        finally:
            stop_event.set()
            elapsed = time.monotonic() - started
            for thread in threads:
                thread.join(timeout=TIMEOUT + 5)
        drained, cpu_after = time.monotonic() - started - elapsed, os.times()
        client_cpu = (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system)

        conn = Connection(http_port)
        status, body = conn.request(
            "GET",
            reverse("conferences:live:dashboard_state", args=[slug]),
            {"Cookie": f"sessionid={session_cookie}", "Accept": "application/json"},
        )
        conn.close()
        import json

        totals = json.loads(body)["totals"] if status == 200 else {"error": f"HTTP {status}"}
    finally:
        stop(encoder)
        stop(web)
        stop(app)
        for log in logs:
            log.close()
    app_output = (TMP / "runserver.log").read_text(errors="replace")
    app_problems = sum(app_output.count(word) for word in ("Traceback", "database is locked", "Broken pipe"))

    print(f"command: .venv/bin/python bench/conference_load.py --seconds {args.seconds:g}")
    print(
        f"setup: demo conference, {len(points)} bridge points, {PARTICIPANTS} participants "
        f"on {WORKERS} client threads, "
        f"loopback; app = Django development server (manage.py runserver --noreload: one process, threaded, SQLite); "
        f"nginx 1 worker (render_nginx_config); ffmpeg 640x360 800 kb/s test pattern"
    )
    print(
        f"publish -> playlist available: {to_playlist:.1f} s; driven for {elapsed:.1f} s "
        f"(+{drained:.1f} s for requests in flight); client CPU {client_cpu:.1f} s "
        f"({client_cpu / (elapsed + drained) * 100:.0f}% of one core)"
    )
    print(f"{'kind':<34} {'requests':>9} {'per s':>7} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    names = {
        "heartbeat": "heartbeat POST (nginx -> app)",
        "playlist": "playlist GET (nginx + auth_request)",
        "segment": "segment GET (nginx + auth_request)",
    }
    for kind, samples in stats.samples.items():
        made = len(samples) + stats.exceptions[kind]  # answered (timed) + no answer at all
        print(
            f"{names[kind]:<34} {made:>9} {made / elapsed:>7.1f} {stats.errors[kind]:>7} "
            f"{statistics.median(samples) if samples else float('nan'):>8.1f} {percentile(samples, 0.95):>8.1f} "
            f"{max(samples) if samples else float('nan'):>8.1f}"
        )
    print(
        f"intended rates: heartbeat {len(points) / HEARTBEAT_EVERY:.1f}/s, "
        f"playlist {PARTICIPANTS / PLAYLIST_EVERY:.0f}/s; "
        f"participant schedule lag p50 {percentile(lag, 0.5):.0f} ms, p95 {percentile(lag, 0.95):.0f} ms"
    )
    print(f"app server log: {app_problems} tracebacks / 'database is locked' / 'Broken pipe'")
    for example in stats.examples:
        print(f"  error example: {example}")
    print(
        f"dashboard totals (dashboard state endpoint, superuser): {totals} "
        f"(bridge points online should be {len(points)})"
    )
    errors = sum(stats.errors.values())
    p95s = [percentile(stats.samples[kind], 0.95) for kind in ("heartbeat", "playlist")]
    passed = errors == 0 and all(p95 < TARGET_P95_MS for p95 in p95s)
    print(
        f"Target: zero errors, p95 under {TARGET_P95_MS:.0f} ms (heartbeat and playlist): "
        f"{'PASS' if passed else 'FAIL'} (errors {errors}, p95 heartbeat {p95s[0]:.1f} ms, playlist {p95s[1]:.1f} ms)"
    )
    shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
