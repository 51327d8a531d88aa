"""The Content-Security-Policy and Permissions-Policy as Chromium enforces them: the article
runs its scripts (the inline one that restores the reader's text size before the first paint,
article.js's text size and share buttons) with no violation, also when the page comes from
the page cache; the bridge point page's player (hls.js, its blob: worker and MediaSource)
plays; the QR sheet's print button (a script file now, not onclick) prints. Screenshots go to
artifacts/browser/."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from congtin.pagecache import store
from tests.browser.support import DEVICES, Pages, bridge_point_url, cancelled_segment, in_thread
from tests.browser.test_conference_browser import WITHOUT_NATIVE_HLS, wait_until_playing
from tests.conferences.support import add_bridge_points, make_conference
from tests.support import sign_in_organiser

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]  # media and the test HLS stream

# Every violation the page meets, and the text size the inline script set before any script
# file ran (deferred scripts run after readyState becomes "interactive").
WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}: ${e.sample}`);
});
try { localStorage.setItem("congtin:text-scale", "1.2"); } catch (e) {}
document.addEventListener("readystatechange", () => {
  const article = document.querySelector("[data-article]");
  if (document.readyState === "interactive" && article) {
    window.scaleBeforeScriptFiles = article.style.getPropertyValue("--article-scale");
  }
});
"""


@pytest.fixture
def open_page(browser):
    pages = Pages(
        browser, DEVICES, tolerated=cancelled_segment, locale="vi-VN", permissions=["clipboard-read", "clipboard-write"]
    )
    yield lambda url, init_script=WATCH, cookies=(): pages.open(url, "desktop", cookies, init_script)
    pages.close()


def article_scale(page) -> str:
    return page.locator("[data-article]").evaluate("e => e.style.getPropertyValue('--article-scale')")


def assert_article_scripts_run_unblocked(page) -> None:
    assert page.evaluate("window.scaleBeforeScriptFiles") == "1.2", "the inline text-size script did not run"
    page.locator('[data-text-size="up"]').click()
    assert article_scale(page) == "1.3"
    page.get_by_role("button", name="Gốc").click()
    assert article_scale(page) == "", "the reset to the original size did not work"
    if page.evaluate("!navigator.share"):  # Chromium on Linux has no share sheet: the address is copied
        page.locator("[data-action=share]").click()
        expect(page.locator(".share-status")).to_contain_text("Đã chép địa chỉ bài viết")
        assert page.evaluate("navigator.clipboard.readText()") == page.locator("[data-action=share]").get_attribute(
            "data-url"
        )
    qr = page.locator(".qr-article svg").bounding_box()
    assert qr["width"] > 50 and qr["height"] > 50, "the article's QR code is not shown"
    # A header Chromium could not read would be ignored whole: camera would then be allowed.
    allows = page.evaluate("f => document.featurePolicy && document.featurePolicy.allowsFeature(f)", "camera")
    assert allows is False
    assert page.evaluate("document.featurePolicy.allowsFeature('fullscreen')") is True
    assert page.evaluate("window.cspViolations") == []


def test_article_scripts_run_without_violations_also_from_the_page_cache(article, open_page, artifacts):
    path = urlsplit(article.url).path
    first = open_page(article.url)
    assert_article_scripts_run_unblocked(first)
    assert in_thread(lambda: store.get_page(path)) is not None, "the article was not kept"

    second = open_page(article.url)  # a new reader: the kept page, with the header it was kept with
    assert_article_scripts_run_unblocked(second)
    second.screenshot(path=artifacts / "csp-article-from-cache.png", full_page=True)


def test_bridge_point_player_is_not_blocked(on_air, open_page, artifacts):
    page = open_page(bridge_point_url(on_air, on_air["points"][0]), init_script=WATCH + WITHOUT_NATIVE_HLS)

    wait_until_playing(page)
    assert page.evaluate("!!window.Hls"), "the page played without hls.js"
    assert page.evaluate("document.querySelector('video[data-player]').currentSrc").startswith("blob:")
    assert page.evaluate("window.cspViolations") == []
    page.screenshot(path=artifacts / "csp-bridge-point.png")


@pytest.fixture
def qr_sheet(live_server, django_db_serialized_rollback):
    """A conference's QR sheet and an organiser's cookie, made before any browser starts."""
    conference = make_conference()
    add_bridge_points(conference, 1)
    cookie = {"name": "sessionid", "value": sign_in_organiser(), "url": live_server.url}
    return live_server.url + urlsplit(conference.qr_sheet_url).path, cookie


def test_qr_sheet_print_button_prints(qr_sheet, open_page):
    url, cookie = qr_sheet
    printed = "window.printed = 0; window.print = () => { window.printed += 1; };"

    page = open_page(url, WATCH + printed, [cookie])
    page.get_by_role("button", name="In trang này").click()

    assert page.evaluate("window.printed") == 1
    assert page.evaluate("window.cspViolations") == []
