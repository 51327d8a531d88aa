"""Photos reach readers as <picture>: AVIF, then WebP, then JPEG, in widths the layout needs,
with their dimensions known before they load; only the first photo a reader sees loads at once."""

from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from django.conf import settings
from PIL import Image

from tests.factories import make_articles, make_section
from tests.frontend.pages import srcset_candidates
from tests.support import queries_for

FORMATS = {"image/avif": "AVIF", "image/webp": "WEBP"}


def soup_of(client, url):
    response = client.get(url, HTTP_X_CACHE_BYPASS="1")  # rendered afresh, not from the page cache
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def media_file(url) -> Path:
    path = urlsplit(url).path
    assert path.startswith(settings.MEDIA_URL), url
    return Path(settings.MEDIA_ROOT) / path.removeprefix(settings.MEDIA_URL)


def assert_responsive_picture(picture, widths):
    """AVIF and WebP sources and a JPEG <img>, each offering `widths`, with one `sizes` for all."""
    sources = {source["type"]: source for source in picture.find_all("source")}
    assert list(sources) == ["image/avif", "image/webp"], "AVIF first, then WebP, then the JPEG <img>"
    img = picture.find("img")
    assert img["sizes"] and all(source["sizes"] == img["sizes"] for source in sources.values())
    offered = [f"{width}w" for width in widths]
    for mime, source in sources.items():
        candidates = srcset_candidates(source["srcset"])
        assert [descriptor for _, descriptor in candidates] == offered
        for url, _ in candidates:
            with Image.open(media_file(url)) as photo:
                assert photo.format == FORMATS[mime], f"{url} is not {FORMATS[mime]}"
    assert [descriptor for _, descriptor in srcset_candidates(img["srcset"])] == offered
    with Image.open(media_file(img["src"])) as photo:
        assert photo.format == "JPEG"
        assert (int(img["width"]), int(img["height"])) == photo.size, "width/height reserve the photo's space"
    return img


def assert_lazy(img):
    assert img.get("loading") == "lazy" and img.get("decoding") == "async", img
    assert "fetchpriority" not in img.attrs


def assert_first_seen(img):
    assert img.get("loading", "eager") == "eager" and img.get("fetchpriority") == "high", img


def test_article_photos_are_lazy_avif_webp_jpeg_pictures(client, seed_article):
    figures = soup_of(client, seed_article.url).select(".article-body figure")
    assert len(figures) == 3
    for figure in figures:
        img = assert_responsive_picture(figure.picture, widths=[480, 800, 1200])
        assert img["alt"] == figure.figcaption.get_text(strip=True)
        assert img["sizes"] == "(min-width: 64rem) 44rem, calc(100vw - 2rem)"
        assert_lazy(img)


def test_section_page_first_card_loads_at_once_the_others_lazily(client, home, illustrated):
    section = make_section(home, "Tin tức")
    illustrated(make_articles(section, 4))
    pictures = soup_of(client, section.url).select(".card-list .card-image picture")
    assert len(pictures) == 4
    imgs = [assert_responsive_picture(picture, widths=[320, 480, 640]) for picture in pictures]
    assert imgs[0]["sizes"] == "(min-width: 40rem) 12rem, calc(100vw - 2rem)"
    assert_first_seen(imgs[0])
    for img in imgs[1:]:
        assert_lazy(img)


def test_home_page_lead_story_loads_at_once_the_section_cards_lazily(client, home, illustrated):
    for name in ("Kinh tế", "Văn hóa"):
        illustrated(make_articles(make_section(home, name), 3, prefix=name))
    page = soup_of(client, "/")
    lead = assert_responsive_picture(page.select_one(".lead-story .card-image picture"), widths=[320, 480, 640])
    assert_first_seen(lead)
    cards = page.select(".section-block .card-image picture")
    assert len(cards) == 5
    for picture in cards:
        img = assert_responsive_picture(picture, widths=[320, 480, 640])
        assert_lazy(img)
        assert img["sizes"] != lead["sizes"], "grid cards show smaller than the lead story"
    assert len(page.select('[fetchpriority="high"]')) == 1


def test_section_page_with_12_photos_costs_the_queries_of_3(client, home, illustrated):
    section = make_section(home, "Tin tức")
    illustrated(make_articles(section, 3))
    three = queries_for(client, section.url)
    illustrated(make_articles(section, 9, prefix="Thêm"))
    assert len(soup_of(client, section.url).select(".card-image picture source")) == 12 * 2
    assert queries_for(client, section.url) == three


def test_home_page_photos_cost_no_query_per_card(client, home, illustrated):
    sections = [make_section(home, name) for name in ("Kinh tế", "Văn hóa")]
    for section in sections:
        illustrated(make_articles(section, 2, prefix=section.title))  # each section keeps one beside the lead
    few = queries_for(client, "/")
    for section in sections:
        illustrated(make_articles(section, 4, prefix="Thêm " + section.title))
    assert queries_for(client, "/") == few
