"""The seed article in a real browser (Debian's Chromium through Playwright).

Readable on a phone and on a desktop, text-size controls with a reset to the original,
and a print view that keeps the article, its URL and QR code but drops the navigation.
Screenshots and the printed PDF go to artifacts/browser/ for a human to look at.
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import re_path
from django.views.static import serve
from playwright.sync_api import expect, sync_playwright
from pypdf import PdfReader

from congtin.urls import urlpatterns as site_urlpatterns

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}
PUBLISHED = "Thứ Sáu, 25/06/2021 22:00"
AUTHOR = "Hoàng Tùng"

# The site's URLs plus uploaded media: with DEBUG=False the live server serves static
# files only, and the article's photos are media (a web server serves them in production).
urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]

pytestmark = [pytest.mark.browser, pytest.mark.urls(__name__)]


@dataclass(frozen=True)
class SeedArticle:
    url: str
    canonical_url: str
    title: str


@pytest.fixture
def article(live_server, django_db_serialized_rollback, seed_article):
    """The seed article's addresses, read from the database before any browser starts.

    The live server needs a transactional database, flushed after each test, and the flush
    takes what migrations made (root page, root collection, locale) with it: a serialized
    rollback puts that back for the next test.
    """
    return SeedArticle(
        url=live_server.url + seed_article.url,
        canonical_url=seed_article.get_full_url(),
        title=seed_article.title,
    )


@pytest.fixture
def browser(chromium_path):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


class Pages:
    """Pages opened in fresh browser contexts. Script errors and failed requests are
    collected, except those a test expects (`page.expected_failures`, URL parts) or that
    `tolerated(url, failure)` allows; `close()` fails the test on any other.

    A request the browser itself cancels because its document went away (a reload, a
    link followed, the tab closed while a poll was in flight) fails with ERR_ABORTED;
    nobody sees that, so it counts only if the document that sent it is still the one
    shown when the test ends."""

    def __init__(self, browser, devices, tolerated=lambda url, failure: False, **context_options):
        self.browser, self.devices, self.tolerated, self.context_options = browser, devices, tolerated, context_options
        self.contexts, self.problems, self.aborted = [], [], []

    def open(self, url, device, cookies=(), init_script=None):
        context = self.browser.new_context(**self.devices[device], **self.context_options)
        self.contexts.append(context)
        if cookies:
            context.add_cookies(list(cookies))
        page = context.new_page()
        if init_script:
            page.add_init_script(init_script)
        page.expected_failures = []

        page.documents = 0  # main-frame navigations so far
        sent_in = {}  # request -> the document that sent it

        def failed(description, url, failure=None):
            if not (any(part in url for part in page.expected_failures) or self.tolerated(url, failure)):
                self.problems.append(description)

        def request_failed(request):
            description = f"failed {request.url}: {request.failure}"
            if "ERR_ABORTED" in (request.failure or "") and request in sent_in:
                self.aborted.append((page, sent_in[request], lambda: failed(description, request.url, request.failure)))
            else:
                failed(description, request.url, request.failure or "")

        def navigated(frame):
            if frame == page.main_frame:
                page.documents += 1

        page.on("request", lambda r: sent_in.setdefault(r, page.documents))
        page.on("framenavigated", navigated)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("response", lambda r: failed(f"{r.status} {r.url}", r.url) if r.status >= 400 else None)
        page.on("requestfailed", request_failed)
        response = page.goto(url)
        assert response.status == 200
        return page

    def close(self):
        still_shown = [(page, report) for page, document, report in self.aborted if page.documents == document]
        for page, report in still_shown:
            report()
        for context in self.contexts:
            context.close()
        assert self.problems == []


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
