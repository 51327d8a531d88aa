"""Home and section pages, pagination edge cases, sitemap and feed."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.factories import make_article, make_articles, make_section


def titles(response, selector=".card-title a"):
    return [a.get_text(strip=True) for a in BeautifulSoup(response.content, "html.parser").select(selector)]


@pytest.fixture
def section(home):
    return make_section(home, "Kinh tế")


def test_section_lists_newest_first_and_paginates(client, section):
    make_articles(section, 15)
    first = client.get(section.url)
    assert first.status_code == 200
    assert titles(first) == [f"Bài số {i}" for i in range(12)]
    second = client.get(section.url + "?page=2")
    assert titles(second) == ["Bài số 12", "Bài số 13", "Bài số 14"]
    assert "Trang 2 / 2" in second.content.decode()


@pytest.mark.parametrize(
    "page", ["abc", "0", "-1", "3", "1.5", "999999999999999999999", "%00", "\x00", "²", "١٢", "1" * 5000]
)
def test_section_rejects_page_numbers_that_are_not_pages(client, section, page):
    make_articles(section, 15)
    response = client.get(section.url, {"page": page})
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_empty_section_shows_a_friendly_message(client, section):
    response = client.get(section.url)
    assert response.status_code == 200
    assert "Chuyên mục chưa có bài viết." in response.content.decode()


def test_section_hides_unpublished_articles(client, section):
    make_article(section, "Đã đăng")
    make_article(section, "Bản nháp", live=False)
    assert titles(client.get(section.url)) == ["Đã đăng"]


def test_home_shows_lead_story_and_latest_per_section(client, home):
    economy, culture = make_section(home, "Kinh tế"), make_section(home, "Văn hóa")
    now = timezone.now()
    make_articles(economy, 6, prefix="Kinh tế", start=now - timedelta(days=1))
    make_article(culture, "Lễ hội mới nhất", published_at=now)
    page = BeautifulSoup(client.get("/").content, "html.parser")
    assert page.select_one(".lead-story .card-title").get_text(strip=True) == "Lễ hội mới nhất"
    blocks = {
        b.h2.get_text(strip=True): [a.get_text(strip=True) for a in b.select(".card-title a")]
        for b in page.select(".section-block")
    }
    # No article twice: "Tin nổi bật" takes the newest after the lead (no editor chose any,
    # congtin.news.choices), and a section whose only article leads the page has no block left.
    assert blocks == {"Tin nổi bật": [f"Kinh tế số {i}" for i in range(4)], "Kinh tế": ["Kinh tế số 4", "Kinh tế số 5"]}
    assert [a.get_text(strip=True) for a in page.select(".site-nav a")] == ["Trang chủ", "Kinh tế", "Văn hóa"]


def test_sitemap_index_points_to_pages_listing_every_live_article(client, section):
    live = make_articles(section, 3)
    draft = make_article(section, "Bản nháp", live=False)
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index
    assert "<loc>http://testserver/sitemap-bai-viet.xml</loc>" in index
    assert f"<loc>http://testserver{section.url}</loc>" in client.get("/sitemap-trang.xml").content.decode()
    body = client.get("/sitemap-bai-viet.xml").content.decode()
    for article in live:
        assert f"<loc>http://testserver{article.url}</loc>" in body
    assert draft.slug not in body


def test_sitemap_pages_hold_at_most_5000_urls(client, section, monkeypatch):
    from congtin.news import sitemaps

    monkeypatch.setattr(sitemaps, "URLS_PER_PAGE", 2)
    make_articles(section, 5)
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-bai-viet.xml?p=3" in index
    assert client.get("/sitemap-bai-viet.xml?p=3").content.decode().count("<url>") == 1
    assert client.get("/sitemap-bai-viet.xml?p=4").status_code == 404
    for bad in ("abc", "²", "١", "0", "9" * 30, "\x00"):
        assert client.get("/sitemap-bai-viet.xml", {"p": bad}).status_code == 404
    assert client.get("/sitemap-khac.xml").status_code == 404


def test_rss_feed_lists_newest_articles(client, section):
    make_articles(section, 3)
    response = client.get("/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    items = ElementTree.fromstring(response.content).iter("item")
    assert [item.findtext("title") for item in items] == ["Bài số 0", "Bài số 1", "Bài số 2"]


def test_moved_article_is_listed_in_its_new_section_only(client, home):
    economy, culture = make_section(home, "Kinh tế"), make_section(home, "Văn hóa")
    article = make_article(economy, "Bài được chuyển")
    article.move(culture, pos="last-child")
    assert titles(client.get(culture.url)) == ["Bài được chuyển"]
    assert titles(client.get(economy.url)) == []
    article.refresh_from_db()
    article.save_revision().publish()  # publishing an old revision must not move it back
    assert titles(client.get(culture.url)) == ["Bài được chuyển"]
