"""The back office as Chromium renders it after its JavaScript ran is Vietnamese too: the
sidebar, the dashboard, every tab of the article form with its rich text toolbar, and every
message of Wagtail's JavaScript catalog (autosave's "Saving…", the choosers, Draftail).
The server-rendered pages are walked by tests/admin/test_admin_vietnamese.py."""

import gettext
import io
import subprocess
from pathlib import Path

import pytest
import wagtail
from django.test import Client
from wagtail.rich_text import RichText

from tests.admin.english import english_phrases
from tests.browser.support import DEVICES, Pages
from tests.factories import ensure_home, make_article, make_section
from tests.support import installed

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]

WAGTAIL_JS_CATALOG = Path(wagtail.__file__).parent / "admin" / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"

# What a person reads or hears on the rendered page: the text shown, and the attributes of
# every element, the rich text toolbar's and the sidebar's included (they exist only after JS).
READABLE = """
() => {
  const texts = [document.body.innerText];
  for (const element of document.querySelectorAll("*")) {
    for (const name of ["title", "aria-label", "placeholder", "alt", "data-w-tooltip-content-value"]) {
      const value = element.getAttribute(name);
      if (value) texts.push(value);
    }
  }
  return texts.flatMap((text) => text.split("\\n"));
}
"""

# The date pickers' text, hidden parts included: jQuery datetimepicker writes its own.
PICKER_TEXTS = """
() => [...document.querySelectorAll(".xdsoft_datetimepicker")].flatMap((picker) => {
  const walker = document.createTreeWalker(picker, NodeFilter.SHOW_TEXT), texts = [];
  while (walker.nextNode()) texts.push(walker.currentNode.data);
  return texts;
})
"""


@pytest.fixture
def editor_pages(live_server, django_db_serialized_rollback):
    """The dashboard and an article's edit form, and a cookie of an editor of the
    "Biên tập viên" group, made before any browser starts."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    article = make_article(
        make_section(ensure_home(), "Tin tức - Sự kiện"),
        "Hội nghị trực tuyến tại 56 điểm cầu",
        body=[("paragraph", RichText("<p>Hội nghị được tổ chức tại 56 điểm cầu.</p>"))],
    )
    editor = get_user_model().objects.create_user("bientap", "bientap@example.vn", "mat-khau-dai")
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    article.save_revision(user=editor)
    client = Client()
    client.force_login(editor)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    return {
        "dashboard": f"{live_server.url}/admin/",
        "edit": f"{live_server.url}/admin/pages/{article.pk}/edit/",
        "cookie": cookie,
    }


@pytest.fixture
def open_admin(editor_pages, browser):  # data first: Playwright runs an event loop
    pages = Pages(browser, DEVICES, locale="vi-VN")
    yield lambda name: pages.open(editor_pages[name], "desktop", [editor_pages["cookie"]])
    pages.close()


def js_catalog_msgids() -> list[str]:
    """The messages of Wagtail's JavaScript catalog (its English source), singular forms."""
    msgfmt = installed("msgfmt", "gettext", "the JavaScript catalog's messages are read from Wagtail's .po")
    english = subprocess.run(["msgen", str(WAGTAIL_JS_CATALOG)], capture_output=True, check=True).stdout
    compiled = subprocess.run([msgfmt, "-o", "-", "-"], input=english, capture_output=True, check=True).stdout
    catalog = gettext.GNUTranslations(io.BytesIO(compiled))
    return sorted({key[0] if isinstance(key, tuple) else key for key in catalog._catalog if key})


def test_the_dashboard_and_its_menu_read_in_vietnamese_after_javascript(open_admin, artifacts):
    page = open_admin("dashboard")
    page.locator("[data-wagtail-sidebar] nav").first.wait_for()
    page.get_by_role("button", name="Trang").first.click()  # the page explorer's flyout, drawn by JS
    page.wait_for_timeout(500)
    page.screenshot(path=artifacts / "admin-dashboard-vi.png")
    assert english_phrases(page.evaluate(READABLE)) == []


def test_every_tab_of_the_article_form_reads_in_vietnamese_after_javascript(open_admin, artifacts):
    page = open_admin("edit")
    texts = []
    tabs = page.get_by_role("tab")
    for index in range(tabs.count()):
        tabs.nth(index).click()
        texts += page.evaluate(READABLE)
    pickers = page.evaluate(PICKER_TEXTS)
    assert "Lưu lựa chọn" in pickers, pickers  # the picker's own button, once "Save Selected"
    texts += pickers
    page.get_by_role("tab").first.click()
    page.locator(".Draftail-Editor [contenteditable=true]").first.wait_for()
    page.locator(".Draftail-Editor [contenteditable=true]").first.click()  # the toolbar shows on focus
    page.keyboard.type("/")  # and the block menu on "/"
    page.wait_for_timeout(300)
    texts += page.evaluate(READABLE)
    page.screenshot(path=artifacts / "admin-article-form-vi.png")
    assert english_phrases(texts) == []


def test_every_message_of_the_javascript_catalog_is_vietnamese(open_admin):
    page = open_admin("edit")
    msgids = js_catalog_msgids()
    untranslated = page.evaluate("ids => ids.filter((id) => !(id in window.django.catalog))", msgids)
    assert len(msgids) > 50
    assert english_phrases(untranslated) == []
    saving = page.evaluate("['Saving...', 'Autosave in progress…'].map((id) => window.gettext(id))")
    assert english_phrases(saving) == [], saving
