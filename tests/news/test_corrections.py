"""Corrections ("Đính chính"): an editor adds a dated note to a published article through the
article's admin form; once published, readers find it at the top of the article (with the
Vietnamese date), in the article's dateModified, and in the public archive /dinh-chinh/,
through the page cache. A draft's note shows nowhere; an unpublished article leaves the archive."""

import re
from datetime import datetime, timedelta

import extruct
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from congtin import vietnamese
from congtin.news.models import ArticleCorrection, ArticlePage
from tests.factories import make_article, make_section

TEXT = "Bài viết đã ghi nhầm số điểm cầu là 65, nay sửa lại là 56."
WHEN = timezone.make_aware(datetime(2026, 6, 25, 22, 0))  # the site's zone: Asia/Ho_Chi_Minh; past


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-dai")


@pytest.fixture
def article(home):
    return make_article(make_section(home, "Thời sự"), "Hội nghị trực tuyến 56 điểm cầu")


def edit_form(article: ArticlePage, corrections: list[dict], *, publish: bool = True) -> dict:
    """The article's edit form as an editor sends it, with these corrections in its inline panel."""
    fields = {
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "body": streamfield([]),
        "author": "",
        "source_name": "",
        "source_url": "",
        "published_at": timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M"),
        "expire_at": "",
        "image": "",
        "tags": "",
        "comments": inline_formset([]),
        "corrections": inline_formset(
            [{"id": "", "ORDER": str(number), **correction} for number, correction in enumerate(corrections)]
        ),
    }
    if publish:
        fields["action-publish"] = "action-publish"
    return nested_form_data(fields)


def typed(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def post_edit(client, editor, article, corrections, *, publish=True):
    client.force_login(editor)
    response = client.post(f"/admin/pages/{article.pk}/edit/", edit_form(article, corrections, publish=publish))
    client.logout()
    return response


def correct_in_admin(client, editor, article, text=TEXT, when=WHEN, *, publish=True):
    response = post_edit(client, editor, article, [{"text": text, "corrected_at": typed(when)}], publish=publish)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def parse(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def box(client, article):
    return parse(client.get(article.url)).find("section", class_="article-corrections")


def archive_entries(client, url="/dinh-chinh/") -> list[tuple[str, str, str]]:
    """(article title, its link, the correction's text) as a reader reads the archive."""
    page = parse(client.get(url))
    return [
        (entry.h2.a.get_text(), entry.h2.a["href"], entry.find(class_="correction-text").get_text())
        for entry in page.select("li.correction")
    ]


def test_a_correction_added_in_the_admin_shows_dated_at_the_top_of_the_article(client, editor, article):
    client.get(article.url)  # the page as it was is in the cache: publishing must purge it
    correct_in_admin(client, editor, article)
    found = box(client, article)
    assert found is not None
    assert found.h2.get_text() == "Đính chính"
    time = found.find("time")
    assert time.get_text() == "Thứ Năm, 25/06/2026 22:00" == vietnamese.format_datetime(timezone.localtime(WHEN))
    assert time["datetime"] == "2026-06-25T22:00:00+07:00"
    assert TEXT in found.get_text()
    # Where a reader meets it: after the lead, before the body.
    text = parse(client.get(article.url)).find(class_="article-text")
    assert [child.name for child in text.find_all(recursive=False)][:2] == ["p", "section"]
    assert ArticleCorrection.objects.get().added_by == editor
    # Printed with the article: neither the box nor anything around it has a class print.css hides.
    print_css = (settings.BASE_DIR / "congtin/static/css/print.css").read_text()
    hidden = {
        name
        for rule in re.findall(r"([^{}]*)\{[^}]*display:\s*none", print_css)
        for name in re.findall(r"\.([\w-]+)", rule)
    }
    assert "no-print" in hidden
    assert not [element for element in [found, *found.parents] if hidden & set(element.get("class") or [])]


def test_the_article_date_modified_follows_its_newest_correction(client, editor, article):
    correct_in_admin(client, editor, article)
    response = client.get(article.url)
    items = extruct.extract(response.content.decode(), base_url="http://testserver/", syntaxes=["json-ld"])["json-ld"]
    [news] = [item for item in items if item["@type"] == "NewsArticle"]
    assert news["dateModified"] == "2026-06-25T22:00:00+07:00"
    modified = parse(response).find("meta", property="article:modified_time")["content"]
    assert modified == "2026-06-25T22:00:00+07:00"


def test_corrections_are_listed_newest_first(client, editor, article):
    earlier = timezone.make_aware(datetime(2026, 6, 20, 8, 5))
    response = post_edit(
        client,
        editor,
        article,
        [{"text": "Sửa lần đầu.", "corrected_at": typed(earlier)}, {"text": TEXT, "corrected_at": typed(WHEN)}],
    )
    assert response.status_code == 302
    items = box(client, article).find_all("li")
    assert [item.time.get_text() for item in items] == ["Thứ Năm, 25/06/2026 22:00", "Thứ Bảy, 20/06/2026 08:05"]
    assert [text for _, _, text in archive_entries(client)] == [TEXT, "Sửa lần đầu."]


def test_the_archive_lists_the_correction_with_a_working_link(client, editor, article, home):
    assert archive_entries(client) == []  # kept in the cache: publishing must purge it
    correct_in_admin(client, editor, article)
    [(title, link, text)] = archive_entries(client)
    assert (title, text) == (article.title, TEXT)
    assert article.title in parse(client.get(link)).h1.get_text()
    assert "Thứ Năm, 25/06/2026 22:00" in client.get("/dinh-chinh/").content.decode()
    # Linked from every page's footer.
    footer = parse(client.get("/")).find("footer")
    assert footer.find("a", string="Đính chính")["href"] == "/dinh-chinh/"


def test_a_draft_correction_shows_nowhere(client, editor, article):
    correct_in_admin(client, editor, article, publish=False)
    assert box(client, article) is None
    assert TEXT not in client.get(article.url).content.decode()
    assert archive_entries(client) == []


def test_an_unpublished_article_leaves_the_archive(client, editor, article):
    correct_in_admin(client, editor, article)
    assert len(archive_entries(client)) == 1  # now in the cache
    ArticlePage.objects.get(pk=article.pk).unpublish()
    assert archive_entries(client) == []


@pytest.mark.parametrize(
    "text, message",
    [
        ("   ", "Trường này là bắt buộc."),
        ("Sai " * 600, "Giá trị này chỉ có tối đa 2000 kí tự (hiện có 2399)"),
        ("Sửa\x00lại", "Không được dùng ký tự rỗng (null)."),
    ],
    ids=["empty", "too-long", "nul"],
)
def test_bad_correction_text_gets_a_vietnamese_form_error(client, editor, article, text, message):
    response = post_edit(client, editor, article, [{"text": text, "corrected_at": typed(WHEN)}])
    assert response.status_code == 200  # the form again, with the error beside the field
    assert message in response.content.decode()
    assert not ArticleCorrection.objects.exists()
    assert box(client, article) is None


def test_a_correction_dated_in_the_future_is_refused(client, editor, article):
    response = post_edit(
        client, editor, article, [{"text": TEXT, "corrected_at": typed(timezone.now() + timedelta(days=1))}]
    )
    assert response.status_code == 200
    assert "Thời điểm đính chính không được ở tương lai." in response.content.decode()
    assert not ArticleCorrection.objects.exists()


def test_archive_pages_like_a_section(client, home, article):
    ArticleCorrection.objects.bulk_create(
        ArticleCorrection(page=article, text=f"Đính chính số {number}", corrected_at=WHEN.replace(minute=number))
        for number in range(25)
    )
    first, second = archive_entries(client), archive_entries(client, "/dinh-chinh/?page=2")
    assert len(first) == 20 and len(second) == 5
    assert first[0][2] == "Đính chính số 24" and second[-1][2] == "Đính chính số 0"
    for bad in ("abc", "0", "3", "-1"):
        assert client.get(f"/dinh-chinh/?page={bad}").status_code == 404


def test_an_empty_archive_says_so_without_a_numbered_list(client, home):
    page = BeautifulSoup(client.get("/dinh-chinh/").content, "html.parser")
    assert page.select("ol.corrections-archive li") == []
    assert "Chưa có đính chính nào." in page.select_one("main").get_text()
