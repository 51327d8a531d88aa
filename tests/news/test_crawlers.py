"""What crawlers and sharers read, checked with the tools they resemble: robots.txt through
Python's robot parser, structured data and Open Graph through extruct, the feed through
feedparser, and the sitemap against the date the page itself shows."""

from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser
from zoneinfo import ZoneInfo

import extruct
import feedparser
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.images import ImageFile
from django.urls import resolve
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Site

from congtin.core.models import OrganisationSettings
from congtin.demo.images import placeholder_photo
from tests.conferences.support import add_bridge_points, make_conference
from tests.factories import make_article, make_section

ORGANISATION = "Cổng thông tin Thành phố Thử"
PUBLISHED = datetime(2021, 6, 25, 22, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def image_at(path) -> Image.Image:
    """The image's size and format, its file closed again."""
    with Image.open(path) as image:
        image.load()
        return image


def make_image(folder, title):
    path = placeholder_photo(Path(folder) / "anh.jpg", title)
    with path.open("rb") as handle:
        return get_image_model().objects.create(title=title, file=ImageFile(handle, name="anh.jpg"))


@pytest.fixture
def organisation(db, tmp_path):
    settings_ = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    settings_.name, settings_.tagline = ORGANISATION, "Thông tin chính thức của thành phố"
    settings_.logo = make_image(tmp_path, "Biểu trưng")
    settings_.save()
    return settings_


@pytest.fixture
def section(home, organisation):
    return make_section(home, "Kinh tế", intro="<p>Tin <b>kinh tế</b> &amp; đầu tư của thành phố.</p>")


@pytest.fixture
def article(section, tmp_path):
    """An article published as an editor publishes it (its renditions made then), with a
    source that is not the portal."""
    article = make_article(
        section,
        "Khánh thành cầu mới",
        published_at=PUBLISHED,
        author="Hoàng Tùng",
        source_name="Báo Mẫu",
        source_url="https://example.vn/bai-goc",
        image=make_image(tmp_path, "Cầu mới bắc qua sông"),
    )
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def parse(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def meta(page) -> dict[str, str]:
    return {
        tag.get("property") or tag.get("name"): tag.get("content")
        for tag in page.find_all("meta")
        if tag.get("content") is not None
    }


def media_file(url: str) -> Path:
    """The stored file behind an absolute media URL printed on a page."""
    assert url.startswith(settings.SITE_URL + settings.MEDIA_URL), url
    return Path(settings.MEDIA_ROOT) / urlsplit(url).path.removeprefix(settings.MEDIA_URL)


def test_robots_txt_keeps_crawlers_out_of_admin_and_search_and_names_the_sitemap(client, article):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Accel-Expires"] == str(settings.CONGTIN_PAGE_CACHE_SECONDS)  # kept like a page
    robots = RobotFileParser()
    robots.parse(response.content.decode().splitlines())
    assert not robots.can_fetch("Googlebot", "http://testserver/admin/pages/")
    assert not robots.can_fetch("Googlebot", "http://testserver/tim-kiem/?q=c%E1%BA%A7u")
    assert robots.can_fetch("Googlebot", article.get_full_url())
    assert robots.can_fetch("Googlebot", "http://testserver/")
    assert robots.site_maps() == [f"{settings.SITE_URL}/sitemap.xml", f"{settings.SITE_URL}/sitemap-tin-moi.xml"]
    for sitemap in robots.site_maps():
        assert client.get(sitemap.removeprefix(settings.SITE_URL)).status_code == 200


def test_every_public_page_has_a_meta_description(client, article, section):
    bridge_point = add_bridge_points(make_conference(), 1)[0]
    pages = {
        "home": "/",
        "section": section.url,
        "article": article.url,
        "search": "/tim-kiem/?q=c%E1%BA%A7u",
        "join": urlsplit(bridge_point.join_url).path,
        "404": "/khong-co-trang-nay/",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "404" else 200), name
        descriptions = BeautifulSoup(response.content, "html.parser").find_all("meta", attrs={"name": "description"})
        assert len(descriptions) == 1, name
        assert len(descriptions[0]["content"].strip()) > 20, (name, descriptions[0]["content"])
    described = lambda url: parse(client.get(url)).find("meta", attrs={"name": "description"})["content"]  # noqa: E731
    assert described(section.url) == "Tin kinh tế & đầu tư của thành phố."  # the intro, as text
    assert described("/") == "Thông tin chính thức của thành phố"  # the tagline, without intro
    assert described(article.url) == article.lead


def open_graph(response, url) -> dict[str, str]:
    [graph] = extruct.extract(response.content.decode(), base_url=url, syntaxes=["opengraph"], uniform=False)[
        "opengraph"
    ]
    return dict(graph["properties"])


def test_home_and_section_pages_are_shared_with_open_graph(client, article, section, home):
    for url, title in (("/", ORGANISATION), (section.url, section.title)):
        response = client.get(url)
        page = parse(response)
        canonical = page.find("link", rel="canonical")["href"]
        graph = open_graph(response, canonical)
        assert graph["og:type"] == "website"
        assert graph["og:url"] == canonical == urljoin(settings.SITE_URL, url)
        assert graph["og:title"] == title
        assert graph["og:description"] == page.find("meta", attrs={"name": "description"})["content"]
        assert graph["og:site_name"] == ORGANISATION and graph["og:locale"] == "vi_VN"
        assert graph["og:image:alt"] == "Cầu mới bắc qua sông"  # the lead story's photo
        assert image_at(media_file(graph["og:image"])).size == (640, 400)
        assert meta(page)["twitter:card"] == "summary_large_image"


def test_a_section_without_photos_is_shared_with_the_organisations_logo(client, home, organisation):
    section = make_section(home, "Thông báo")
    make_article(section, "Lịch tiếp dân tháng sáu")
    graph = open_graph(client.get(section.url), section.get_full_url())
    assert graph["og:image:alt"] == ORGANISATION
    assert image_at(media_file(graph["og:image"])).format == "PNG"


def json_ld(response, url) -> dict[str, dict]:
    items = extruct.extract(response.content.decode(), base_url=url, syntaxes=["json-ld"])["json-ld"]
    return {item["@type"]: item for item in items}


def test_article_structured_data_names_the_portal_as_publisher_with_its_logo(client, article, section):
    response = client.get(article.url)
    page = parse(response)
    canonical = page.find("link", rel="canonical")["href"]
    data = json_ld(response, canonical)
    news = data["NewsArticle"]
    publisher = news["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == ORGANISATION  # not the source
    assert publisher["url"] == settings.SITE_URL + "/"
    assert publisher["logo"]["@type"] == "ImageObject"
    logo = image_at(media_file(publisher["logo"]["url"]))
    assert logo.size == (publisher["logo"]["width"], publisher["logo"]["height"]) and max(logo.size) <= 600
    assert "Báo Mẫu" not in str(publisher)
    assert news["author"] == {"@type": "Person", "name": "Hoàng Tùng"}
    assert news["articleSection"] == section.title
    sizes = [image_at(media_file(url)).size for url in news["image"]]
    assert [round(width / height, 2) for width, height in sizes] == [1.78, 1.33, 1.0]  # 16:9, 4:3, 1:1
    assert min(width * height for width, height in sizes) >= 50_000  # Google's least

    trail = data["BreadcrumbList"]["itemListElement"]
    visible = page.select("nav.breadcrumb a")
    assert [item["position"] for item in trail] == [1, 2, 3]
    assert [item["item"] for item in trail] == [urljoin(canonical, link["href"]) for link in visible] + [canonical]
    assert [item["name"] for item in trail] == [link.get_text(strip=True) for link in visible] + [article.title]
    for item in trail:  # each link works as printed
        assert client.get(urlsplit(item["item"]).path).status_code == 200

    tags = meta(page)
    assert tags["article:section"] == section.title
    assert tags["article:modified_time"] == news["dateModified"]
    assert tags["article:modified_time"] != tags["article:published_time"]  # re-published after its date
    assert tags["og:image:alt"] == "Cầu mới bắc qua sông"
    assert page.select_one(".info-source dd").get_text(strip=True) == "Báo Mẫu"  # the source stays visible


def test_an_article_without_author_is_credited_to_the_organisation(client, section):
    article = make_article(section, "Thông báo lịch cắt điện")
    news = json_ld(client.get(article.url), article.get_full_url())["NewsArticle"]
    assert news["author"]["@type"] == "Organization" and news["author"]["name"] == ORGANISATION
    assert "image" not in news


def test_sitemap_lastmod_is_the_instant_the_article_shows(client, article, section):
    shown = parse(client.get(article.url)).select_one("time.article-date")["datetime"]
    assert shown == "2021-06-25T22:00:00+07:00"
    sitemap = BeautifulSoup(client.get("/sitemap-bai-viet.xml").content, "xml")
    lastmod = {url.loc.string: url.lastmod.string for url in sitemap.find_all("url")}
    assert lastmod[article.get_full_url()] == shown
    section.save_revision().publish()
    sections = BeautifulSoup(client.get("/sitemap-trang.xml").content, "xml")
    [published] = [url.lastmod.string for url in sections.find_all("url") if url.loc.string == section.get_full_url()]
    assert datetime.fromisoformat(published).utcoffset().total_seconds() == 7 * 3600  # the site's time, with its offset


def test_feed_names_the_portal_and_carries_each_photo(client, article, section):
    plain = make_article(section, "Bài không ảnh")
    feed = feedparser.parse(client.get("/rss/").content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == f"Tin mới nhất — {ORGANISATION}"
    entries = {entry.title: entry for entry in feed.entries}
    assert entries[plain.title].link == plain.get_full_url() and not entries[plain.title].enclosures
    entry = entries[article.title]
    assert entry.link == parse(client.get(article.url)).find("link", rel="canonical")["href"]
    assert entry.link.startswith(settings.SITE_URL + "/")
    [enclosure] = entry.enclosures
    assert enclosure.type == "image/jpeg"
    photo = media_file(enclosure.href)
    assert int(enclosure.length) == photo.stat().st_size
    assert image_at(photo).size == (1200, 630)


def test_feed_keeps_no_request_on_the_instance_that_every_thread_shares(client, article):
    """gthread workers serve one Feed instance from several threads: anything a request left
    on it would be read by another request's render."""
    feed = resolve("/rss/").func
    before = dict(vars(feed))
    for host in ("testserver", "127.0.0.1"):
        assert client.get("/rss/", HTTP_HOST=host, HTTP_X_CACHE_BYPASS="1").status_code == 200
        assert vars(feed) == before
