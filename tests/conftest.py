"""Shared fixtures. A test that needs a component skips without it, except under CI=true."""

import os
import shutil
from pathlib import Path

import pytest

from tests.factories import ensure_home

SHARED_DIR = Path(__file__).resolve().parent.parent.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require(available: bool, reason: str):
    """Skip when a component is missing; under CI=true that is a failure instead."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI=true and a required component is missing: {reason}")
    pytest.skip(reason)


@pytest.fixture
def shared_dir():
    require(SHARED_DIR.is_dir(), f"../shared is absent ({SHARED_DIR}); it holds the seed article and corpus")
    return SHARED_DIR


def installed(command: str, package: str, purpose: str) -> str:
    """The path of a Debian package's command, or a skip (a failure under CI) naming the package."""
    path = shutil.which(command)
    require(bool(path), f"{command} is not installed (apt-get install {package}); {purpose}")
    return path


@pytest.fixture
def chromium_path():
    return installed("chromium", "chromium", "browser tests drive Debian's Chromium")


@pytest.fixture
def home(db):
    return ensure_home()


@pytest.fixture
def seed_article(home, shared_dir):
    from congtin.news.importer import import_file
    from congtin.news.models import ArticlePage

    report = import_file(shared_dir / "seed" / "seed-article.jsonl", home=home)
    assert report.errors == []
    return ArticlePage.objects.get(external_id="haiphong-2021-06-25-thanh-doan-hoi-nghi-truc-tuyen")


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty caches: rolled-back tests reuse primary keys."""
    from django.core.cache import caches

    for alias in caches:
        caches[alias].clear()
