"""The production stack through faults (`make bench-faults`): does anyone notice?

Starts a Redis and a PostgreSQL cluster of its own on free loopback ports
(tests/reliability/servers.py), then `scripts/serve.sh` (as `make serve`: nginx page cache and
HLS, nginx-rtmp, the main and the live gunicorn pools, the task worker) on them, with the demo
content and its conference of 56 bridge points in a throwaway folder; ffmpeg publishes a test
pattern as the main hall's encoder. Then, for --seconds (60), on loopback, through nginx:

  readers       1,000, each opening a page (home, a section or an article, gzip asked) every
                5 s, one keep-alive connection each
  bridge point  1,000 screens on the 56 join links, each POSTing the link's state URL every
  state         3 s as bridge-point.js does (its poll is also the heartbeat), CSRF cookie and
                header from the page the point opened
  HLS           the same 1,000 screens playing: the playlist every 2 s (nginx asks the app for
                the token, auth_request), and each new segment

while these faults happen, one after the other (times from the start of the run):

  Redis stopped          for 15 s from 10 % of the run
  PostgreSQL restarted   stopped at 45 % and started again 5 s later
  worker killed          SIGKILL to one worker of the main pool and one of the live pool at 65 %
  bogus-cookie flood     wrk at 200 connections with `Cookie: sessionid=<made up>` on the
                         cached article, from 75 % to 95 %

Printed for each phase and kind of request: requests, errors, p50, p95 and p99 (ms). Then
the flood's own cost: the cached article by wrk in alternate rounds with and without the
bogus cookie, the same run's reference.

Targets (issue 12): 0 errors for readers and for HLS through every fault; bridge point state
p95 <= 50 ms at 1,000 pollers where no fault is on (during a fault the state is rendered from
the database, or the database is down: figures printed, no target); the cached article with
the bogus cookie >= 0.8 x its rate without. The exit status is 1 when a target is missed.

Usage: bench/faults.py [--seconds 60] [--root CHECKOUT] (--root: the scripts and code of
another checkout, e.g. an older commit for "before" figures; this file's load and report).
"""

import argparse
import asyncio
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congtin.settings.test")  # the test tools read settings

from tests.conferences.broadcast.tools import ffmpeg_path, publish_test_pattern, rtmp_module_path  # noqa: E402
from tests.reliability.servers import OwnPostgres, OwnRedis, free_port, postgres_bin, wait_until  # noqa: E402

READERS = 1000
READ_EVERY = 5.0
SCREENS = 1000
POLL_EVERY = 3.0  # congtin.conferences.models.presence.POLL_SECONDS
PLAYLIST_EVERY = 2.0
STALL_SECONDS = 8.0  # hls_fragment is 2 s: four fragments' time without a new one is a frozen picture
START_SECONDS = 5.0  # the first seconds, while 3,000 connections open: errors count, latencies not
TIMEOUT = 10.0
FLOOD_CONNECTIONS = 200
STATE_TARGET_MS = 50.0
FLOOD_TARGET = 0.8
SEGMENT_LINE = re.compile(r"^[0-9a-f]{16}-\d+\.ts\?t=[A-Za-z0-9_-]+$")

INFO = r"""
import json
from urllib.parse import urlsplit
from django.urls import reverse
from congtin.conferences import broadcast
from congtin.conferences.broadcast.nginx_rtmp import stream_key
from congtin.conferences.models import Conference
from congtin.news.models import ArticlePage, SectionPage

conference = max(Conference.objects.all(), key=lambda c: len(c.active_bridge_points()))
points = list(conference.active_bridge_points())

def path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")

articles = [a.get_url_parts()[2] for a in ArticlePage.objects.live().order_by("-published_at")[:30]]
sections = [s.get_url_parts()[2] for s in SectionPage.objects.live()]
print("BENCH " + json.dumps({
    "stream_key": stream_key(conference),
    "points": [{
        "join": reverse("conferences:join", args=[conference.slug, p.token]),
        "state": reverse("conferences:live:bridge_point_state", args=[conference.slug, p.token]),
        "playlist": path(broadcast.playlist_url(conference, p)),
    } for p in points],
    "pages": ["/", *sections, *articles],
    "article": articles[0],
}))
"""


# ---- a small HTTP/1.1 client on asyncio: one keep-alive connection per virtual user ------


class Connection:
    """One keep-alive connection to nginx, reopened after an error or a `Connection: close`."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        try:
            return await asyncio.wait_for(self._exchange(method, path, headers), TIMEOUT)
        except BaseException:
            self.close()
            raise

    async def _exchange(self, method: str, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if method == "POST":
            lines.append("Content-Length: 0")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("closed before an answer")
        status = int(status_line.split(b" ", 2)[1])
        answer = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            answer[name.strip().lower()] = value.strip()
        if "content-length" in answer:
            body = await self.reader.readexactly(int(answer["content-length"]))
        elif answer.get("transfer-encoding") == "chunked":
            chunks = []
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                chunks.append(await self.reader.readexactly(size))
                await self.reader.readline()
            await self.reader.readline()
            body = b"".join(chunks)
        else:
            body = await self.reader.read()
            answer["connection"] = "close"
        if answer.get("connection", "").lower() == "close":
            self.close()
        return status, answer, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.transport.abort()
        self.reader = self.writer = None


class Record:
    """Latencies (ms) and errors per (phase, kind); the phase is the one a request started in."""

    def __init__(self, timeline: "Timeline") -> None:
        self.timeline = timeline
        self.samples: dict[tuple[str, str], list[float]] = {}
        self.errors: dict[tuple[str, str], int] = {}
        self.examples: dict[str, dict[str, int]] = {}
        self.lag: list[float] = []
        self.cache_status: dict[tuple[str, str], list[float]] = {}  # (kind, X-Cache): latencies

    def stall(self, seconds: float) -> None:
        key = (self.timeline.phase(), "HLS stall")
        self.errors[key] = self.errors.get(key, 0) + 1
        examples = self.examples.setdefault("HLS stall", {})
        what = f"no new segment for {STALL_SECONDS:g} s ({key[0]})"
        examples[what] = examples.get(what, 0) + 1

    async def timed(self, kind, connection, method, path, headers, check=None) -> bytes | None:
        phase = self.timeline.phase()
        started = time.perf_counter()
        try:
            status, answer, body = await connection.request(method, path, headers)
            cache = answer.get("x-cache", "-")
            self.cache_status.setdefault((kind, cache), []).append((time.perf_counter() - started) * 1000)
            problem = None if status == 200 else f"HTTP {status}"
            if problem is None and check is not None:
                problem = check(body)
        except Exception as error:  # a refused or cut connection, a time-out
            problem, body = type(error).__name__, None
        key = (phase, kind)
        self.samples.setdefault(key, []).append((time.perf_counter() - started) * 1000)
        if problem:
            self.errors[key] = self.errors.get(key, 0) + 1
            examples = self.examples.setdefault(kind, {})
            examples[f"{problem} ({phase})"] = examples.get(f"{problem} ({phase})", 0) + 1
            return None
        return body


class Timeline:
    """What is happening now: the phases the faults mark, in seconds from the start."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.current = "start"

    def phase(self) -> str:
        return self.current

    def elapsed(self) -> float:
        return time.monotonic() - self.started


async def every(seconds: float, until: float, record: Record, action) -> None:
    """Call `action` on a fixed schedule (a random start within the first period), never two at
    once; a late call counts its lateness in record.lag, as a browser's timer would slip."""
    due = time.monotonic() + random.uniform(0, seconds)
    while True:
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        now = time.monotonic()
        if now >= until:
            return
        record.lag.append((now - due) * 1000)
        await action()
        due = max(due + seconds, time.monotonic())


async def reader(port: int, pages: list[str], until: float, record: Record) -> None:
    connection = Connection(port)
    headers = {"Accept-Encoding": "gzip", "Accept": "text/html"}

    async def read():
        await record.timed("reader page", connection, "GET", random.choice(pages), headers)

    await every(READ_EVERY, until, record, read)
    connection.close()


async def screen_poll(port: int, point: dict, until: float, record: Record) -> None:
    connection = Connection(port)
    headers = {
        "Cookie": f"csrftoken={point['csrf']}",
        "X-CSRFToken": point["csrf"],
        "Accept": "application/json",
        "X-Requested-With": "fetch",
    }

    async def poll():
        await record.timed("bridge point state", connection, "POST", point["state"], headers)

    await every(POLL_EVERY, until, record, poll)
    connection.close()


def is_playlist(body: bytes) -> str | None:
    return None if b".ts?t=" in body else "playlist without segments"


def is_mpeg_ts(body: bytes) -> str | None:
    return None if len(body) >= 188 and body[0] == 0x47 else "segment is not MPEG-TS"


async def screen_play(port: int, point: dict, until: float, record: Record) -> None:
    """A player: the playlist every PLAYLIST_EVERY, each new segment once. A playlist that
    brings no new segment for STALL_SECONDS is a picture frozen on screen: an error too."""
    connection = Connection(port)
    newest, advanced, stalled = None, time.monotonic(), False

    async def play():
        nonlocal newest, advanced, stalled
        body = await record.timed("HLS playlist", connection, "GET", point["playlist"], {}, is_playlist)
        segments = [line for line in (body or b"").decode(errors="replace").splitlines() if SEGMENT_LINE.match(line)]
        if segments and segments[-1] != newest:
            newest, advanced, stalled = segments[-1], time.monotonic(), False
            await record.timed("HLS segment", connection, "GET", "/hls/" + newest, {}, is_mpeg_ts)
        elif not stalled and time.monotonic() - advanced > STALL_SECONDS:
            stalled = True
            record.stall(time.monotonic() - advanced)

    await every(PLAYLIST_EVERY, until, record, play)
    connection.close()


# ---- the stack and its faults ----------------------------------------------------------------


class Stack:
    """scripts/serve.sh on its own ports and folder, over its own Redis and PostgreSQL."""

    def __init__(self, root: Path, folder: Path) -> None:
        self.root = root
        self.folder = folder
        self.redis = OwnRedis()
        self.postgres = OwnPostgres(postgres_bin())
        self.port, self.app_port, self.live_app_port, self.rtmp_port = (free_port() for _ in range(4))
        self.env = {
            **os.environ,
            "CONGTIN_VAR_DIR": str(folder / "var"),
            "STATIC_ROOT": str(folder / "static"),
            "SERVE_PORT": str(self.port),
            "APP_PORT": str(self.app_port),
            "LIVE_APP_PORT": str(self.live_app_port),
            "LIVE_RTMP_PORT": str(self.rtmp_port),
            "HTTPS_PORT": str(free_port()),
            "DATABASE_URL": self.postgres.url,
            "REDIS_URL": self.redis.url,
            "CONGTIN_LIVE_VIDEO": "on",
            "PY": sys.executable,
        }
        for name in ("CACHE_DIR", "SITE_URL", "CONGTIN_PURGE_URL", "RTMP_PUBLISH_BASE", "TLS_CERT", "TLS_KEY"):
            self.env.pop(name, None)
        self.encoder: subprocess.Popen | None = None
        self.encoder_log = None

    def serve(self, action: str) -> None:
        subprocess.run(
            ["bash", str(self.root / "scripts" / "serve.sh"), action],
            env=self.env,
            cwd=self.root,
            check=True,
            stdout=subprocess.DEVNULL if action == "stop" else None,
        )

    def start(self, seconds: float) -> dict:
        self.redis.start()
        self.postgres.create()
        self.serve("start")
        info = json.loads(self.manage_shell(INFO).split("BENCH ", 1)[1])
        self.encoder_log = open(self.folder / "ffmpeg.log", "wb")
        self.encoder = publish_test_pattern(
            f"rtmp://127.0.0.1:{self.rtmp_port}/live/{info['stream_key']}",
            int(seconds) + 300,
            self.encoder_log,
            video_bitrate="400k",
            audio_bitrate="64k",
        )
        return info

    def manage_shell(self, code: str) -> str:
        """What `code` prints, run by manage.py shell in the served environment."""
        shell = subprocess.run(
            ["bash", str(self.root / "scripts" / "serve.sh"), "manage", "shell", "-c", code],
            env=self.env,
            cwd=self.root,
            capture_output=True,
            text=True,
        )
        if shell.returncode:
            sys.exit(f"manage.py shell failed:\n{shell.stderr[-3000:]}")
        return shell.stdout

    def workers(self, pid_file: str) -> list[int]:
        master = int((self.folder / "var" / "serve" / pid_file).read_text().strip())
        return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]

    def close(self) -> None:
        if self.encoder and self.encoder.poll() is None:
            self.encoder.terminate()
            self.encoder.wait(timeout=10)
        if self.encoder_log:
            self.encoder_log.close()
        try:
            self.serve("stop")
        finally:
            self.postgres.close()
            self.redis.close()


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    async def once():
        connection = Connection(port)
        try:
            return await connection.request("GET", path, headers or {})
        finally:
            connection.close()

    return asyncio.run(once())


def open_bridge_points(stack: Stack, info: dict) -> None:
    """Each bridge point opens its join link once, as its main screen does: the CSRF cookie its
    page sets is the one every screen on that link sends back (a made-up value would do too:
    the point is to send what the page sets)."""
    for point in info["points"]:
        status, headers, _ = get(stack.port, point["join"])
        found = re.search(r"csrftoken=([A-Za-z0-9]+)", headers.get("set-cookie", ""))
        if status != 200 or not found:
            sys.exit(f"{point['join']} answered {status} without a csrftoken cookie")
        point["csrf"] = found.group(1)


WAITING_TASKS = r"""
from django_tasks_db.models import DBTaskResult
print("BENCH", DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count())
"""


def warm(stack: Stack, info: dict) -> None:
    """Every page readers ask for is in nginx's cache, every playlist plays. First the task
    worker finishes the demo's photos: each one done purges the pages that show it."""

    def worker_idle() -> bool:
        return int(stack.manage_shell(WAITING_TASKS).split("BENCH", 1)[1]) == 0

    wait_until(worker_idle, "the task worker is done with the demo's renditions", seconds=600)
    for path in info["pages"]:
        for _ in range(2):
            status, _, _ = get(stack.port, path, {"Accept-Encoding": "gzip"})
            if status != 200:
                sys.exit(f"{path} answered {status} while warming the cache")

    def playable() -> bool:
        status, _, body = get(stack.port, info["points"][0]["playlist"])
        return status == 200 and b".ts?t=" in body

    wait_until(playable, "the HLS playlist plays (ffmpeg -> nginx-rtmp -> nginx)", seconds=60)
    for point in info["points"]:
        get(stack.port, point["playlist"])


def more_file_descriptors() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


def flood_command(port: int, path: str, seconds: float, cookie: bool) -> list[str]:
    command = ["wrk", "-t1", f"-c{FLOOD_CONNECTIONS}", f"-d{max(1, int(seconds))}s", "--timeout", "10s"]
    command += ["-H", "Accept-Encoding: gzip"]
    if cookie:
        command += ["-H", f"Cookie: sessionid={'x' * 32}; csrftoken={'y' * 32}"]
    return command + [f"http://127.0.0.1:{port}{path}"]


async def faults(stack: Stack, timeline: Timeline, seconds: float, article: str, happened: list[str]) -> None:
    """The faults, one after the other, each marking its phase."""

    async def at(fraction: float) -> None:
        await asyncio.sleep(max(0.0, seconds * fraction - timeline.elapsed()))

    async def off_thread(function) -> None:
        await asyncio.get_running_loop().run_in_executor(None, function)

    def note(what: str) -> None:
        happened.append(f"{timeline.elapsed():5.1f} s  {what}")

    async def outage(fraction: float, phase: str, server: OwnRedis | OwnPostgres, name: str, seconds: float) -> None:
        await at(fraction)
        timeline.current = phase
        await off_thread(server.stop)
        note(f"{name} stopped")
        await asyncio.sleep(seconds)
        await off_thread(server.start)
        note(f"{name} started")
        timeline.current = f"after {name}"

    await asyncio.sleep(START_SECONDS)
    timeline.current = "steady"
    await outage(0.10, "Redis stopped", stack.redis, "Redis", 15)  # it comes back empty: a cache
    await outage(0.45, "PostgreSQL restart", stack.postgres, "PostgreSQL", 5)
    await at(0.65)
    timeline.current = "worker killed"
    for pid_file in ("gunicorn.pid", "gunicorn-live.pid"):
        if not (stack.folder / "var" / "serve" / pid_file).exists():  # a stack without a live pool (--root)
            continue
        victim = stack.workers(pid_file)[0]
        os.kill(victim, signal.SIGKILL)
        note(f"SIGKILL to worker {victim} ({pid_file.removesuffix('.pid')})")
    await at(0.75)
    timeline.current = "bogus-cookie flood"
    note(f"flood: {FLOOD_CONNECTIONS} connections with a made-up session cookie on {article}")
    flood = await asyncio.create_subprocess_exec(
        *flood_command(stack.port, article, seconds * 0.2, cookie=True),
        stdout=asyncio.subprocess.PIPE,
        preexec_fn=more_file_descriptors,
    )
    output, _ = await flood.communicate()
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output.decode())
    note(f"flood over: {float(rate.group(1)) if rate else 0:,.0f} requests/s")
    timeline.current = "after the flood"


async def drive(stack: Stack, info: dict, seconds: float) -> tuple[Record, list[str], float]:
    timeline = Timeline()
    record = Record(timeline)
    until = time.monotonic() + seconds
    happened: list[str] = []
    points = info["points"]
    users = [reader(stack.port, info["pages"], until, record) for _ in range(READERS)]
    for n in range(SCREENS):
        users += [
            screen_poll(stack.port, points[n % len(points)], until, record),
            screen_play(stack.port, points[n % len(points)], until, record),
        ]

    async def watch_encoder() -> None:
        """nginx-rtmp cuts the encoder off when its on_update hook answers an error."""
        while time.monotonic() < until:
            if stack.encoder.poll() is not None:
                happened.append(
                    f"{timeline.elapsed():5.1f} s  the encoder was cut off (ffmpeg exit {stack.encoder.returncode})"
                )
                return
            await asyncio.sleep(0.5)

    cpu = os.times()
    await asyncio.gather(*users, faults(stack, timeline, seconds, info["article"], happened), watch_encoder())
    after = os.times()
    return record, happened, (after.user + after.system) - (cpu.user + cpu.system)


def wrk_rate(port: int, path: str, seconds: float, cookie: bool) -> float:
    output = subprocess.run(
        flood_command(port, path, seconds, cookie),
        capture_output=True,
        text=True,
        check=True,
        preexec_fn=more_file_descriptors,
    ).stdout
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors or non_2xx:
        refused = non_2xx.group(1) if non_2xx else 0
        print(f"  wrk {'with' if cookie else 'without'} the cookie: {errors} socket errors, {refused} non-2xx answers")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def flood_ratio(port: int, article: str, rounds: int = 5, seconds: float = 3) -> tuple[float, float]:
    """The cached article's best rate in alternate rounds without and with the bogus cookie,
    so the machine's changing load falls on both alike."""
    best = {False: 0.0, True: 0.0}
    for _ in range(rounds):
        for cookie in (False, True):
            best[cookie] = max(best[cookie], wrk_rate(port, article, seconds, cookie))
    return best[False], best[True]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(len(ordered) * fraction) - 1))] if ordered else float("nan")


KINDS = ("reader page", "bridge point state", "HLS playlist", "HLS segment", "HLS stall")
PHASES = (
    "start",
    "steady",
    "Redis stopped",
    "after Redis",
    "PostgreSQL restart",
    "after PostgreSQL",
    "worker killed",
    "bogus-cookie flood",
    "after the flood",
)
FAULT_FREE = ("steady", "after Redis", "after PostgreSQL", "after the flood")


def report(record: Record, seconds: float) -> dict[str, dict]:
    print(f"\n{'phase':<20}{'kind':<20}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    totals: dict[str, dict] = {}
    for phase in PHASES:
        for kind in KINDS:
            samples = record.samples.get((phase, kind), [])
            errors = record.errors.get((phase, kind), 0)
            if not samples and not errors:
                continue
            print(
                f"{phase:<20}{kind:<20}{len(samples):>9}{errors:>8}{percentile(samples, 0.5):>9.1f}"
                f"{percentile(samples, 0.95):>9.1f}{percentile(samples, 0.99):>9.1f}"
            )
    print()
    for kind in KINDS:
        every_phase = [s for phase in PHASES for s in record.samples.get((phase, kind), [])]
        calm = [s for phase in FAULT_FREE for s in record.samples.get((phase, kind), [])]
        errors = sum(record.errors.get((phase, kind), 0) for phase in PHASES)
        totals[kind] = {"errors": errors, "p95 calm": percentile(calm, 0.95)}
        print(
            f"{'whole run':<20}{kind:<20}{len(every_phase):>9}{errors:>8}{percentile(every_phase, 0.5):>9.1f}"
            f"{percentile(every_phase, 0.95):>9.1f}{percentile(every_phase, 0.99):>9.1f}"
            f"   {len(every_phase) / seconds:,.0f}/s; with no fault on: p95 {totals[kind]['p95 calm']:.1f} ms"
        )
    for kind in ("reader page", "bridge point state"):
        statuses = sorted((status, samples) for (of, status), samples in record.cache_status.items() if of == kind)
        print(
            f"  {kind}, by nginx's X-Cache: "
            + ", ".join(f"{status} {len(found)} (p95 {percentile(found, 0.95):.1f} ms)" for status, found in statuses)
        )
    for kind, examples in record.examples.items():
        print(f"  {kind} errors: " + ", ".join(f"{what} x{count}" for what, count in sorted(examples.items())))
    print(
        f"client schedule lag (how late the load generator started its requests): "
        f"p50 {percentile(record.lag, 0.5):.0f} ms, p95 {percentile(record.lag, 0.95):.0f} ms"
    )
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60, help="the run with faults (default 60)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose stack is measured")
    parser.add_argument("--keep", action="store_true", help="keep the folder (logs) afterwards")
    args = parser.parse_args()
    missing = [name for name in ("wrk", "nginx", "redis-server", "ffmpeg") if not shutil.which(name)]
    missing += [] if rtmp_module_path() and ffmpeg_path() else ["libnginx-mod-rtmp"]
    if missing:
        sys.exit(f"Thiếu {', '.join(missing)}: chạy `make system-deps` (quyền root) rồi thử lại.")
    more_file_descriptors()
    folder = Path(tempfile.mkdtemp(prefix="congtin-bench-faults-"))
    stack = Stack(args.root.resolve(), folder)
    try:
        info = stack.start(args.seconds)
        open_bridge_points(stack, info)
        warm(stack, info)
        print(
            f"\n{READERS} readers (a page each {READ_EVERY:g} s), {SCREENS} screens on {len(info['points'])} "
            f"bridge points (state POST each {POLL_EVERY:g} s, playlist each {PLAYLIST_EVERY:g} s + new segments), "
            f"{args.seconds:g} s; stack: {args.root.resolve()} (scripts/serve.sh: nginx, gunicorn main + live pools, "
            f"PostgreSQL and Redis of its own)"
        )
        record, happened, client_cpu = asyncio.run(drive(stack, info, args.seconds))
        print("what happened:\n  " + "\n  ".join(happened))
        print(f"load generator CPU: {client_cpu:.1f} s ({client_cpu / args.seconds * 100:.0f}% of one core)")
        totals = report(record, args.seconds)
        clean, bogus = flood_ratio(stack.port, info["article"])
        ratio = bogus / clean if clean else 0.0
    finally:
        stack.close()
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)

    print(
        f"\ncached article by wrk ({FLOOD_CONNECTIONS} connections, best of 5 alternate 3 s rounds): "
        f"{clean:,.0f} requests/s without a cookie, {bogus:,.0f} with the made-up session cookie"
    )
    checks = [
        ("readers: 0 errors", totals["reader page"]["errors"] == 0, f"{totals['reader page']['errors']}"),
        (
            "HLS: 0 errors, no frozen picture",
            sum(totals[kind]["errors"] for kind in ("HLS playlist", "HLS segment", "HLS stall")) == 0,
            f"{totals['HLS playlist']['errors']} playlist, {totals['HLS segment']['errors']} segment, "
            f"{totals['HLS stall']['errors']} stalls",
        ),
        (
            f"bridge point state p95 <= {STATE_TARGET_MS:g} ms with no fault on",
            totals["bridge point state"]["p95 calm"] <= STATE_TARGET_MS,
            f"{totals['bridge point state']['p95 calm']:.1f} ms",
        ),
        (f"article with the bogus cookie >= {FLOOD_TARGET} x without", ratio >= FLOOD_TARGET, f"{ratio:.2f} x"),
    ]
    for name, passed, figure in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {figure}")
    sys.exit(0 if all(passed for _, passed, _ in checks) else 1)


if __name__ == "__main__":
    main()
