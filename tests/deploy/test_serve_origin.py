"""Under `make serve` every absolute address a reader, a crawler or a feed reader gets starts
with that stack's SITE_URL, also when the database was made by `make demo` on another port
(issue 9: canonical links, og:url, JSON-LD, the printed address, RSS and sitemaps followed
the Site record written at migrate time, http://127.0.0.1:8000, where nothing answered)."""

import json
import re
import subprocess
import sys
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.deploy.support import (
    ARTICLE,
    ROOT,
    fetch,
    manage_shell,
    require_nginx_with_purge,
    serving,
    without_test_settings,
)

# Absolute http(s) addresses in markup, JSON and XML (an address ends at a quote, space, tag or entity).
ABSOLUTE = re.compile(r"https?://[^\s\"'<>&\\]+")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "[::1]"}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The production stack on a database that make demo made at http://127.0.0.1:8000."""
    require_nginx_with_purge()
    var_dir = tmp_path_factory.mktemp("serve-origin") / "var"
    demo_env = {
        **without_test_settings(),
        "CONGTIN_VAR_DIR": str(var_dir),
        "SITE_URL": "http://127.0.0.1:8000",
        "DJANGO_SETTINGS_MODULE": "congtin.settings.dev",
        "CONGTIN_TASKS": "immediate",
    }
    for command in (["migrate", "--noinput", "-v", "0"], ["load_demo"]):  # what make demo did
        made = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, text=True, capture_output=True, timeout=300, env=demo_env
        )
        assert made.returncode == 0, made.stderr
    with serving(var_dir, timeout=300, SERVE_LIVE="off") as started:
        yield started


def local_addresses(text: str) -> list[str]:
    """Absolute addresses on this machine (external ones, e.g. facebook.com or schema.org, aside)."""
    return [
        url
        for url in ABSOLUTE.findall(text)
        if urlsplit(url).hostname in LOCAL_HOSTS or (urlsplit(url).hostname or "").startswith("127.")
    ]


def json_ld_urls(soup: BeautifulSoup) -> list[str]:
    found = []

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and value.startswith(("http://", "https://")):
            found.append(value)

    for script in soup.select('script[type="application/ld+json"]'):
        walk(json.loads(script.string))
    return found


def test_every_address_on_pages_feed_and_sitemaps_starts_with_site_url(stack):
    site_url = stack.base  # serve.sh's SITE_URL
    article_path, section_path = next(
        line for line in manage_shell(stack, ARTICLE).splitlines() if line.startswith("ARTICLE ")
    ).split()[2:]
    for path in ("/", section_path, article_path):
        page = fetch(site_url + path)
        assert page.status == 200, path
        html = page.body.decode()
        soup = BeautifulSoup(html, "html.parser")
        assert soup.select_one('link[rel="canonical"]')["href"] == site_url + path
        og_url = soup.select_one('meta[property="og:url"]')
        if og_url is not None:
            assert og_url["content"] == site_url + path
        local = local_addresses(html)
        assert local and all(url.startswith(site_url + "/") for url in local), (path, local)
        assert all(
            url.startswith(site_url + "/") for url in json_ld_urls(soup) if urlsplit(url).hostname in LOCAL_HOSTS
        ), path

    article = BeautifulSoup(fetch(site_url + article_path).body.decode(), "html.parser")
    assert site_url + article_path in json_ld_urls(article)
    printed = article.select_one(".article-url a")  # the address printed under the article
    assert printed["href"] == site_url + article_path and printed.get_text(strip=True) == site_url + article_path

    feed = feedparser.parse(fetch(site_url + "/rss/").body)
    assert feed.feed.link.startswith(site_url + "/")
    assert feed.entries and all(entry.link.startswith(site_url + "/") for entry in feed.entries)

    index = fetch(site_url + "/sitemap.xml").body.decode()
    sitemaps = re.findall(r"<loc>([^<]+)</loc>", index)
    assert sitemaps and all(url.startswith(site_url + "/") for url in sitemaps), sitemaps
    for sitemap in sitemaps:
        entries = re.findall(r"<loc>([^<]+)</loc>", fetch(sitemap).body.decode())
        assert all(url.startswith(site_url + "/") for url in entries), (sitemap, entries[:3])
    assert any(
        url == site_url + article_path
        for sitemap in sitemaps
        for url in re.findall(r"<loc>([^<]+)</loc>", fetch(sitemap).body.decode())
    )
