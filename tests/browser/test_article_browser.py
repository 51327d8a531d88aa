"""The seed article in a real browser (Debian's Chromium through Playwright).

Readable on a phone and on a desktop, text-size controls with a reset to the original,
and a print view that keeps the article, its URL and QR code but drops the navigation.
Screenshots and the printed PDF go to artifacts/browser/ for a human to look at.
"""

import re
import unicodedata
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.support import DEVICES, Pages

PUBLISHED = "Thứ Sáu, 25/06/2021 22:00"
AUTHOR = "Hoàng Tùng"

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]  # serves /media/ (the photos) too


@pytest.fixture
def open_page(browser):
    """Open a URL on a device; fail the test on failed requests or script errors."""
    pages = Pages(browser, DEVICES)
    yield lambda url, device="desktop", init_script=None: pages.open(url, device, init_script=init_script)
    pages.close()


def assert_styles_and_script_loaded(page):
    background = page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("", "transparent", "rgba(0, 0, 0, 0)"), "site.css did not load"
    page.locator('[data-text-size="up"]').click()
    assert page.locator("[data-article]").evaluate("e => e.style.getPropertyValue('--article-scale')") == "1.1", (
        "article.js did not run"
    )
    page.locator('[data-text-size="reset"]').click()


def article_font_size(page) -> float:
    value = page.locator("[data-article-text]").evaluate("e => getComputedStyle(e).fontSize")
    return float(value.removesuffix("px"))


def wait_for_photos(page):
    page.wait_for_function(
        "Array.from(document.querySelectorAll('.article-body img')).every(i => i.complete && i.naturalWidth > 0)"
    )


def pdf_text(path) -> str:
    """The PDF's text, NFC-normalised, casefolded (CSS may upper-case headings) and one-spaced."""
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).casefold()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_article_readable_on_phone_and_desktop(article, open_page, artifacts, device):
    page = open_page(article.url, device)
    assert_styles_and_script_loaded(page)

    expect(page.locator("h1.article-title")).to_have_text(article.title)
    expect(page.locator("h1.article-title")).to_be_visible()
    expect(page.locator(".article-meta time")).to_have_text(PUBLISHED)
    captions = page.locator(".article-body figure figcaption")
    expect(captions).to_have_count(3)
    for caption in captions.all():
        caption.scroll_into_view_if_needed()
        expect(caption).to_be_visible()
    wait_for_photos(page)
    info_tools = page.get_by_role("heading", name="Tiện ích thông tin")
    info_tools.scroll_into_view_if_needed()
    expect(info_tools).to_be_visible()

    if device == "phone":
        widths = page.evaluate("({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
        assert widths["scroll"] <= widths["inner"] + 1, f"horizontal overflow on a phone: {widths}"
    page.screenshot(path=artifacts / f"article-{device}.png", full_page=True)


def test_text_size_controls_and_reset_to_original(article, open_page):
    page = open_page(article.url)
    original = article_font_size(page)

    page.locator('[data-text-size="up"]').click()
    page.locator('[data-text-size="up"]').click()
    assert article_font_size(page) > original

    page.locator('[data-text-size="reset"]').click()
    assert article_font_size(page) == original

    page.locator('[data-text-size="down"]').click()
    smaller = article_font_size(page)
    assert smaller < original

    page.reload()
    assert article_font_size(page) == smaller, "the chosen text size should survive a reload"
    page.locator('[data-text-size="reset"]').click()
    assert article_font_size(page) == original
    assert page.evaluate("localStorage.getItem('congtin:text-scale')") is None


def test_print_view_shows_article_without_navigation(article, open_page, artifacts):
    page = open_page(article.url)
    for caption in page.locator(".article-body figure figcaption").all():
        caption.scroll_into_view_if_needed()
    wait_for_photos(page)
    page.emulate_media(media="print")

    for selector in (".sidebar", ".site-nav", ".other-news", ".article-tools"):
        assert page.locator(selector).count() >= 1, f"{selector} is missing from the page"
        expect(page.locator(selector).first).to_be_hidden()
    for selector in (".article-title", ".info-tools", ".info-tools .qr svg", ".info-tools .article-url"):
        expect(page.locator(selector)).to_be_visible()
    expect(page.locator(".info-tools .article-url a")).to_have_attribute("href", article.canonical_url)
    page.screenshot(path=artifacts / "article-print.png", full_page=True)

    pdf_path = artifacts / "article-print.pdf"
    page.pdf(path=pdf_path, format="A4")
    text = pdf_text(pdf_path)
    first_words = " ".join(article.title.split()[:6])
    assert first_words.casefold() in text
    assert AUTHOR.casefold() in text
    assert "tiện ích thông tin" in text
    canonical_path = urlsplit(article.canonical_url).path
    assert canonical_path.casefold() in text.replace(" ", ""), "the article's URL should be printed"
    assert "tin khác" not in text
    assert "chúng tôi trên mạng xã hội" not in text


def test_print_typography_ignores_screen_text_size(article, open_page):
    page = open_page(article.url)
    page.locator('[data-text-size="up"]').click()
    page.emulate_media(media="print")
    assert page.locator(".article-layout").evaluate("e => getComputedStyle(e).display") == "block"
    assert article_font_size(page) == 16.0, "print.css sets the article text to 12pt"
    title_size = page.locator(".article-title").evaluate("e => getComputedStyle(e).fontSize")
    assert title_size.startswith("26.6"), "print.css sets the title to 20pt"


def test_print_button_opens_the_print_dialog(article, open_page):
    record_print = "window.__printCalls = 0; window.print = () => { window.__printCalls += 1; };"
    page = open_page(article.url, init_script=record_print)
    print_button = page.locator('.article-tools [data-action="print"]')
    expect(print_button).to_have_text("In bài")
    print_button.click()
    assert page.evaluate("window.__printCalls") == 1
