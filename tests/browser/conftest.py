"""Fixtures of the browser tests: the seed article's addresses, and a conference on air
playing a small HLS stream that ffmpeg makes (tests/browser/urls.py serves it).

The live server needs a transactional database, flushed after each test, and the flush
takes what migrations made (root page, root collection, locale) with it: a serialized
rollback puts that back for the next test. Data is made before any browser starts;
afterwards `support.in_thread` reaches the database."""

import subprocess
from dataclasses import dataclass

import pytest

from congtin.conferences.live import state as live
from tests.browser.urls import HLS_PATH, hls_folder
from tests.support import conference_under_way, installed


@dataclass(frozen=True)
class SeedArticle:
    url: str
    canonical_url: str
    title: str


@pytest.fixture
def article(live_server, django_db_serialized_rollback, seed_article):
    """The seed article's addresses, read from the database before any browser starts."""
    return SeedArticle(
        url=live_server.url + seed_article.url,
        canonical_url=seed_article.get_full_url(),
        title=seed_article.title,
    )


@pytest.fixture(scope="session")
def hls_stream(tmp_path_factory):
    """Eight seconds of test picture and tone as HLS: 1-second H.264/AAC segments."""
    ffmpeg = installed("ffmpeg", "ffmpeg", "it makes the test stream")
    folder = tmp_path_factory.mktemp("hls")
    subprocess.run(
        [
            ffmpeg,
            "-hide_banner",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=320x180:rate=25",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=44100",
            "-t",
            "8",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-g",
            "25",
            "-sc_threshold",
            "0",
            "-c:a",
            "aac",
            "-b:a",
            "64k",
            "-f",
            "hls",
            "-hls_time",
            "1",
            "-hls_playlist_type",
            "vod",
            "-hls_segment_filename",
            str(folder / "seg%03d.ts"),
            str(folder / "index.m3u8"),
        ],
        check=True,
        timeout=60,
    )
    return folder.resolve()


@pytest.fixture
def on_air(live_server, django_db_serialized_rollback, hls_stream, monkeypatch):
    """A conference on air with two topics and two bridge points, playing the test stream."""
    monkeypatch.setitem(hls_folder, "path", hls_stream)
    monkeypatch.setattr(live, "stream_url", lambda conference, point: HLS_PATH)
    conference, topics, points = conference_under_way("hoi-nghi-truc-tuyen", topics=2, on_air=True)
    return {"live_server": live_server, "conference": conference, "topics": topics, "points": points}
