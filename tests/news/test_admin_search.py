"""The admin's page search and page chooser fold diacritics as the readers' search does:
`doan` finds "Đoàn…", `hoi nghi` finds "Hội nghị…" (they found nothing: Wagtail's index kept
the marks and no database tokenizer folds đ)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from tests.factories import make_article, make_section


@pytest.fixture
def editor_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-dai"))
    return client


@pytest.fixture
def articles(home):
    section = make_section(home, "Tin tức - Sự kiện")
    make_article(section, "Đoàn thanh niên ra quân hè tình nguyện")
    make_article(section, "Hội nghị trực tuyến tại 56 điểm cầu")
    make_article(section, "Giá lúa tăng")


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("doan", "Đoàn thanh niên ra quân hè tình nguyện"),
        ("đoàn", "Đoàn thanh niên ra quân hè tình nguyện"),
        ("hoi nghi", "Hội nghị trực tuyến tại 56 điểm cầu"),
        ("Hội nghị", "Hội nghị trực tuyến tại 56 điểm cầu"),
        ("diem cau", "Hội nghị trực tuyến tại 56 điểm cầu"),
    ],
)
def test_admin_page_search_finds_titles_typed_without_diacritics(editor_client, articles, typed, title):
    response = editor_client.get("/admin/pages/search/", {"q": typed})
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert title in text
    assert "Giá lúa tăng" not in text


@pytest.mark.parametrize("typed", ["doan", "hoi nghi"])
def test_page_chooser_search_finds_titles_typed_without_diacritics(editor_client, articles, typed):
    response = editor_client.get("/admin/choose-page/search/", {"q": typed})
    assert response.status_code == 200
    html = response.json()["html"] if response["Content-Type"].startswith("application/json") else response.content
    text = BeautifulSoup(html, "html.parser").get_text(" ", strip=True)
    assert {"doan": "Đoàn thanh niên", "hoi nghi": "Hội nghị trực tuyến"}[typed] in text
    assert "Giá lúa tăng" not in text
