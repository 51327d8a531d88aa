"""Slugs in the back office are congtin.vietnamese's, whatever sends them: the admin form
(typed, or tampered with), or code that makes a page. The browser's side is
tests/browser/test_admin_slug_browser.py."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from congtin import vietnamese
from congtin.news.models import ArticlePage, SectionPage
from tests.factories import make_article, make_section
from tests.support import article_form

TITLE = "Hội nghị trực tuyến tại 56 điểm cầu"


@pytest.fixture
def editor_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-dai"))
    return client


@pytest.fixture
def section(home):
    return make_section(home, "Kinh tế")


def form_errors(response) -> str:
    form = response.context and response.context.get("form")
    return f"{response.status_code}: {form.errors.as_json() if form else response.content[:300]!r}"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("da-nang", "da-nang"),
        ("Đà Nẵng", "da-nang"),
        ("đà-nẵng", "da-nang"),  # a Unicode slug passes Wagtail's own slug field
        ("Hoi_Nghi  2025", "hoi-nghi-2025"),
        ("-da-nang-", "da-nang"),
        ("bai-" + "dai-" * 30 + "qua", "bai-" + "dai-" * 30 + "qua"),  # already a slug: kept whole
    ],
)
def test_clean_slug_keeps_a_slug_and_makes_anything_else_one(typed, kept):
    assert vietnamese.clean_slug(typed) == kept


def test_a_slug_typed_with_diacritics_in_the_admin_form_is_saved_folded(editor_client, section):
    response = editor_client.post(
        f"/admin/pages/add/news/articlepage/{section.pk}/", article_form(TITLE, slug="Hội nghị Đà Nẵng")
    )

    assert response.status_code == 302, form_errors(response)
    article = ArticlePage.objects.get(title=TITLE)
    assert article.slug == "hoi-nghi-da-nang"
    assert editor_client.get(article.url).status_code == 200  # a reader follows /kinh-te/hoi-nghi-da-nang/
    assert article.url.endswith("/kinh-te/hoi-nghi-da-nang/")


def test_a_section_made_in_the_admin_gets_the_same_slugs(editor_client, home):
    fields = {
        "title": "Đà Nẵng",
        "slug": "Đà Nẵng",
        "intro": rich_text(""),
        "comments": inline_formset([]),
        "featured_choices": inline_formset([]),  # "Tin nổi bật" (congtin.news.choices), none chosen
    }
    data = nested_form_data(fields)
    response = editor_client.post(f"/admin/pages/add/news/sectionpage/{home.pk}/", data)

    assert response.status_code == 302, form_errors(response)
    assert SectionPage.objects.get(title="Đà Nẵng").slug == "da-nang"


def test_a_page_made_in_code_gets_the_slug_the_admin_would_give(section):
    given = section.add_child(instance=ArticlePage(title="Đoàn thanh niên", slug="Đà Nẵng mới"))
    from_title = section.add_child(instance=ArticlePage(title="Đoàn thanh niên Đà Nẵng"))

    assert given.slug == "da-nang-moi"
    assert from_title.slug == "doan-thanh-nien-da-nang"


def test_saving_an_article_again_keeps_its_published_slug_even_past_the_cut(section):
    long_slug = "-".join(["hoi-nghi"] * 15)  # 134 characters: made before slugs were cut at 80
    article = make_article(section, "Hội nghị", slug=long_slug)
    article.lead = "Sửa sa-pô."
    article.save_revision().publish()

    article.refresh_from_db()
    assert article.slug == long_slug


def test_a_taken_slug_is_a_vietnamese_form_error(editor_client, section):
    make_article(section, "Đà Nẵng", slug="da-nang")

    response = editor_client.post(
        f"/admin/pages/add/news/articlepage/{section.pk}/", article_form("Đà Nẵng mới", slug="Đà Nẵng")
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["slug"]
    assert errors == [
        "Đường dẫn “da-nang” đã thuộc về trang “Đà Nẵng” trong mục này, có thể vừa được lưu tự động. "
        "Mở trang đó trong danh sách để sửa tiếp; nếu là một bài khác, hãy đổi đường dẫn."
    ]
    assert ArticlePage.objects.filter(slug="da-nang").count() == 1
