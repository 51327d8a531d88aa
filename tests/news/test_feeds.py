"""Per-section RSS feeds (/rss/<section>/), read with feedparser as a feed reader reads them,
and found the way a reader's browser finds them: from the <link rel="alternate"> of the
section's pages and its articles."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.images import ImageFile
from django.test import RequestFactory
from django.utils import timezone
from django.views.static import serve
from wagtail.images import get_image_model
from wagtail.models import Site

from congtin.core.models import OrganisationSettings
from congtin.demo.images import placeholder_photo
from congtin.news.freshness import stale_for_articles, stale_for_page
from congtin.news.models import ArticlePage
from tests.factories import make_article, make_section
from tests.news.test_scheduled_publishing import publish_scheduled_at

ORGANISATION = "Cổng thông tin Thành phố Thử"


@pytest.fixture
def organisation(db):
    settings_ = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    settings_.name = ORGANISATION
    settings_.save()
    return settings_


@pytest.fixture
def photo(tmp_path):
    path = placeholder_photo(tmp_path / "anh.jpg", "Ảnh cầu")
    with path.open("rb") as handle:
        return get_image_model().objects.create(title="Cầu mới", file=ImageFile(handle, name="anh.jpg"))


@pytest.fixture
def sections(home, organisation):
    return make_section(home, "Kinh tế"), make_section(home, "Văn hóa")


def feed_at(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def served_media(url: str) -> tuple[int, bytes]:
    """(status, body) of a photo's absolute URL as the demo's server (Django's static view) answers it."""
    assert url.startswith(settings.SITE_URL + settings.MEDIA_URL), url
    path = urlsplit(url).path
    answer = serve(RequestFactory().get(path), path.removeprefix(settings.MEDIA_URL), settings.MEDIA_ROOT)
    with answer.file_to_stream:  # closed here: closing the answer would end the test's database connection
        return answer.status_code, b"".join(answer.streaming_content)


def test_section_feed_holds_only_its_sections_articles_with_photo_and_dates(client, sections, photo):
    economy, culture = sections
    at = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    with_photo = make_article(economy, "Khánh thành cầu mới", published_at=at, image=photo, author="Hoàng Tùng")
    with_photo.save_revision().publish()  # as an editor publishes it: its renditions made then
    plain = make_article(economy, "Giá lúa tăng", published_at=at - timedelta(hours=2))
    make_article(culture, "Lễ hội hoa", published_at=at)

    feed = feed_at(client, "/rss/kinh-te/")
    assert feed.feed.title == f"Kinh tế — {ORGANISATION}"
    assert feed.feed.link == economy.get_full_url()
    assert [entry.title for entry in feed.entries] == ["Khánh thành cầu mới", "Giá lúa tăng"]  # newest first
    first, second = feed.entries
    assert first.link == ArticlePage.objects.get(pk=with_photo.pk).get_full_url()
    assert datetime(*first.published_parsed[:6], tzinfo=UTC) == at
    assert second.link == plain.get_full_url() and not second.enclosures
    [enclosure] = first.enclosures
    assert enclosure.type == "image/jpeg"
    status, photo_bytes = served_media(enclosure.href)
    assert status == 200 and int(enclosure.length) == len(photo_bytes) > 0

    assert [entry.title for entry in feed_at(client, "/rss/van-hoa/").entries] == ["Lễ hội hoa"]
    assert "Lễ hội hoa" in {entry.title for entry in feed_at(client, "/rss/").entries}  # the site's feed keeps all


def test_an_unknown_or_unpublished_section_has_no_feed(client, sections):
    economy, _ = sections
    assert client.get("/rss/khong-co/").status_code == 404
    economy.unpublish()
    assert client.get("/rss/kinh-te/").status_code == 404


@pytest.mark.parametrize("page", ["section", "article"])
def test_section_pages_and_articles_link_to_the_sections_feed(client, sections, page):
    economy, _ = sections
    article = make_article(economy, "Khánh thành cầu mới")
    html = BeautifulSoup(client.get(economy.url if page == "section" else article.url).content, "html.parser")
    links = {link["title"]: link["href"] for link in html.find_all("link", rel="alternate", type="application/rss+xml")}
    assert links[f"Tin mới nhất — {ORGANISATION}"] == "/rss/"  # the site's feed stays
    href = links[f"Kinh tế — {ORGANISATION}"]
    feed = feed_at(client, href)
    assert feed.feed.title == f"Kinh tế — {ORGANISATION}"
    assert [entry.title for entry in feed.entries] == ["Khánh thành cầu mới"]


def test_a_scheduled_article_enters_its_sections_feed_when_it_goes_live(client, sections):
    economy, _ = sections
    at = (timezone.now() + timedelta(hours=3)).replace(second=0, microsecond=0)
    feed_at(client, "/rss/kinh-te/")  # kept by the page cache
    article = make_article(economy, "Khánh thành cầu Hòa Bình mới", published_at=at, live=False)
    article.save_revision().publish()
    assert not ArticlePage.objects.get(pk=article.pk).live  # scheduled
    assert feed_at(client, "/rss/kinh-te/").entries == []

    publish_scheduled_at(at + timedelta(seconds=1))
    assert [entry.title for entry in feed_at(client, "/rss/kinh-te/").entries] == [article.title]


def test_renaming_a_section_renames_its_feed(client, sections):
    economy, _ = sections
    feed_at(client, "/rss/kinh-te/")
    economy.title = "Kinh tế - Đầu tư"
    economy.save_revision().publish()
    assert feed_at(client, "/rss/kinh-te/").feed.title == f"Kinh tế - Đầu tư — {ORGANISATION}"


def test_publishing_purges_the_sections_feed_and_the_news_sitemap_from_nginx(sections):
    """nginx is told paths, not tags: the section's feed and the news sitemap are among them."""
    economy, culture = sections
    paths, _ = stale_for_articles([make_article(economy, "Giá lúa tăng")])
    assert {"/rss/", "/rss/kinh-te/", "/sitemap-tin-moi.xml"} <= paths and "/rss/van-hoa/" not in paths
    assert "/rss/van-hoa/" in stale_for_page(culture)[0]  # a renamed section: its feed's title
