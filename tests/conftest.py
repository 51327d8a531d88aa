"""Shared fixtures. A test that needs a component skips without it, except under CI=true.

The browser tests of tests/browser, tests/quality and tests/frontend share `browser` (Debian's
Chromium through Playwright) and `artifacts` (where screenshots and PDFs go for a human)."""

from pathlib import Path

import pytest

from tests.factories import ensure_home

# The helper modules' asserts report what they compared, as a test module's do. pytest rewrites
# them only if told before their first import: this file imports them inside its fixtures.
pytest.register_assert_rewrite("tests.support", "tests.browser.support", "tests.deploy.support")

SHARED_DIR = Path(__file__).resolve().parent.parent.parent / "shared"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def shared_dir():
    from tests.support import require

    require(SHARED_DIR.is_dir(), f"../shared is absent ({SHARED_DIR}); it holds the seed article and corpus")
    return SHARED_DIR


@pytest.fixture
def chromium_path():
    from tests.support import installed

    return installed("chromium", "chromium", "browser tests drive Debian's Chromium")


@pytest.fixture
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def home(db):
    return ensure_home()


@pytest.fixture
def photo(db, tmp_path):
    """A small placeholder JPEG in Wagtail's image library, for articles that show a photo."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from congtin.demo.images import placeholder_photo

    path = placeholder_photo(tmp_path / "p.jpg", "Ảnh")
    with path.open("rb") as handle:
        return get_image_model().objects.create(title="Ảnh", file=ImageFile(handle, name="p.jpg"))


@pytest.fixture
def organisation(home):
    """The demo organisation: its fanpage QR code and social links are on every article."""
    from congtin.demo.management.commands.load_demo import Command as LoadDemo

    LoadDemo().configure_site()


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
