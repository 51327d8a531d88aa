"""Whole-page cache for anonymous readers: kept, served, and purged the moment a change
commits, so a reader never sees a page that an editor's action made stale."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from congtin.news.importer import import_file
from congtin.news.search_entries import index_articles
from congtin.pagecache import store
from tests.factories import make_article, make_section


def titles(response, selector="a"):
    return [a.get_text(strip=True) for a in BeautifulSoup(response.content, "html.parser").select(selector)]


def directives(response):
    return set(response["Cache-Control"].split(", "))


def warm(client, *urls):
    """Readers have opened these pages: each is now in the cache."""
    for url in urls:
        assert client.get(url).status_code == 200
        assert store.get_page(url) is not None, f"{url} was not kept"


@pytest.fixture
def news(home):
    section = make_section(home, "Tin tức")
    now = timezone.now()
    older = make_article(section, "Hội nghị cán bộ Đoàn chủ chốt", published_at=now - timedelta(hours=2))
    newer = make_article(section, "Tuổi trẻ ra quân mùa hè xanh", published_at=now - timedelta(hours=1))
    return section, older, newer


@pytest.mark.parametrize(
    "url, seconds",
    [
        ("/", "600"),
        ("/tin-tuc/", "600"),
        ("article", "600"),
        ("/rss/", "600"),
        ("/sitemap.xml", "600"),
        ("/tim-kiem/?q=hoi+nghi", "60"),
    ],
)
def test_reader_pages_are_kept_for_nginx_and_shared_by_all_readers(client, news, url, seconds):
    url = news[1].url if url == "article" else url
    response = client.get(url)
    assert response["X-Accel-Expires"] == seconds  # tagged pages long, search results briefly
    assert directives(response) == {"public", "max-age=0", "must-revalidate"}
    assert "Cookie" not in response.get("Vary", "") and "Accept-Language" not in response.get("Vary", "")
    assert not response.cookies


def test_a_published_edit_reaches_readers_at_once(client, news):
    section, older, newer = news
    warm(client, older.url, newer.url, section.url, "/", "/rss/")
    older.title = "Hội nghị cán bộ Đoàn chủ chốt thành phố (cập nhật)"
    older.save_revision().publish()
    assert "(cập nhật)" in client.get(older.url).content.decode()
    assert older.title in titles(client.get(section.url), ".card-title a")
    assert older.title in titles(client.get("/"), ".card-title a")
    assert older.title in titles(client.get(newer.url), ".other-news a")  # "Tin khác" of the next one
    assert older.title in client.get("/rss/").content.decode()


def test_a_new_article_appears_in_its_section_and_on_the_home_page_at_once(client, news):
    section, older, newer = news
    warm(client, section.url, "/", "/rss/", "/sitemap.xml")
    fresh = make_article(section, "Khai mạc Ngày hội việc làm", live=False)
    fresh.save_revision().publish()
    assert fresh.title in titles(client.get(section.url), ".card-title a")
    assert fresh.title in titles(client.get("/"), ".card-title a")
    assert fresh.title in client.get("/rss/").content.decode()


def test_a_backdated_import_enters_the_other_news_of_the_article_after_it(client, news, tmp_path):
    section, older, newer = news
    warm(client, newer.url, "/")
    record = {
        "id": "nhap-1",
        "title": "Bài nhập giữa hai bài",
        "section": section.title,
        "lead": "Sa-pô.",
        "body": "<p>Nội dung.</p>",
        "published_at": (older.published_at + timedelta(minutes=30)).isoformat(),
    }
    source = tmp_path / "import.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert import_file(source, home=section.get_parent().specific).errors == []
    assert titles(client.get(newer.url), ".other-news a")[0] == "Bài nhập giữa hai bài"
    assert "Bài nhập giữa hai bài" in titles(client.get("/"), ".card-title a")


def test_a_new_article_enters_the_other_news_of_the_oldest_articles_at_once(client, news):
    section, older, newer = news
    assert titles(client.get(older.url), ".other-news a") == [newer.title]  # filled up with newer ones
    fresh = make_article(section, "Khai mạc Ngày hội việc làm", live=False)
    fresh.save_revision().publish()
    assert titles(client.get(older.url), ".other-news a") == [fresh.title, newer.title]
    assert titles(client.get(newer.url), ".other-news a") == [fresh.title, older.title]


def test_a_backdated_article_enters_and_pushes_one_out_of_the_oldest_articles_other_news(client, home):
    section = make_section(home, "Tin tức")
    start = timezone.now() - timedelta(days=1)
    articles = [make_article(section, f"Tin số {i}", published_at=start + timedelta(hours=i)) for i in range(8)]
    oldest, last_listed = articles[0], articles[6]
    assert last_listed.title in titles(client.get(oldest.url), ".other-news a")
    backdated = make_article(section, "Tin đăng bù", live=False, published_at=start + timedelta(minutes=150))
    backdated.save_revision().publish()
    shown = titles(client.get(oldest.url), ".other-news a")
    assert "Tin đăng bù" in shown and last_listed.title not in shown
    assert "Tin đăng bù" in titles(client.get(articles[2].url), ".other-news a")  # just after it


def test_an_unpublished_article_leaves_the_other_news_of_the_oldest_articles(client, home):
    section = make_section(home, "Tin tức")
    start = timezone.now() - timedelta(days=1)
    articles = [make_article(section, f"Tin số {i}", published_at=start + timedelta(hours=i)) for i in range(8)]
    oldest = articles[0]
    assert titles(client.get(oldest.url), ".other-news a")[-1] == articles[1].title
    articles[1].unpublish()
    shown = titles(client.get(oldest.url), ".other-news a")
    assert articles[1].title not in shown and shown[0] == articles[7].title  # the next one moves up


def test_an_unpublished_article_disappears_everywhere_at_once(client, news, home):
    section, older, newer = news
    elsewhere = make_section(home, "Văn hóa")
    kin = make_article(elsewhere, "Hội nghị cán bộ Đoàn các quận")
    index_articles([older, newer, kin])
    assert older.title in titles(client.get(kin.url), ".related-news a")  # "Tin liên quan"
    warm(client, older.url, newer.url, kin.url, section.url, "/", "/rss/", "/sitemap-bai-viet.xml")
    older.unpublish()
    assert client.get(older.url).status_code == 404
    assert older.title not in titles(client.get(section.url))
    assert older.title not in titles(client.get("/"))
    assert older.title not in titles(client.get(newer.url), ".other-news a")
    assert older.title not in titles(client.get(kin.url), ".related-news a")
    assert older.slug not in client.get("/sitemap-bai-viet.xml").content.decode()
    assert older.title not in client.get("/rss/").content.decode()


def test_a_moved_article_leaves_its_old_address_and_section(client, news, home):
    section, older, newer = news
    culture = make_section(home, "Văn hóa")
    old_url = older.url
    warm(client, old_url, section.url, culture.url, newer.url)
    older.move(culture, pos="last-child")
    older.refresh_from_db()
    moved = client.get(old_url)  # Wagtail keeps a redirect from the old address
    assert moved.status_code == 301 and moved["Location"] == older.url
    assert client.get(older.url).status_code == 200
    assert older.title not in titles(client.get(section.url))
    assert older.title in titles(client.get(culture.url), ".card-title a")
    assert older.title not in titles(client.get(newer.url), ".other-news a")


def test_a_deleted_article_is_gone_at_once(client, news):
    section, older, newer = news
    url = older.url
    warm(client, url, section.url, newer.url)
    older.delete()
    assert client.get(url).status_code == 404
    assert older.title not in titles(client.get(section.url))
    assert older.title not in titles(client.get(newer.url), ".other-news a")


@pytest.fixture
def editor(db):
    """A signed-in editor with the pass a sign-in gives (the back office hands it to a session without one)."""
    editor = Client()
    editor.force_login(get_user_model().objects.create_superuser("bientap", "b@example.vn", "mat-khau-dai"))
    assert editor.get("/admin/").status_code == 200
    return editor


def test_editors_are_never_served_a_cached_page_nor_leave_theirs_for_readers(client, editor, news):
    url = news[0].url
    reader_page = client.get(url)
    assert store.get_page(url) is not None
    assert b"wagtail-userbar" not in reader_page.content
    editor_page = editor.get(url)
    assert b"wagtail-userbar" in editor_page.content  # rendered for the editor, not the reader's copy
    assert directives(editor_page) == {"no-cache", "private"}
    assert not editor_page.has_header("X-Accel-Expires")
    store.forget([url])
    editor.get(url)
    assert store.get_page(url) is None  # an editor's page is never kept
    assert b"wagtail-userbar" not in client.get(url).content


def test_drafts_and_previews_never_reach_readers(client, editor, news):
    article = news[0]
    warm(client, article.url)
    article.title = "Tiêu đề bản nháp chưa duyệt"
    article.save_revision()  # a draft, not published
    draft = editor.get(f"/admin/pages/{article.pk}/view_draft/")
    assert draft.status_code == 200 and "Tiêu đề bản nháp chưa duyệt" in draft.content.decode()
    assert "private" in draft["Cache-Control"] and not draft.has_header("X-Accel-Expires")
    assert store.get_page(f"/admin/pages/{article.pk}/view_draft/") is None
    assert "Tiêu đề bản nháp chưa duyệt" not in client.get(article.url).content.decode()


def test_the_bypass_header_renders_afresh_and_keeps_nothing(client, news):
    url = news[0].url
    response = client.get(url, HTTP_X_CACHE_BYPASS="1")
    assert response.status_code == 200 and response["ETag"]
    assert not response.has_header("X-Accel-Expires")
    assert store.get_page(url) is None


def test_a_kept_page_answers_304_to_a_reader_who_has_it(client, news):
    url = news[0].url
    etag = client.get(url)["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""


def test_site_wide_changes_reach_every_page_at_once(client, news, home):
    from congtin.core.models import OrganisationSettings

    section, older, newer = news
    warm(client, older.url, section.url, "/")
    site = home.get_site()
    organisation = OrganisationSettings.for_site(site)
    organisation.name = "Cổng thông tin Quận Hồng Bàng"
    organisation.save()
    section.title = "Thời sự"
    section.save_revision().publish()
    for url in (older.url, section.url, "/"):
        page = client.get(url).content.decode()
        assert "Cổng thông tin Quận Hồng Bàng" in page, url
        assert "Thời sự" in titles(client.get(url), ".site-nav a"), url


def test_readers_pages_leave_gzipped_with_their_length_and_editors_pages_do_not(client, editor, news):
    import gzip

    url = news[0].url
    for _ in range(2):  # rendered, then from the cache
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response["Content-Encoding"] == "gzip"
        assert int(response["Content-Length"]) == len(response.content)
        assert news[0].title in gzip.decompress(response.content).decode()
        assert "Accept-Encoding" in response["Vary"]
    assert news[0].title in client.get(url).content.decode()  # a client without gzip
    assert not editor.get(url, HTTP_ACCEPT_ENCODING="gzip").has_header("Content-Encoding")


def test_publishing_makes_the_photos_renditions_so_no_reader_waits_for_them(client, news, tmp_path):
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model
    from wagtail.images.models import Rendition

    from congtin.demo.images import placeholder_photo

    path = placeholder_photo(tmp_path / "anh.jpg", "Ảnh")
    with path.open("rb") as handle:
        photo = get_image_model().objects.create(title="Ảnh", file=ImageFile(handle, name="anh.jpg"))
    article = news[1]
    article.image = photo
    article.body = [("image", {"image": photo, "caption": "Chú thích ảnh", "alt": ""})]
    article.save_revision().publish()
    made = Rendition.objects.filter(image=photo).count()
    assert made >= 19  # the card's 9, the body photo's 9, the social image
    for url in (article.url, news[0].get_parent().url, "/"):
        assert client.get(url, HTTP_X_CACHE_BYPASS="1").status_code == 200
    assert Rendition.objects.filter(image=photo).count() == made  # the pages made none
