"""The broadcast end to end: nginx with the RTMP module, rendered by `render_nginx_config`,
on loopback ports of its own, in front of the app (pytest-django's live server); ffmpeg
publishes a test pattern as the main hall's encoder would.

A wrong stream key is refused; the right one goes on air and HLS comes out under the
public stream name; a bridge point's token gets the playlist and its segments, a wrong,
revoked or other conference's token does not; the encoder dropping and coming back
resumes the same stream. Prints the time from publishing to a playable playlist.
"""

import io
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.core.management import call_command

from congtin.conferences.broadcast import nginx_rtmp as broadcast
from congtin.conferences.broadcast.nginx_rtmp import stream_key
from congtin.conferences.models import Conference, Presence
from tests.conferences.broadcast.tools import (
    fetch,
    free_port,
    listening,
    publish_test_pattern,
    stop,
    wait_for,
)
from tests.conferences.support import add_bridge_points, make_conference

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts" / "broadcast"
SEGMENT = re.compile(r"^(?P<name>[0-9a-f]{16})-(?P<number>\d+)\.ts\?t=(?P<token>[A-Za-z0-9_-]+)$")


@dataclass
class LiveNginx:
    rtmp_port: int
    http_port: int
    run_dir: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def publish_url(self, key: str) -> str:
        return f"rtmp://127.0.0.1:{self.rtmp_port}/live/{key}"


@dataclass
class Event:
    conference: Conference
    token: str
    revoked_token: str
    other_token: str

    def playlist(self, nginx: LiveNginx, token: str | None = None) -> str:
        return nginx.base + f"/hls/{broadcast.stream_name(self.conference)}.m3u8?t={token or self.token}"

    def on_air(self) -> bool:
        return Conference.objects.get(pk=self.conference.pk).on_air


@pytest.fixture
def event(live_server, django_db_serialized_rollback):
    """A conference with bridge points, committed where the live server sees it. The flush
    after the test takes what migrations made with it: the serialized rollback puts it back."""
    conference = make_conference()
    points = add_bridge_points(conference, 2)
    points[1].revoked = True
    points[1].save()
    other = add_bridge_points(make_conference(slug="hoi-nghi-khac"), 1, prefix="KH")[0]
    return Event(conference, points[0].token, points[1].token, other.token)


@pytest.fixture
def nginx(live_video_tools, live_server, tmp_path):
    """nginx with the rendered configuration, in the foreground, stopped whatever happens."""
    app_port = int(live_server.url.rsplit(":", 1)[1])
    live = LiveNginx(rtmp_port=free_port(), http_port=free_port(), run_dir=tmp_path / "nginx")
    conf = live.run_dir / "congtin-live.conf"
    call_command(
        "render_nginx_config",
        app_port=app_port,
        http_port=live.http_port,
        rtmp_port=live.rtmp_port,
        run_dir=live.run_dir,
        output=conf,
        rtmp_module=live_video_tools["module"],
        error_log_level="info",
        stdout=io.StringIO(),
    )
    error_log = live.run_dir / "logs" / "error.log"
    process = subprocess.Popen(
        [
            live_video_tools["nginx"],
            "-p",
            str(live.run_dir),
            "-e",
            str(error_log),
            "-c",
            str(conf),
            "-g",
            "daemon off;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(
            lambda: listening(live.http_port) and listening(live.rtmp_port), 10, "nginx to listen", process=process
        )
        yield live
    finally:
        stop(process)
        process.stderr.close()
        if error_log.exists():
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / "nginx-error.log").write_text(error_log.read_text())


@pytest.fixture
def encoders(live_video_tools, tmp_path):
    """Start ffmpeg publishing a test pattern; every one started is stopped at the end."""
    started = []

    def start(url: str, seconds: int) -> subprocess.Popen:
        log = open(tmp_path / f"ffmpeg-{len(started)}.log", "wb")
        process = publish_test_pattern(url, seconds, log, ffmpeg=live_video_tools["ffmpeg"])
        started.append((process, log))
        return process

    yield start
    for process, log in started:
        stop(process)
        log.close()


def segments_of(playlist: bytes) -> list[re.Match]:
    lines = [line for line in playlist.decode().splitlines() if line and not line.startswith("#")]
    matches = [SEGMENT.match(line) for line in lines]
    assert all(matches), f"segment lines should carry the token: {lines}"
    return matches


def playable(url: str):
    response = fetch(url)
    return response if response.status == 200 and b".ts?t=" in response.body else None


def test_main_hall_publishes_and_bridge_points_watch_through_nginx(nginx, event, encoders):
    # A wrong stream key: nginx refuses it at once, nothing goes on air, no file is written.
    refused_at = time.monotonic()
    wrong = encoders(nginx.publish_url("khoa-sai-" + "x" * 24), 20)
    assert wrong.wait(timeout=15) != 0
    assert time.monotonic() - refused_at < 10
    assert not event.on_air() and not any((nginx.run_dir / "hls").iterdir())
    # Straight into the hls application from this machine, without the relay key: refused too.
    name = broadcast.stream_name(event.conference)
    straight = encoders(f"rtmp://127.0.0.1:{nginx.rtmp_port}/hls/{name}", 20)
    assert straight.wait(timeout=15) != 0
    assert not any((nginx.run_dir / "hls").iterdir())

    published_at = time.monotonic()
    encoder = encoders(nginx.publish_url(stream_key(event.conference)), 20)
    playlist = wait_for(lambda: playable(event.playlist(nginx)), 20, "the HLS playlist", process=encoder)
    latency = time.monotonic() - published_at
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "latency.txt").write_text(f"publish -> playlist available: {latency:.2f} s\n")
    print(f"\npublish -> playlist available: {latency:.2f} s")

    assert playlist.body.startswith(b"#EXTM3U")
    assert playlist.headers["Content-Type"] == "application/vnd.apple.mpegurl"
    assert "no-cache" in playlist.headers["Cache-Control"]
    assert stream_key(event.conference).encode() not in playlist.body
    first = segments_of(playlist.body)[0]
    assert first["name"] == broadcast.stream_name(event.conference) and first["token"] == event.token
    segment = fetch(urljoin(event.playlist(nginx), first.group(0)))
    assert segment.status == 200 and segment.headers["Content-Type"] == "video/mp2t"
    assert len(segment.body) > 1000 and segment.body[0] == 0x47  # MPEG-TS sync byte
    assert event.on_air()

    # Tokens that admit nobody get neither the playlist nor a segment.
    bad_segment = urljoin(event.playlist(nginx), first.group(0).split("?")[0])
    for token in ("khong-phai-ma-nao-ca-1234567890", event.revoked_token, event.other_token):
        assert fetch(event.playlist(nginx, token)).status == 403
        assert fetch(f"{bad_segment}?t={token}").status == 403
    assert fetch(bad_segment).status == 403
    assert fetch(event.playlist(nginx).split("?")[0]).status == 403
    # Files are named after the public stream name only; the key opens nothing.
    assert fetch(f"{nginx.base}/hls/{stream_key(event.conference)}.m3u8?t={event.token}").status == 404
    assert all(stream_key(event.conference) not in path.name for path in (nginx.run_dir / "hls").iterdir())
    # The hooks are nginx's own: from outside, through nginx, they do not exist.
    done = fetch(
        f"{nginx.base}/hoi-nghi/phat-song/on-publish-done/",
        method="POST",
        data=f"name={stream_key(event.conference)}&app=live".encode(),
    )
    assert done.status == 404 and event.on_air()

    # The bridge point that watched is one bridge point, however many requests it made.
    assert list(Presence.objects.values_list("bridge_point__token", flat=True)) == [event.token]

    assert encoder.wait(timeout=30) == 0
    wait_for(lambda: not event.on_air(), 10, "the conference to go off air")


def test_encoder_that_drops_and_returns_resumes_the_stream(nginx, event, encoders):
    first = encoders(nginx.publish_url(stream_key(event.conference)), 30)
    playlist = wait_for(lambda: playable(event.playlist(nginx)), 20, "the HLS playlist", process=first)
    wait_for(lambda: len(segments_of(fetch(event.playlist(nginx)).body)) >= 2, 15, "two segments", process=first)
    first.kill()  # the encoder drops
    first.wait(timeout=5)
    wait_for(lambda: not event.on_air(), 10, "the conference to go off air")
    before = max(int(match["number"]) for match in segments_of(fetch(event.playlist(nginx)).body))

    returned_at = time.monotonic()
    encoders(nginx.publish_url(stream_key(event.conference)), 12)  # and comes back
    wait_for(event.on_air, 10, "the conference to be on air again")

    def newer_segments():
        response = fetch(event.playlist(nginx))
        numbers = [int(match["number"]) for match in segments_of(response.body)] if response.status == 200 else []
        return [number for number in numbers if number > before] and response

    resumed = wait_for(newer_segments, 20, "segments after the return")
    print(f"\nencoder back -> new segment in the same playlist: {time.monotonic() - returned_at:.2f} s")
    numbers = [int(match["number"]) for match in segments_of(resumed.body)]
    # The same playlist URL goes on: numbering continues after the old segments, marked as
    # a discontinuity, so a player carries on without reloading.
    assert before in numbers and before + 1 in numbers
    assert b"#EXT-X-DISCONTINUITY" in resumed.body
    assert playlist.body.startswith(b"#EXTM3U")
