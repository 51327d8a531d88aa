"""The editorial back office (Wagtail admin) speaks Vietnamese and edits articles."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from tests.factories import make_article, make_section


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-dai")
    client.force_login(user)
    return client


def visible_text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_admin_sign_in_page_is_vietnamese(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    text = visible_text(response)
    assert "Đăng nhập" in text
    assert "Sign in" not in text


def test_admin_dashboard_and_menu_are_vietnamese(editor_client, home):
    text = visible_text(editor_client.get("/admin/"))
    for english in ("Dashboard", "Pages", "Images", "Documents", "Settings", "Reports"):
        assert english not in text.split(), english


def test_the_back_office_loads_no_avatar_from_outside(editor_client, home):
    """Gravatar is unreachable on a closed network and would learn editors' e-mail hashes."""
    page = BeautifulSoup(editor_client.get("/admin/").content, "html.parser")
    avatars = [img["src"] for img in page.select("img") if "avatar" in " ".join(img.get("class", [])) + img["src"]]
    assert avatars, "the account menu shows an avatar"
    assert all(src.startswith("/") and not src.startswith("//") for src in avatars), avatars


def test_editor_can_open_the_article_form_in_vietnamese(editor_client, home):
    section = make_section(home, "Kinh tế")
    response = editor_client.get(f"/admin/pages/add/news/articlepage/{section.pk}/")
    assert response.status_code == 200
    text = visible_text(response)
    for label in ("Sa-pô", "Nội dung", "Tác giả", "Nguồn tin", "Địa chỉ bài gốc", "Thời gian đăng", "Từ khóa"):
        assert label in text


def test_editor_sees_and_edits_an_imported_article(editor_client, home):
    article = make_article(make_section(home, "Kinh tế"), "Giá lúa tăng", author="Thu Hà")
    response = editor_client.get(f"/admin/pages/{article.pk}/edit/")
    assert response.status_code == 200
    assert "Thu Hà" in response.content.decode()
