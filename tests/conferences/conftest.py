"""Fixtures for conference tests (the builders they use are in support.py)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from tests.conferences.broadcast.tools import ffmpeg_path, nginx_path, rtmp_module_path
from tests.conferences.support import START, add_bridge_points, make_conference
from tests.support import require


@pytest.fixture
def clock(monkeypatch):
    """Time stands still at START until a test moves it: clock(seconds) sets it START + seconds."""
    now = {"value": START}
    monkeypatch.setattr("django.utils.timezone.now", lambda: now["value"])

    def move_to(seconds):
        now["value"] = START + timedelta(seconds=seconds)

    return move_to


@pytest.fixture
def conference(db):
    return make_conference()


@pytest.fixture
def bridge_point(conference):
    return add_bridge_points(conference, 1)[0]


@pytest.fixture
def organiser_client(client, db):
    user = get_user_model().objects.create_superuser("tochuc", "tochuc@example.vn", "mat-khau-dai")
    client.force_login(user)
    return client


@pytest.fixture
def live_video_tools() -> dict[str, str]:
    """nginx, its RTMP module and ffmpeg: their paths, or a skip (a failure under CI) that says
    which package to install."""
    nginx, module, ffmpeg = nginx_path(), rtmp_module_path(), ffmpeg_path()
    require(bool(nginx), "nginx is not installed (apt-get install nginx libnginx-mod-rtmp)")
    require(bool(module), "nginx's RTMP module is not installed (apt-get install libnginx-mod-rtmp)")
    require(bool(ffmpeg), "ffmpeg is not installed (apt-get install ffmpeg)")
    return {"nginx": nginx, "module": module, "ffmpeg": ffmpeg}
