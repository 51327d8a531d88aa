"""A page costs the same number of queries for a few articles as for many, within a fixed
bound per page type; a page served from the page cache costs none.

Renders are measured with X-Cache-Bypass (what nginx sends for the benchmark's render-cost
run), or the second request would be a cache hit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_articles, make_section, with_photos
from tests.support import queries_for

# Queries per page type at most (rendered afresh, renditions made): a regression guard.
# Search: its full-text tiers, the results' titles (pages sharing one are one result), the
# documents shown, the other pages with their titles, the site.
# Corrections: the view restrictions (public()), the page of corrections with their articles,
# the site (their links), the count for the pagination.
BOUNDS = {"article": 8, "section": 9, "home": 12, "search": 9, "rss": 3, "sitemap": 4, "corrections": 5}
# The section feed and the news sitemap: the site's home page, the section (the feed's), the
# articles with what they show; the organisation comes from the cache.
BOUNDS |= {"section rss": 4, "news sitemap": 3}


def test_article_page_queries_do_not_grow_with_other_news(client, home, photo):
    section = make_section(home, "Tin tức")
    few = with_photos(make_articles(section, 2), photo)
    small = queries_for(client, few[0].url)  # "Tin khác": one earlier article
    many = with_photos(make_articles(section, 20, prefix="Thêm"), photo)
    assert queries_for(client, many[0].url) == small  # "Tin khác": six
    assert small <= BOUNDS["article"]


def test_section_page_queries_do_not_grow_with_articles(client, home, photo):
    section = make_section(home, "Tin tức")
    with_photos(make_articles(section, 3), photo)
    small = queries_for(client, section.url)
    with_photos(make_articles(section, 30, prefix="Thêm"), photo)
    assert queries_for(client, section.url) == small
    assert queries_for(client, section.url + "?page=2") == small
    assert small <= BOUNDS["section"]


def test_home_page_queries_do_not_grow_with_articles(client, home, photo):
    sections = [make_section(home, name) for name in ("Kinh tế", "Văn hóa")]
    for section in sections:
        with_photos(make_articles(section, 2, prefix=section.title), photo)
    small = queries_for(client, "/")
    for section in sections:
        with_photos(make_articles(section, 10, prefix="Thêm " + section.title), photo)
    assert queries_for(client, "/") == small
    assert small <= BOUNDS["home"]


def test_home_page_queries_do_not_grow_with_sections(client, home, photo):
    counts = {}
    sections = []
    for total in (2, 4, 8):
        for number in range(len(sections), total):
            section = make_section(home, f"Chuyên mục {number}")
            with_photos(make_articles(section, 5, prefix=section.title), photo)
            sections.append(section)
        response = client.get("/", HTTP_X_CACHE_BYPASS="1")
        assert all(f'id="section-{section.pk}"' in response.content.decode() for section in sections)
        counts[total] = queries_for(client, "/")
    assert counts[2] == counts[4] == counts[8], counts
    assert counts[8] <= BOUNDS["home"]


@pytest.mark.parametrize(
    "kind, url",
    [
        ("search", "/tim-kiem/?q=b%C3%A0i"),
        ("rss", "/rss/"),
        ("section rss", "/rss/tin-tuc/"),
        ("sitemap", "/sitemap-bai-viet.xml"),
        ("news sitemap", "/sitemap-tin-moi.xml"),
    ],
)
def test_search_feed_and_sitemap_queries_are_bounded(client, home, photo, kind, url):
    with_photos(make_articles(make_section(home, "Tin tức"), 12), photo)
    assert queries_for(client, url) <= BOUNDS[kind]


@pytest.mark.parametrize("url", ["/rss/tin-tuc/", "/sitemap-tin-moi.xml"])
def test_section_feed_and_news_sitemap_queries_do_not_grow_with_articles(client, home, photo, url):
    section = make_section(home, "Tin tức")
    with_photos(make_articles(section, 2), photo)
    small = queries_for(client, url)
    with_photos(make_articles(section, 20, prefix="Thêm"), photo)
    assert queries_for(client, url) == small


def test_a_cached_page_costs_no_query(client, home, photo):
    article = with_photos(make_articles(make_section(home, "Tin tức"), 3), photo)[0]
    for url in ("/", "/tin-tuc/", article.url, "/rss/", "/rss/tin-tuc/", "/sitemap.xml", "/sitemap-tin-moi.xml"):
        first = client.get(url)
        with CaptureQueriesContext(connection) as captured:
            again = client.get(url)
        assert again.status_code == 200 and again.content == first.content
        assert len(captured) == 0, url


def add_corrections(article, count):
    from congtin.news.models import ArticleCorrection

    for number in range(count):
        article.corrections.add(ArticleCorrection(text=f"Đính chính {number} của {article.title}."))
    article.save_revision().publish()


def test_corrections_queries_do_not_grow_with_corrections(client, home, photo):
    """The archive (/dinh-chinh/) and an article's "Đính chính" box, for 1 correction and for many."""
    articles = with_photos(make_articles(make_section(home, "Tin tức"), 3), photo)
    add_corrections(articles[0], 1)
    small = {url: queries_for(client, url) for url in ("/dinh-chinh/", articles[0].url)}
    for article in articles:
        add_corrections(article, 12)
    assert {url: queries_for(client, url) for url in small} == small
    assert queries_for(client, "/dinh-chinh/?page=2") == small["/dinh-chinh/"]
    assert small["/dinh-chinh/"] <= BOUNDS["corrections"]
    assert "Đính chính 11 của" in client.get(articles[0].url).content.decode()
