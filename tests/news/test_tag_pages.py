"""Tag pages ("Chủ đề"): the link an article prints for each tag serves the page of that
tag's live articles, newest first, paginated as a section, kept by the page cache and purged
when an article carrying the tag (before or after an edit) is published or taken off."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from congtin.news.models import ArticlePage
from congtin.pagecache import store
from tests.factories import make_article, make_section
from tests.support import queries_for


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def titles(response):
    return [a.get_text(strip=True) for a in soup(response).select(".card-title a")]


def tag_links(client, article):
    """{tag name: href} as the article page prints them."""
    page = client.get(article.url)
    assert page.status_code == 200
    return {a.get_text(strip=True): a["href"] for a in soup(page).select(".article-tags a")}


def tagged(section, title, *tags, hours_ago=1, publish=True):
    """An article carrying these tags, published as an editor would (save_revision, publish)."""
    article = make_article(section, title, published_at=timezone.now() - timedelta(hours=hours_ago), live=False)
    article.tags.add(*tags)
    revision = article.save_revision()
    if publish:
        revision.publish()
    return ArticlePage.objects.get(pk=article.pk)  # as published


@pytest.fixture
def section(home):
    return make_section(home, "Tin tức")


def test_the_tag_link_an_article_prints_serves_that_tags_page(client, section):
    article = tagged(section, "Tuổi trẻ ra quân mùa hè xanh", "Thanh niên", "Tình nguyện")
    links = tag_links(client, article)
    assert links == {"Thanh niên": "/chu-de/thanh-nien/", "Tình nguyện": "/chu-de/tinh-nguyen/"}
    response = client.get(links["Thanh niên"])
    assert response.status_code == 200
    assert titles(response) == [article.title]
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Chủ đề: Thanh niên"
    assert page.title.get_text().startswith("Chủ đề: Thanh niên — ")
    assert page.find("link", rel="canonical")["href"] == settings.SITE_URL.rstrip("/") + "/chu-de/thanh-nien/"
    assert "Thanh niên" in page.find("meta", attrs={"name": "description"})["content"]
    assert page.find("meta", attrs={"name": "robots"}) is None  # as a section's pages


def test_tag_page_lists_only_live_articles_newest_first(client, section, home):
    other_section = make_section(home, "Kinh tế")
    older = tagged(section, "Hội nghị cán bộ Đoàn", "Đà Nẵng", hours_ago=3)
    newer = tagged(other_section, "Khởi nghiệp ở miền Trung", "Đà Nẵng", hours_ago=1)
    tagged(section, "Bản nháp chưa duyệt", "Đà Nẵng", hours_ago=0, publish=False)
    tagged(section, "Bài không cùng từ khóa", "Hà Nội", hours_ago=0)
    unpublished = tagged(section, "Bài đã gỡ", "Đà Nẵng", hours_ago=2)
    unpublished.unpublish()
    response = client.get("/chu-de/da-nang/")
    assert titles(response) == [newer.title, older.title]


def test_tag_page_paginates_like_a_section(client, section):
    for i in range(14):
        tagged(section, f"Bài số {i}", "Chuyển đổi số", hours_ago=i + 1)
    first = client.get("/chu-de/chuyen-doi-so/")
    assert titles(first) == [f"Bài số {i}" for i in range(12)]
    assert soup(first).select_one(".pagination a[rel=next]")["href"] == "?page=2"
    second = client.get("/chu-de/chuyen-doi-so/?page=2")
    assert second.status_code == 200
    assert titles(second) == ["Bài số 12", "Bài số 13"]
    assert "Trang 2 / 2" in second.content.decode()
    page = soup(second)
    assert page.title.get_text().startswith("Chủ đề: Chuyển đổi số — Trang 2")
    assert page.find("link", rel="canonical")["href"].endswith("/chu-de/chuyen-doi-so/?page=2")
    assert page.select_one(".pagination a[rel=prev]")["href"] == "?page=1"


@pytest.mark.parametrize("page", ["3", "abc", "0", "-1", "1.5", "²"])
def test_tag_page_refuses_page_numbers_that_are_not_pages_in_vietnamese(client, section, page):
    tagged(section, "Bài có từ khóa", "Thanh niên")
    response = client.get("/chu-de/thanh-nien/", {"page": page})
    assert response.status_code == 404  # as a section: ?page=abc is no page
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize("path", ["/chu-de/khong-co-chu-de-nay/", "/chu-de/ban-nhap/", "/chu-de/Thanh-Nien/"])
def test_an_unknown_tag_or_one_without_live_articles_is_a_vietnamese_404(client, section, path):
    tagged(section, "Bài có từ khóa", "Thanh niên")
    tagged(section, "Bản nháp", "Bản nháp", publish=False)
    response = client.get(path)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_tags_that_slugify_alike_share_one_page_instead_of_hiding_one(client, section):
    first = tagged(section, "Bài viết có dấu", "Đà Nẵng", hours_ago=2)
    second = tagged(section, "Bài viết không dấu", "Da Nang", hours_ago=1)
    assert tag_links(client, first)["Đà Nẵng"] == tag_links(client, second)["Da Nang"] == "/chu-de/da-nang/"
    response = client.get("/chu-de/da-nang/")
    assert titles(response) == [second.title, first.title]  # both tags' articles, none lost
    assert soup(response).h1.get_text(strip=True) == "Chủ đề: Đà Nẵng"  # the oldest tag names it


def test_a_tag_with_no_letters_is_shown_without_a_link(client, section):
    article = tagged(section, "Bài có từ khóa lạ", "!!!", "Thanh niên")
    page = soup(client.get(article.url))
    assert [li.get_text(strip=True) for li in page.select(".article-tags li")] == ["!!!", "Thanh niên"]
    assert [a.get_text(strip=True) for a in page.select(".article-tags a")] == ["Thanh niên"]


def test_publishing_an_article_with_the_tag_reaches_the_cached_tag_page(client, section):
    tagged(section, "Bài đầu tiên", "Thanh niên", hours_ago=2)
    assert client.get("/chu-de/thanh-nien/").status_code == 200
    assert store.get_page("/chu-de/thanh-nien/") is not None  # kept for the next reader
    fresh = tagged(section, "Tuổi trẻ ra quân", "Thanh niên", hours_ago=1)
    assert titles(client.get("/chu-de/thanh-nien/")) == [fresh.title, "Bài đầu tiên"]


def test_removing_a_tag_drops_the_article_from_the_cached_page_of_that_tag(client, section):
    kept = tagged(section, "Bài giữ từ khóa", "Thanh niên", hours_ago=2)
    edited = tagged(section, "Bài đổi từ khóa", "Thanh niên", hours_ago=1)
    for i in range(12):  # the edited article on page 1, page 2 after it
        tagged(section, f"Bài cũ số {i}", "Thanh niên", hours_ago=10 + i)
    assert titles(client.get("/chu-de/thanh-nien/"))[:2] == [edited.title, kept.title]
    assert titles(client.get("/chu-de/thanh-nien/?page=2")) == ["Bài cũ số 10", "Bài cũ số 11"]
    edited.tags.set(["Tình nguyện"])
    edited.save_revision().publish()
    assert edited.title not in titles(client.get("/chu-de/thanh-nien/"))
    assert titles(client.get("/chu-de/thanh-nien/?page=2")) == ["Bài cũ số 11"]  # the next page moved up too
    assert titles(client.get("/chu-de/tinh-nguyen/")) == [edited.title]


def test_unpublishing_the_last_article_of_a_tag_takes_its_cached_page_away(client, section):
    article = tagged(section, "Bài duy nhất", "Thanh niên")
    assert client.get("/chu-de/thanh-nien/").status_code == 200
    article.unpublish()
    assert client.get("/chu-de/thanh-nien/").status_code == 404


def test_an_expired_article_leaves_the_cached_tag_page(client, section):
    stays = tagged(section, "Bài còn hạn", "Thanh niên", hours_ago=2)
    expiring = tagged(section, "Bài hết hạn", "Thanh niên", hours_ago=1)
    assert titles(client.get("/chu-de/thanh-nien/")) == [expiring.title, stays.title]
    expiring.expire_at = timezone.now() - timedelta(minutes=1)
    expiring.save(update_fields=["expire_at"])
    call_command("publish_scheduled")
    assert titles(client.get("/chu-de/thanh-nien/")) == [stays.title]


def test_tag_page_queries_do_not_grow_with_articles(client, section):
    for i in range(3):
        tagged(section, f"Bài số {i}", "Thanh niên", hours_ago=i + 1)
    small = queries_for(client, "/chu-de/thanh-nien/")
    for i in range(20):
        tagged(section, f"Thêm số {i}", "Thanh niên", hours_ago=i + 10)
    assert queries_for(client, "/chu-de/thanh-nien/") == small
    assert queries_for(client, "/chu-de/thanh-nien/?page=2") == small
    assert small <= 9  # as a section page (tests/news/test_query_counts.py)
