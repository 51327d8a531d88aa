"""The pages a visitor meets when something goes wrong are in Vietnamese and say what to do:
a bad request (400), no permission (403), a form that failed its CSRF check (403), too many
requests (429, also a file nginx serves alone) and a crash (500)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import Client, override_settings

from congtin.core.inline_assets import csp_hash, source
from tests.conferences.support import add_bridge_points, dashboard_url, make_conference, page_url
from tests.core.test_security_headers import assert_policy_allows_the_page

ENGLISH = ("Forbidden", "Bad Request", "CSRF verification failed", "Server Error", "Too Many Requests")


def assert_vietnamese_page(response_or_html, title: str) -> BeautifulSoup:
    html = response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()
    page = BeautifulSoup(html, "html.parser")
    assert page.html["lang"] == "vi"
    assert page.h1.get_text(strip=True) == title
    assert page.title.get_text().startswith(title)
    assert not any(word in html for word in ENGLISH), "an English error text"
    assert page.find("a", href="/"), "no way back to the home page"
    return page


def test_a_form_that_fails_its_csrf_check_gets_a_vietnamese_403(db):
    point = add_bridge_points(make_conference(), 1)[0]
    browser = Client(enforce_csrf_checks=True)  # a browser that lost its CSRF cookie

    response = browser.post(page_url(point, "cau-hoi/"), {"text": "Xin hỏi về lịch họp?", "asked_by": "Đoàn viên"})

    assert response.status_code == 403
    page = assert_vietnamese_page(response, "Không gửi được biểu mẫu")
    assert "tải lại trang" in page.main.get_text()
    assert_policy_allows_the_page(response)


def test_a_request_with_a_bad_host_header_gets_a_vietnamese_400(db):
    with override_settings(ALLOWED_HOSTS=["tin.example.vn"]):
        response = Client().get("/", HTTP_HOST="ke-gia-mao.example")

    assert response.status_code == 400
    assert_vietnamese_page(response, "Yêu cầu không hợp lệ")
    assert_policy_allows_the_page(response)  # its inline style, by hash


def test_a_signed_in_user_without_permission_gets_a_vietnamese_403(client, db):
    conference = make_conference()
    client.force_login(get_user_model().objects.create_user("phongvien", "pv@example.vn", "mat-khau-dai-du"))

    response = client.get(dashboard_url(conference))

    assert response.status_code == 403
    assert_vietnamese_page(response, "Không có quyền truy cập")


def test_a_crash_gets_the_vietnamese_500_page(db, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("congtin.core.views.reverse", crash)  # robots.txt now fails
    response = Client(raise_request_exception=False).get("/robots.txt")

    assert response.status_code == 500
    assert_vietnamese_page(response, "Đã có lỗi xảy ra")
    assert_policy_allows_the_page(response)


@pytest.mark.parametrize(
    ("template", "title"),
    [("400.html", "Yêu cầu không hợp lệ"), ("429.html", "Quá nhiều yêu cầu"), ("500.html", "Đã có lỗi xảy ra")],
)
def test_standalone_error_pages_render_with_an_empty_context(template, title):
    """No request and no database: Django renders 400 and 500 so, and nginx serves 429.html
    as a file. Everything the page needs is in it: its style is inline, nothing is fetched."""
    html = render_to_string(template, {})

    page = assert_vietnamese_page(html, title)
    assert "{%" not in html and "{{" not in html
    assert page.find_all(["link", "script", "img", "iframe"]) == []
    assert page.style.string == source("error-page.css")
    assert page.find(class_="code").get_text() == f"Mã lỗi: {template[:3]}"


def test_the_standalone_style_is_allowed_by_the_policy(settings):
    assert csp_hash(source("error-page.css")) in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]
