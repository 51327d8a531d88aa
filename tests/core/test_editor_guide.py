"""The project's editor guide (docs/editors.md) is in the back office's help menu, in place of
Wagtail's English guide on wagtail.org."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from congtin.core.editor_guide import render_markdown


@pytest.fixture
def editor_client(client, db):
    """A reporter: back-office access, nothing more."""
    user = get_user_model().objects.create_user("phongvien", "pv@example.vn", "mat-khau-dai")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    return client


def test_the_help_menu_links_to_the_portals_editor_guide_and_not_to_wagtail_org(editor_client, home):
    page = BeautifulSoup(editor_client.get("/admin/").content, "html.parser")
    menu = json.dumps(json.loads(page.select_one("#wagtail-sidebar-props").string), ensure_ascii=False)

    assert "Hướng dẫn biên tập" in menu
    assert "/admin/huong-dan-bien-tap/" in menu
    assert "guide.wagtail.org" not in menu and "wagtail.org/releases" not in menu


def test_the_editor_guide_page_shows_docs_editors_md(editor_client, home):
    response = editor_client.get("/admin/huong-dan-bien-tap/")

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    guide = page.select_one("article.editor-guide")
    assert guide.select_one("h1").get_text() == "Hướng dẫn nhanh cho biên tập viên"
    assert "Viết một bài" in [h2.get_text() for h2 in guide.select("h2")]
    assert guide.select("ol li") and guide.select("ul li strong")
    assert "**" not in guide.get_text()
    assert page.title.get_text(strip=True).startswith("Hướng dẫn biên tập")
    header = [item.get_text(strip=True) for item in page.select(".w-breadcrumbs li")]
    assert header == ["Trang chủ", "Hướng dẫn biên tập"]  # it named only the dashboard


def test_the_editor_guide_needs_a_back_office_account(client, db):
    response = client.get("/admin/huong-dan-bien-tap/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_guide_renders_the_markdown_docs_use_and_escapes_the_rest():
    html = render_markdown(
        "# Tiêu đề\n\nMột **đậm** và `mã` và [trang](https://example.vn/) và [tệp](operators.md)\n"
        "dòng nối <script>x</script>\n\n- mục một\n  tiếp\n  1. con\n- mục hai\n\n"
        "| a | b |\n| --- | --- |\n| `1` | 2 |\n"
    )
    page = BeautifulSoup(html, "html.parser")
    assert page.h1.get_text() == "Tiêu đề"
    paragraph = page.p
    assert paragraph.strong.get_text() == "đậm" and paragraph.code.get_text() == "mã"
    assert [(a["href"], a.get_text()) for a in page.find_all("a")] == [("https://example.vn/", "trang")]
    assert "và tệp" in paragraph.get_text()  # a file of the repository: its name, no dead link
    assert page.find("script") is None and "<script>x</script>" in paragraph.get_text()  # shown, not run
    items = page.ul.find_all("li", recursive=False)
    assert [item.contents[0].strip() for item in items] == ["mục một\ntiếp", "mục hai"]
    assert items[0].ol.li.get_text() == "con"
    assert [cell.get_text() for cell in page.table.find_all(["th", "td"])] == ["a", "b", "1", "2"]
