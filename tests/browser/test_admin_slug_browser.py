"""The slug an editor sees filled in while typing a title is congtin.vietnamese.slugify's, in
Chromium (Wagtail's own JavaScript gave "dja-nng" for "Đà Nẵng"). The server's side is
tests/news/test_admin_slugs.py."""

import sys
import unicodedata

import pytest
from django.test import Client

from congtin import vietnamese
from tests.browser.support import DEVICES, Pages
from tests.factories import ensure_home, make_section

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]

TITLES = {
    "Đà Nẵng": "da-nang",
    "Hội nghị trực tuyến tại 56 điểm cầu": "hoi-nghi-truc-tuyen-tai-56-diem-cau",
}


@pytest.fixture
def form_and_cookie(live_server, django_db_serialized_rollback):
    """The new article form's URL and a signed-in editor's cookie, made before any browser starts."""
    from django.contrib.auth import get_user_model

    section = make_section(ensure_home(), "Tin tức - Sự kiện")
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-dai"))
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    return f"{live_server.url}/admin/pages/add/news/articlepage/{section.pk}/", cookie


@pytest.fixture
def new_article_form(form_and_cookie, browser):
    """The new article form of a section, open in Chromium for a signed-in editor."""
    url, cookie = form_and_cookie
    pages = Pages(browser, DEVICES)
    yield pages.open(url, "desktop", [cookie])
    pages.close()


def test_the_slug_filled_in_as_an_editor_types_a_title_is_the_importers(new_article_form, artifacts):
    page = new_article_form
    title, slug = page.locator("#id_title"), page.locator("#id_slug")
    for typed, expected in TITLES.items():
        title.fill("")
        title.press_sequentially(typed, delay=20)
        page.wait_for_function("s => document.querySelector('#id_slug').value === s", arg=expected, timeout=5000)
        assert slug.input_value() == expected == vietnamese.slugify(typed)
    page.screenshot(path=artifacts / "admin-slug-new-article.png")


def test_a_slug_typed_in_the_slug_field_is_cleaned_the_same_way_when_it_loses_focus(new_article_form):
    page = new_article_form
    page.get_by_role("tab", name="Quảng bá").click()
    slug = page.locator("#id_slug")
    slug.fill("Hội nghị Đà Nẵng")
    slug.blur()
    assert slug.input_value() == "hoi-nghi-da-nang"
    slug.fill("bai-da-co-dia-chi_2025")
    slug.blur()
    assert slug.input_value() == vietnamese.clean_slug("bai-da-co-dia-chi_2025") == "bai-da-co-dia-chi-2025"


def every_character() -> list[int]:
    """Every code point Python's Unicode database assigns, outside surrogates and private use."""
    return [code for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) not in ("Cn", "Cs", "Co")]


def test_the_browsers_slugify_equals_pythons_for_every_character_and_some_titles(new_article_form):
    """Between two letters, each character is dropped, kept as a letter or becomes a hyphen the
    same way in both; and whole titles (decomposed, too long, punctuated) come out alike."""
    codes = every_character()
    texts = [
        *TITLES,
        unicodedata.normalize("NFD", "Đảng bộ Thành phố lần thứ XVI"),
        "Hội nghị " * 20,
        "COVID-19: 2.500 ca/ngày — “kỷ lục” (Hà Nội)",
        "  ---Ông Nguyễn Văn A_đại biểu---  ",
        "Tiếng Việt có dấu: ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự ỳ ý ỷ ỹ ỵ",
        "Ǆemal Ⅻ ﬁnal Ωmega Kelvin K Å İstanbul",
    ]
    in_browser = new_article_form.evaluate(
        """([codes, texts]) => ({
            characters: codes.map(c => window.congtin.slugify("a" + String.fromCodePoint(c) + "b")),
            texts: texts.map(t => window.congtin.slugify(t)),
        })""",
        [codes, texts],
    )
    in_python = [vietnamese.slugify(f"a{chr(code)}b") for code in codes]
    pairs = zip(codes, in_python, in_browser["characters"], strict=True)
    differ = {hex(code): (python, chromium) for code, python, chromium in pairs if python != chromium}
    assert differ == {}
    assert in_browser["texts"] == [vietnamese.slugify(text) for text in texts]
