"""`make demo` as a new user meets it (issue 9): scripts/demo.sh on free ports and a var folder
of its own, the conference made from another terminal with `manage.py conference_setup`, the
main hall publishing with ffmpeg to the address that command printed, and bridge points
following their join links exactly as printed, to a playlist with segments.

Also: the demo prints one address; a mistyped URL gets the portal's own 404; the demo's
photos and styles load at that address.
"""

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conferences.broadcast.tools import (
    fetch,
    free_port,
    listening,
    publish_test_pattern,
    stop,
    wait_for,
)

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
# The demo decides from these; the test run's own (test settings, a PostgreSQL DATABASE_URL) must not leak in.
CLEARED = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "CACHE_DIR",
    "MEDIA_ROOT",
    "SITE_URL",
    "RTMP_PUBLISH_BASE",
    "CONGTIN_LIVE_VIDEO",
    "ALLOWED_HOSTS",
    "CONGTIN_PURGE_URL",
    "SECRET_KEY",
    "APP_PORT",
)
SPEC = {
    "slug": "hoi-nghi-thu-dau-cuoi",
    "title": "Hội nghị thử từ đầu tới cuối",
    "starts_at": "2025-06-25T08:00:00+07:00",
    "ends_at": "2025-06-25T11:30:00+07:00",
    "bridge_points": [{"code": f"DC{number:02d}", "name": f"Quận đoàn số {number}"} for number in range(1, 7)],
}
STATE_URL = re.compile(r'data-state-url="([^"]+)"')


@dataclass
class Demo:
    env: dict
    output: str

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.env['PORT']}"

    @property
    def var_dir(self) -> Path:
        return Path(self.env["CONGTIN_VAR_DIR"])

    def manage(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        """manage.py as typed in another terminal: the var folder, nothing else of the demo's environment."""
        env = {name: value for name, value in os.environ.items() if name not in CLEARED}
        env["CONGTIN_VAR_DIR"] = self.env["CONGTIN_VAR_DIR"]
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )


def demo_script(command: str, env: dict) -> subprocess.CompletedProcess:
    clean = {name: value for name, value in os.environ.items() if name not in CLEARED}
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "demo.sh"), command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={**clean, "PY": sys.executable, **env},
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("demo") / "var"
    env = {"CONGTIN_VAR_DIR": str(var_dir), "PORT": str(free_port()), "LIVE_RTMP_PORT": str(free_port())}
    started = demo_script("start", env)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield Demo(env, started.stdout)
    finally:
        stopped = demo_script("stop", env)
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr
        assert not listening(int(env["PORT"])) and not listening(int(env["LIVE_RTMP_PORT"]))


@pytest.fixture(scope="module")
def demo_without_nginx(demo, tmp_path_factory):
    """make demo where nginx is missing, on a copy of the first demo's database and photos."""
    var_dir = tmp_path_factory.mktemp("demo-without-nginx") / "var"
    var_dir.mkdir()
    with sqlite3.connect(demo.var_dir / "db.sqlite3") as source, sqlite3.connect(var_dir / "db.sqlite3") as copy:
        source.backup(copy)
    shutil.copytree(demo.var_dir / "media", var_dir / "media")
    env = {
        "CONGTIN_VAR_DIR": str(var_dir),
        "PORT": str(free_port()),
        "LIVE_RTMP_PORT": str(free_port()),
        "NGINX": str(var_dir / "khong-co-nginx"),
    }
    started = demo_script("start", env)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield Demo(env, started.stdout)
    finally:
        demo_script("stop", env)


def test_demo_prints_one_address(demo):
    printed = re.findall(r"\b(?:https?|rtmp)://[^\s/]+", demo.output)
    assert printed, demo.output
    web = {origin for origin in printed if not origin.startswith("rtmp://")}
    assert web == {demo.address}, demo.output
    assert f"Cổng thông tin: {demo.address}/" in demo.output


def test_mistyped_address_shows_the_portals_own_vietnamese_404(demo):
    answer = fetch(demo.address + "/trang-khong-co-that/")
    page = answer.body.decode()
    assert answer.status == 404
    assert '<html lang="vi"' in page and "Không tìm thấy" in page
    assert "URLconf" not in page and "DEBUG = True" not in page


def test_demo_photos_and_styles_load_at_its_address(demo):
    home = fetch(demo.address + "/")
    assert home.status == 200
    page = home.body.decode()
    photo = re.search(r'src="(/media/[^"]+\.(?:jpg|png|webp|avif))"', page)
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page)
    assert photo and stylesheet, "the home page shows no photo or links no stylesheet"
    assert fetch(demo.address + photo.group(1)).status == 200
    assert fetch(demo.address + stylesheet.group(1)).status == 200


def playable_playlist(join_url: str):
    """What the bridge point page's player does: read the state URL from the page, poll it for
    the playlist, resolve both against the page's URL, load the playlist; None until it has segments."""
    page = fetch(join_url)
    assert page.status == 200, join_url
    state_url = urljoin(join_url, STATE_URL.search(page.body.decode()).group(1).replace("&amp;", "&"))
    state = json.loads(fetch(state_url).body)
    if not state["playlist_url"]:
        return None
    playlist_url = urljoin(join_url, state["playlist_url"])
    playlist = fetch(playlist_url)
    segments = [
        line for line in playlist.body.decode(errors="replace").splitlines() if line and not line.startswith("#")
    ]
    return (playlist_url, segments) if playlist.status == 200 and segments else None


def test_join_links_as_printed_play_the_main_halls_broadcast(demo, live_video_tools, tmp_path):
    assert "Live video: off" not in demo.output, demo.output
    made = demo.manage("conference_setup", "-", stdin=json.dumps(SPEC, ensure_ascii=False))
    assert made.returncode == 0, made.stderr
    printed = json.loads(made.stdout)
    join_urls = [point["join_url"] for point in printed["bridge_points"]]
    assert len(join_urls) == 6 and all(url.startswith(demo.address + "/") for url in join_urls), join_urls
    publish_url = printed["publish_url"]
    assert urlsplit(publish_url).port == int(demo.env["LIVE_RTMP_PORT"]), publish_url

    log = open(tmp_path / "ffmpeg.log", "wb")
    encoder = publish_test_pattern(publish_url, 25, log, ffmpeg=live_video_tools["ffmpeg"])
    try:
        published_at = time.monotonic()
        for join_url in join_urls:  # each bridge point from its own link
            playlist_url, segments = wait_for(
                lambda url=join_url: playable_playlist(url),
                30,
                f"a playlist with segments from {join_url}",
                process=encoder,
            )
            assert urlsplit(playlist_url)[:2] == urlsplit(join_url)[:2]  # the same address as the page
            segment = fetch(urljoin(playlist_url, segments[0]))
            assert segment.status == 200 and segment.headers["Content-Type"] == "video/mp2t"
            assert segment.body[0] == 0x47  # MPEG-TS sync byte
        print(
            f"\npublish -> six bridge points playing from their printed links: {time.monotonic() - published_at:.1f} s"
        )
    finally:
        stop(encoder)
        log.close()


def test_without_nginx_the_demo_and_its_join_pages_say_live_video_is_off(demo_without_nginx):
    demo = demo_without_nginx
    assert "Live video: off" in demo.output and "apt-get install nginx libnginx-mod-rtmp ffmpeg" in demo.output
    made = demo.manage("conference_setup", "-", stdin=json.dumps(SPEC, ensure_ascii=False))
    assert made.returncode == 0, made.stderr
    join_url = json.loads(made.stdout)["bridge_points"][0]["join_url"]
    assert join_url.startswith(demo.address + "/")  # runserver itself answers at the one address
    page = fetch(join_url)
    assert page.status == 200
    html = page.body.decode()
    assert "chưa bật truyền hình trực tiếp" in html and " controls " not in html
    state = json.loads(fetch(urljoin(join_url, STATE_URL.search(html).group(1))).body)
    assert state["playlist_url"] is None
