"""Zero axe-core violations (WCAG 2.0, 2.1 and 2.2, levels A and AA, any impact) on the pages
people use, in Debian's Chromium at a phone's 390 px and a desktop's 1366 px: axe is injected
into each rendered page as a reader or the organiser gets it, after its scripts have run."""

import pytest

from tests.browser.support import LAPTOP, PHONE, Pages
from tests.quality.support import ORGANISER_PAGES, STATUS, node_module_file

# Photos are media, which the live server serves only through the browser tests' URLs.
pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = {390: PHONE, 1366: LAPTOP}


@pytest.fixture
def live_pages(live_server, django_db_serialized_rollback, quality_pages, organiser_session):
    """Page name → (URL, cookies), made before any browser starts: Playwright's event loop
    keeps Django from the database in the test's thread."""
    organiser = [{"name": "sessionid", "value": organiser_session, "url": live_server.url}]
    return {
        name: (live_server.url + path, organiser if name in ORGANISER_PAGES else ())
        for name, path in quality_pages.items()
    }


def open_error_page(browser, url, width, status):
    """A page that answers an error status, which `Pages` counts as a failure."""
    page = browser.new_context(**WIDTHS[width], locale="vi-VN").new_page()
    assert page.goto(url).status == status
    return page


def axe_violations(page, axe_source: str) -> list[str]:
    # Evaluated through the DevTools protocol: a <script> tag would be (rightly) refused by the
    # page's Content-Security-Policy, which allows only the site's own scripts.
    page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
        for violation in result["violations"]
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_have_no_axe_violations(live_pages, browser, width):
    axe_source = node_module_file("axe-core/axe.min.js").read_text(encoding="utf-8")
    pages = Pages(browser, WIDTHS, locale="vi-VN")
    found = {}
    for name, (url, cookies) in live_pages.items():
        page = (
            pages.open(url, width, cookies=cookies)
            if name not in STATUS
            else open_error_page(browser, url, width, STATUS[name])
        )
        page.wait_for_load_state("networkidle")
        if violations := axe_violations(page, axe_source):
            found[name] = violations
    pages.close()

    assert not found, f"axe-core violations at {width} px:\n" + "\n".join(
        f"{name} at {width} px: {violation}" for name, violations in found.items() for violation in violations
    )
