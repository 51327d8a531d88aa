"""Fixtures of the readership tests: a few live articles, a fresh in-process tally per test,
and a Redis of the test's own behind the `default` cache (where production counts)."""

from unittest import mock

import pytest
from django.core.cache import caches

from congtin.readership import tally
from congtin.settings import base
from tests.factories import make_article, make_section
from tests.reliability.servers import OwnRedis

from .support import Articles


@pytest.fixture(autouse=True)
def fresh_tally(monkeypatch):
    """Counts kept in this process start empty in each test (they outlive the caches' clear)."""
    local = tally.LocalTally()
    monkeypatch.setattr(tally, "_local", local)
    return local


@pytest.fixture
def articles(home) -> Articles:
    section = make_section(home, "Thời sự")
    return Articles(
        live=[make_article(section, f"Tin thời sự số {number}") for number in range(1, 5)],
        draft=make_article(section, "Bài chưa xuất bản", live=False),
        section=section,
    )


@pytest.fixture
def in_process(settings):
    """The embedded default's `default` cache, in this process, whatever REDIS_URL the run has."""
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "readership-tests"}
    settings.CACHES = {**settings.CACHES, "default": local}


@pytest.fixture
def own_redis(settings):
    """A Redis of this test's own behind the `default` cache, built by the settings' `_cache()`
    as REDIS_URL would build it: the beacon counts there."""
    server = OwnRedis()
    server.start()
    with mock.patch.object(base, "REDIS_URL", server.url):
        default = base._cache("default")
    settings.CACHES = {**settings.CACHES, "default": default}
    caches["default"].clear()
    yield server
    server.close()
