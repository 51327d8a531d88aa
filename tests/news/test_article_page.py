"""The reference article, imported from ../shared, renders every element the reference page shows."""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from congtin.core.models import OrganisationSettings
from tests.factories import make_article, make_section

FANPAGE = "https://www.facebook.com/congthongtinhoaphuong"


@pytest.fixture
def organisation(home):
    settings = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = "Cổng thông tin Thành phố Hoa Phượng"
    settings.facebook_url = FANPAGE
    settings.zalo_url = "https://zalo.me/congthongtinhoaphuong"
    settings.youtube_url = "https://www.youtube.com/@congthongtinhoaphuong"
    settings.save()
    return settings


@pytest.fixture
def article_page(client, seed_article, organisation):
    response = client.get(seed_article.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_article_page_is_vietnamese_and_semantic(article_page, seed_article):
    assert article_page.html["lang"] == "vi"
    assert article_page.find("meta", attrs={"name": "viewport"})
    assert article_page.select_one("main article h1").get_text(strip=True) == seed_article.title


def test_article_page_shows_vietnamese_weekday_date_and_time(article_page):
    time = article_page.select_one("time.article-date")
    assert time.get_text(strip=True) == "Thứ Sáu, 25/06/2021 22:00"
    assert time["datetime"] == "2021-06-25T22:00:00+07:00"


def test_article_page_offers_print_and_text_size_with_reset(article_page):
    tools = article_page.select_one(".article-tools")
    assert tools.select_one('[data-action="print"]').get_text(strip=True) == "In bài"
    sizes = {button["data-text-size"]: button.get_text(strip=True) for button in tools.select("[data-text-size]")}
    assert sizes == {"down": "A−", "reset": "Gốc", "up": "A+"}
    assert article_page.find("link", rel="stylesheet", media="print")


def test_article_page_shows_lead_captioned_photos_and_author(article_page):
    assert article_page.select_one(".article-lead").get_text(strip=True).startswith("Ngày 25/6, Thành đoàn Hải Phòng")
    figures = article_page.select(".article-body figure")
    captions = [figure.figcaption.get_text(strip=True) for figure in figures]
    assert captions == [
        "Các đại biểu dự tại điểm cầu Thành đoàn Hải Phòng.",
        "Hội nghị được kết nối đến 56 điểm cầu tại các Quận, Huyện đoàn, Đoàn trực thuộc.",
        "Đồng chí Đào Phú Thùy Dương, Bí thư Thành đoàn phát biểu tại Hội nghị.",
    ]
    for figure, caption in zip(figures, captions, strict=True):
        img = figure.find("img")
        assert img["alt"] == caption
        assert img["src"].startswith("/media/images/")
        assert "srcset" in img.attrs and img["width"] and img["height"]
    assert article_page.select_one(".article-author").get_text(strip=True) == "Hoàng Tùng"


def test_information_tools_show_source_and_a_qr_code_of_the_canonical_url(article_page):
    canonical = article_page.find("link", rel="canonical")["href"]
    assert (
        canonical
        == "http://testserver/tin-tuc-su-kien/gan-1-000-can-bo-doan-chu-chot-thanh-pho-tham-gia-hoi-nghi-truc-tuyen-hoc-tap/"
    )
    box = article_page.select_one(".info-tools")
    assert box.h2.get_text(strip=True) == "Tiện ích thông tin"
    assert box.dt.get_text(strip=True) == "Nguồn tin"
    assert box.dd.get_text(strip=True) == "Cổng tin tức Thành phố Hải Phòng"
    # What the QR code opens is read from screenshots and the print PDF: tests/browser/test_qr_scan.py
    assert box.select_one(".qr-article figcaption").get_text(strip=True).startswith("QR CODE: Gần 1.000 cán bộ")


def test_social_box_links_pages_and_shows_fanpage_qr(article_page):
    social = article_page.select_one(".social")
    assert social.h2.get_text(strip=True) == "Chúng tôi trên Mạng Xã hội"
    assert [a.get_text(strip=True) for a in social.select(".social-links a")] == ["Facebook", "Zalo", "YouTube"]
    assert social.select_one(".social-links a")["href"] == FANPAGE
    assert "Mã QR Code truy cập vào Fanpage" in social.select_one(".qr-fanpage figcaption").get_text()


def test_share_buttons_for_facebook_and_zalo(article_page):
    canonical = article_page.find("link", rel="canonical")["href"]
    facebook = article_page.select_one(".share a.share-facebook")
    assert facebook["href"].startswith("https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2F")
    assert article_page.select_one(".share .share-zalo")["data-url"] == canonical


def test_social_and_search_metadata(article_page, seed_article):
    canonical = article_page.find("link", rel="canonical")["href"]
    meta = {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in article_page.find_all("meta")
        if tag.get("content")
    }
    assert meta["og:title"] == seed_article.title
    assert meta["og:url"] == canonical
    assert meta["og:type"] == "article"
    assert meta["og:image"].startswith("http://testserver/media/images/")
    assert meta["twitter:card"] == "summary_large_image"
    data = json.loads(article_page.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == seed_article.title
    assert data["author"] == {"@type": "Person", "name": "Hoàng Tùng"}
    assert data["datePublished"] == "2021-06-25T22:00:00+07:00"
    assert data["mainEntityOfPage"] == canonical


def test_original_source_link_only_when_article_has_source_url(client, home):
    section = make_section(home, "Kinh tế")
    with_source = make_article(section, "Bài có nguồn", source_name="Báo Mẫu", source_url="https://example.vn/bai-goc")
    without = make_article(section, "Bài không nguồn")
    page = BeautifulSoup(client.get(with_source.url).content, "html.parser")
    assert page.find("a", string="Bài gốc")["href"] == "https://example.vn/bai-goc"
    assert page.select_one(".info-tools dd a")["href"] == "https://example.vn/bai-goc"
    page = BeautifulSoup(client.get(without.url).content, "html.parser")
    assert page.find("a", string="Bài gốc") is None


def test_other_news_lists_the_articles_published_just_before_in_the_same_section(client, home):
    news, economy = make_section(home, "Tin tức"), make_section(home, "Kinh tế")
    articles = [make_article(news, f"Tin số {i}", published_at=None) for i in range(10)]
    make_article(economy, "Tin kinh tế không được hiện")
    make_article(news, "Tin chưa xuất bản", live=False)
    newest_first = sorted(articles, key=lambda a: (a.published_at, a.pk), reverse=True)
    current = newest_first[1]
    page = BeautifulSoup(client.get(current.url).content, "html.parser")
    box = page.select_one(".other-news")
    assert box.h2.get_text(strip=True) == "Tin khác"
    titles = [a.get_text(strip=True) for a in box.select("li a")]
    assert titles == [a.title for a in newest_first[2:8]]
    # The oldest have fewer than six earlier ones: the ones just after them fill up the list.
    oldest = BeautifulSoup(client.get(newest_first[-1].url).content, "html.parser")
    assert [a.get_text(strip=True) for a in oldest.select(".other-news li a")] == [a.title for a in newest_first[-7:-1]]
    second = BeautifulSoup(client.get(newest_first[-2].url).content, "html.parser")
    assert [a.get_text(strip=True) for a in second.select(".other-news li a")] == [
        a.title for a in newest_first[-7:-2] + newest_first[-1:]
    ]
    alone = BeautifulSoup(client.get(make_article(economy, "Tin kinh tế mới").url).content, "html.parser")
    assert [a.get_text(strip=True) for a in alone.select(".other-news li a")] == ["Tin kinh tế không được hiện"]


def test_other_news_is_empty_only_when_the_section_has_no_other_article(client, home):
    only = make_article(make_section(home, "Tin tức"), "Tin duy nhất")
    make_article(make_section(home, "Kinh tế"), "Tin chuyên mục khác")
    page = BeautifulSoup(client.get(only.url).content, "html.parser")
    assert page.select_one(".other-news li").get_text(strip=True) == "Chưa có tin khác trong chuyên mục."


def test_unpublished_article_is_not_found(client, home):
    draft = make_article(make_section(home, "Tin tức"), "Bản nháp", live=False)
    assert client.get(f"/tin-tuc/{draft.slug}/").status_code == 404
