"""The Google News sitemap (/sitemap-tin-moi.xml): the articles of the last two days, at most
1,000, newest first, read with lxml against its two namespaces, and found as a crawler finds
it: from the sitemap index and robots.txt."""

from datetime import datetime, timedelta
from urllib.robotparser import RobotFileParser

import pytest
from django.conf import settings
from django.utils import timezone
from lxml import etree
from wagtail.models import Site

from congtin.core.models import OrganisationSettings
from congtin.news import sitemaps
from tests.factories import make_article, make_articles, make_section
from tests.news.test_scheduled_publishing import clock_at, publish_scheduled_at

ORGANISATION = "Cổng thông tin Thành phố Thử & Bạn đọc"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}
NEWS_URL = "/sitemap-tin-moi.xml"


@pytest.fixture
def section(home):
    settings_ = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    settings_.name = ORGANISATION
    settings_.save()
    return make_section(home, "Kinh tế")


def news_entries(client) -> list[dict]:
    """Each <url> of the news sitemap, every element read in its namespace."""
    response = client.get(NEWS_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = etree.fromstring(response.content)
    assert root.tag == f"{{{NS['s']}}}urlset"
    entries = []
    for url in root.findall("s:url", NS):
        [news] = url.findall("news:news", NS)
        entries.append(
            {
                "loc": url.findtext("s:loc", namespaces=NS),
                "name": news.findtext("news:publication/news:name", namespaces=NS),
                "language": news.findtext("news:publication/news:language", namespaces=NS),
                "date": datetime.fromisoformat(news.findtext("news:publication_date", namespaces=NS)),
                "title": news.findtext("news:title", namespaces=NS),
            }
        )
    return entries


def test_news_sitemap_holds_the_last_two_days_newest_first(client, section):
    now = timezone.now()
    recent = make_article(section, "Khánh thành cầu mới & đường dẫn", published_at=now - timedelta(hours=47))
    newest = make_article(section, "Giá lúa tăng", published_at=now - timedelta(minutes=5))
    make_article(section, "Tin cũ hai ngày", published_at=now - timedelta(hours=49))
    make_article(section, "Bài nháp", published_at=now - timedelta(hours=1), live=False)

    entries = news_entries(client)
    assert [entry["title"] for entry in entries] == [newest.title, recent.title]
    entry = entries[1]
    assert entry["loc"] == recent.get_full_url() and entry["loc"].startswith(settings.SITE_URL + "/")
    assert entry["name"] == ORGANISATION and entry["language"] == "vi"
    assert entry["date"] == recent.published_at.replace(microsecond=entry["date"].microsecond)
    assert entry["date"].utcoffset() == timedelta(hours=7)  # W3C time in the site's zone, +07:00


def test_news_sitemap_holds_at_most_the_limit(client, section, monkeypatch):
    assert sitemaps.NEWS_LIMIT == 1000  # what Google News reads of one sitemap
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 3)
    articles = make_articles(section, 4)  # one an hour, newest first
    assert [entry["title"] for entry in news_entries(client)] == [article.title for article in articles[:3]]


def test_sitemap_index_and_robots_txt_name_the_news_sitemap(client, section):
    make_article(section, "Giá lúa tăng")
    index = etree.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert f"http://testserver{NEWS_URL}" in locations
    robots = RobotFileParser()
    robots.parse(client.get("/robots.txt").content.decode().splitlines())
    assert f"{settings.SITE_URL}{NEWS_URL}" in robots.site_maps()
    assert [entry["title"] for entry in news_entries(client)] == ["Giá lúa tăng"]


def test_a_scheduled_article_enters_the_news_sitemap_when_it_goes_live(client, section):
    at = (timezone.now() + timedelta(hours=3)).replace(second=0, microsecond=0)
    article = make_article(section, "Khánh thành cầu Hòa Bình mới", published_at=at, live=False)
    article.save_revision().publish()
    with clock_at(at + timedelta(minutes=1)):
        assert news_entries(client) == []
    publish_scheduled_at(at + timedelta(seconds=1))
    with clock_at(at + timedelta(minutes=1)):
        assert [entry["title"] for entry in news_entries(client)] == [article.title]
