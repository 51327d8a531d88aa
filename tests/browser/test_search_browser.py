"""The search boxes in a real browser (Debian's Chromium through Playwright), as a reader uses them:
typing a bare query in the header box lists matching titles after three characters, the keys
and a tap choose one, Escape and leaving the box close the list, the form still searches
with JavaScript off, and axe-core finds nothing on the search page, list open or not.
Screenshots go to artifacts/browser/."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from congtin.search import service
from tests.browser.support import LAPTOP, PHONE, Pages
from tests.factories import make_article, make_section
from tests.quality.support import node_module_file, nu_errors
from tests.quality.test_accessibility_browser import axe_violations
from tests.support import installed

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]

WIDTHS = {"phone": PHONE, "desktop": LAPTOP}
TYPED = "hoi nghi truc"  # bare, as readers type
LISTBOX = ".site-search [role=listbox]"


@pytest.fixture
def site(live_server, django_db_serialized_rollback, home, seed_article, organisation):
    """The seed article (Thành đoàn's online conference) and a few others, indexed; their
    addresses read before any browser starts."""
    section = make_section(home, "Văn hóa")
    now = timezone.now()
    for i, title in enumerate(
        ["Hội nghị trực tuyến về chuyển đổi số", "Hội nghị trực tiếp của Hội Nông dân", "Lễ hội hoa phượng"]
    ):
        make_article(section, title, published_at=now - timedelta(days=i + 1))
    service.rebuild()
    return {"base": live_server.url, "article_url": live_server.url + seed_article.url, "title": seed_article.title}


def aborted_suggestion(url: str, failure: str | None) -> bool:
    """A suggestion request the script cancels because the reader typed on: expected."""
    return "/tim-kiem/goi-y/" in url and "ERR_ABORTED" in (failure or "")


@pytest.fixture
def pages(browser):
    opened = Pages(browser, WIDTHS, tolerated=aborted_suggestion, locale="vi-VN")
    yield opened
    opened.close()


def suggestion_requests(page) -> list[str]:
    sent = []
    page.on("request", lambda request: sent.append(request.url) if "/tim-kiem/goi-y/" in request.url else None)
    return sent


def type_in_header(page, text: str) -> None:
    box = page.locator("#site-search-q")
    box.click()
    box.press_sequentially(text, delay=40)


@pytest.mark.parametrize("device", WIDTHS)
def test_header_box_suggests_titles_and_down_enter_opens_one(site, pages, artifacts, device):
    page = pages.open(site["base"] + "/", device)
    sent = suggestion_requests(page)
    type_in_header(page, "ho")
    page.wait_for_timeout(400)
    assert sent == [], "two characters should ask for nothing"
    expect(page.locator(LISTBOX)).to_be_hidden()

    page.locator("#site-search-q").press_sequentially("i nghi truc", delay=40)
    listbox = page.locator(LISTBOX)
    expect(listbox).to_be_visible()
    assert len(sent) <= 3, f"typing should be debounced, not one request a key: {sent}"
    options = listbox.get_by_role("option")
    expect(options.first).to_contain_text("Hội nghị trực")
    expect(options.filter(has_text=site["title"])).to_have_count(1)
    box = page.get_by_role("combobox", name="Tìm kiếm")
    expect(box).to_have_attribute("aria-expanded", "true")
    box_right = box.bounding_box()
    list_box = listbox.bounding_box()
    viewport = page.viewport_size
    assert list_box["x"] >= 0 and list_box["x"] + list_box["width"] <= viewport["width"] + 1, (
        f"the list leaves the screen: {list_box} in {viewport}"
    )
    assert list_box["y"] >= box_right["y"] + box_right["height"] - 1, "the list should open under the box"
    for option in options.all():
        height = option.bounding_box()["height"]
        assert height >= 24, f"an option is too small to tap ({height}px)"

    # Down to the seed article, then Enter opens it.
    titles = [text.strip() for text in options.all_inner_texts()]
    index = next(i for i, text in enumerate(titles) if text.startswith(site["title"]))
    for _ in range(index + 1):
        box.press("ArrowDown")
    chosen = listbox.locator("[aria-selected=true]")
    expect(chosen).to_have_count(1)
    expect(chosen).to_contain_text(site["title"])
    expect(box).to_have_attribute("aria-activedescendant", chosen.get_attribute("id"))
    page.screenshot(path=artifacts / f"search-suggestions-{device}.png")
    box.press("Enter")
    page.wait_for_url(site["article_url"])
    expect(page.locator("h1")).to_have_text(site["title"])
    page.go_back()  # back to the page the reader searched from: its list is not left open
    expect(page.locator("#site-search-q")).to_have_value(re.compile("^hoi nghi truc$|^$"))
    expect(page.locator(LISTBOX)).to_be_hidden()


def test_up_from_the_box_wraps_to_the_last_suggestion(site, pages):
    page = pages.open(site["base"] + "/", "desktop")
    type_in_header(page, TYPED)
    options = page.locator(LISTBOX).get_by_role("option")
    expect(options.first).to_be_visible()
    page.keyboard.press("ArrowUp")
    expect(options.last).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")


def test_escape_closes_the_list_and_keeps_the_text_and_enter_then_searches(site, pages):
    page = pages.open(site["base"] + "/", "desktop")
    type_in_header(page, TYPED)
    listbox = page.locator(LISTBOX)
    expect(listbox).to_be_visible()
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    box = page.locator("#site-search-q")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value(TYPED)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=hoi\+nghi\+truc$"))
    expect(page.locator(".search-result").first).to_be_visible()


def test_leaving_the_box_closes_the_list(site, pages):
    page = pages.open(site["base"] + "/", "desktop")
    type_in_header(page, TYPED)
    listbox = page.locator(LISTBOX)
    expect(listbox).to_be_visible()
    page.keyboard.press("Tab")
    expect(listbox).to_be_hidden()
    page.locator("#site-search-q").focus()
    expect(listbox).to_be_visible()  # the titles are still those of the typed text
    page.locator(".site-tagline").click()
    expect(listbox).to_be_hidden()


def test_a_tap_on_a_suggestion_opens_it_on_a_phone(site, pages):
    page = pages.open(site["base"] + "/", "phone")
    type_in_header(page, TYPED)
    option = page.locator(LISTBOX).get_by_role("option").filter(has_text=site["title"])
    option.tap()
    page.wait_for_url(site["article_url"])


def test_the_search_page_box_suggests_too(site, pages):
    page = pages.open(site["base"] + "/tim-kiem/", "desktop")
    box = page.locator("#search-q")
    box.press_sequentially("le hoi hoa", delay=40)
    option = page.locator("form.search-form [role=option]").first
    expect(option).to_contain_text("Lễ hội hoa phượng")
    option.click()
    page.wait_for_url(re.compile(r"/le-hoi-hoa-phuong/$"))


@pytest.mark.parametrize("device", WIDTHS)
def test_without_javascript_the_header_box_is_a_plain_form(site, browser, device):
    context = browser.new_context(**WIDTHS[device], java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    page.goto(site["base"] + "/")
    box = page.locator("#site-search-q")
    box.fill(TYPED)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=hoi\+nghi\+truc$"))
    expect(page.locator(".search-result h2 a").filter(has_text=site["title"])).to_have_count(1)
    page.locator("#search-q").fill("le hoi hoa")
    page.locator("form.search-form button[type=submit]").click()
    expect(page.locator(".search-result h2 a").first).to_have_text("Lễ hội hoa phượng")
    context.close()


@pytest.mark.parametrize("device", WIDTHS)
def test_search_page_has_no_axe_violations_with_the_list_open_or_closed(site, pages, artifacts, device):
    axe_source = node_module_file("axe-core/axe.min.js").read_text(encoding="utf-8")
    page = pages.open(site["base"] + "/tim-kiem/?q=hoi+nghi+truc+tuyen&sap-xep=moi-nhat", device)
    expect(page.locator(".search-result").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    found = {"results": axe_violations(page, axe_source)}
    page.screenshot(path=artifacts / f"search-page-{device}.png", full_page=True)

    type_in_header(page, TYPED)
    expect(page.locator(LISTBOX)).to_be_visible()
    page.keyboard.press("ArrowDown")
    found["header list open"] = axe_violations(page, axe_source)

    assert not any(found.values()), "\n".join(f"{state}: {v}" for state, vs in found.items() for v in vs)


def test_the_page_as_the_script_leaves_it_passes_the_nu_html_checker(site, pages, tmp_path):
    """The served HTML is checked in tests/quality; this is the markup after the suggestions'
    script made the box a combobox and opened its list."""
    java = installed("java", "default-jre-headless", "the Nu HTML checker runs on it")
    page = pages.open(site["base"] + "/", "phone")
    type_in_header(page, TYPED)
    expect(page.locator(LISTBOX)).to_be_visible()
    page.keyboard.press("ArrowDown")
    live = tmp_path / "home-with-suggestions.html"
    live.write_text("<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML"), encoding="utf-8")
    assert nu_errors(java, {"home, list open": live}) == {}
