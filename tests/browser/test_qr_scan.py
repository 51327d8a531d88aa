"""QR codes read from what a reader gets, never from their SVG source.

zxing-cpp decodes the pixels of Chromium screenshots (a phone 390 px wide, a laptop
1366 px wide) and of the printed PDFs rasterised by pdftoppm at 300 dpi: the article's
code opens its canonical URL, the Fanpage code the organisation's Facebook page, and
every card of a conference's QR sheet its bridge point's join link. Screenshots, PDFs
and the rasterised pages go to artifacts/browser/.
"""

import math
import subprocess
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image
from wagtail.models import Site

from congtin.core.models import OrganisationSettings
from tests.browser.support import LAPTOP, PHONE, Pages
from tests.conferences.support import add_bridge_points, make_conference
from tests.support import installed, sign_in_organiser

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]  # serves /media/ too

DEVICES = {"phone": PHONE, "laptop": LAPTOP}
PRINT_DPI = 300
MIN_ON_SCREEN_PX = 120  # CSS pixels: a phone camera reads that from a screen at arm's length
MIN_ON_PAPER_MM = 25
QUIET_ZONE_MODULES = 4
# Where an element is in a full-page screenshot: document coordinates times the pixel ratio.
DOCUMENT_BOX = """e => { const r = e.getBoundingClientRect();
  return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height, ratio: devicePixelRatio}; }"""


def read_codes(image: Image.Image) -> list[zxingcpp.Result]:
    return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)


def texts(results) -> list[str]:
    return sorted(result.text for result in results)


def crop_to(screenshot: Image.Image, element) -> tuple[Image.Image, float]:
    """The part of a full-page screenshot that shows `element`, and its width in CSS pixels."""
    box = element.evaluate(DOCUMENT_BOX)
    edges = (box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"])
    return screenshot.crop(tuple(round(edge * box["ratio"]) for edge in edges)), box["width"]


def assert_each_code_scans(screenshot_path, expected: dict):
    """Every QR code in the screenshot decodes, all of them together are `expected`'s
    values, and each element (a locator, one code) shows its own, at a scannable size."""
    screenshot = Image.open(screenshot_path)
    assert texts(read_codes(screenshot)) == sorted(expected.values()), f"codes read in {screenshot_path.name}"
    for element, text in expected.items():
        shown, width = crop_to(screenshot, element)
        assert texts(read_codes(shown)) == [text], f"{text} should scan where its code is shown"
        assert width >= MIN_ON_SCREEN_PX, f"the code for {text} is {width} CSS px wide"


def printed_size_mm(result: zxingcpp.Result) -> float:
    """Side of a code found on a page rasterised at PRINT_DPI, quiet zone included."""
    modules = 17 + 4 * int(result.extra["Version"])
    top_left, top_right = result.position.top_left, result.position.top_right
    symbol_px = math.dist((top_left.x, top_left.y), (top_right.x, top_right.y))
    return symbol_px * (modules + 2 * QUIET_ZONE_MODULES) / modules / PRINT_DPI * 25.4


@pytest.fixture
def pdftoppm():
    return installed("pdftoppm", "poppler-utils", "it rasterises the print PDF")


@pytest.fixture
def print_and_read(pdftoppm, artifacts):
    """Print a page to PDF as Chromium does, rasterise it at PRINT_DPI, and read the codes
    on each sheet of paper: a list (one entry per sheet) of zxing results."""

    def print_page(page, name) -> list[list[zxingcpp.Result]]:
        page.emulate_media(media="print")
        pdf = artifacts / f"{name}.pdf"
        page.pdf(path=pdf, format="A4", prefer_css_page_size=True)
        for old in artifacts.glob(f"{name}-*.png"):
            old.unlink()
        subprocess.run([pdftoppm, "-r", str(PRINT_DPI), "-png", pdf, artifacts / name], check=True, timeout=120)
        sheets = sorted(artifacts.glob(f"{name}-*.png"))
        assert sheets, f"pdftoppm made no page of {pdf.name}"
        return [read_codes(Image.open(sheet)) for sheet in sheets]

    return print_page


@pytest.fixture
def fanpage_url(organisation):
    return OrganisationSettings.for_site(Site.objects.get(is_default_site=True)).facebook_url


@pytest.fixture
def open_page(browser):
    pages = Pages(browser, DEVICES)
    yield lambda url, device="laptop", cookies=(): pages.open(url, device, cookies)
    pages.close()


@pytest.mark.parametrize("device", ["phone", "laptop"])
def test_article_and_fanpage_qr_codes_scan_from_a_screenshot(article, fanpage_url, open_page, artifacts, device):
    page = open_page(article.url, device)
    canonical_url = page.locator("link[rel=canonical]").get_attribute("href")
    assert fanpage_url and canonical_url.startswith("http")
    screenshot = artifacts / f"qr-article-{device}.png"
    page.screenshot(path=screenshot, full_page=True)
    assert_each_code_scans(
        screenshot,
        {
            page.locator(".qr-article svg"): canonical_url,
            page.locator(".qr-fanpage svg"): fanpage_url,
        },
    )


def test_article_qr_code_scans_from_the_printed_pdf(article, open_page, print_and_read):
    page = open_page(article.url)
    # The print layout picks other photo widths; Chromium may cancel those it no longer needs.
    page.expected_failures.append("/media/images/")
    canonical_url = page.locator("link[rel=canonical]").get_attribute("href")
    codes = [code for sheet in print_and_read(page, "qr-article-print") for code in sheet]
    assert texts(codes) == [canonical_url], "the printed article carries one code: its canonical URL"
    assert printed_size_mm(codes[0]) >= MIN_ON_PAPER_MM


@pytest.fixture
def qr_sheet(live_server, django_db_serialized_rollback):
    """A conference with eight bridge points (two A4 sheets) and an organiser's session,
    made before any browser starts (Playwright's event loop keeps the ORM out)."""
    conference = make_conference()
    points = add_bridge_points(conference, 8)
    return {
        "url": live_server.url + urlsplit(conference.qr_sheet_url).path,
        "join_urls": {point.code: point.join_url for point in points},
        "cookie": {"name": "sessionid", "value": sign_in_organiser(), "url": live_server.url},
    }


@pytest.mark.parametrize("device", ["phone", "laptop"])
def test_every_join_card_scans_from_a_screenshot(qr_sheet, open_page, artifacts, device):
    page = open_page(qr_sheet["url"], device, cookies=[qr_sheet["cookie"]])
    screenshot = artifacts / f"qr-sheet-{device}.png"
    page.screenshot(path=screenshot, full_page=True)
    # A mobile browser widens its layout viewport to fit the page: compare with the device.
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= DEVICES[device]["viewport"]["width"], f"the sheet is {page_width} px wide on a {device}"
    cards = page.locator(".join-card")
    assert cards.count() == len(qr_sheet["join_urls"])
    assert_each_code_scans(
        screenshot,
        {card.locator("svg"): qr_sheet["join_urls"][card.get_attribute("data-code")] for card in cards.all()},
    )


def test_every_join_card_scans_from_the_printed_pdf(qr_sheet, open_page, print_and_read):
    page = open_page(qr_sheet["url"], cookies=[qr_sheet["cookie"]])
    sheets = print_and_read(page, "qr-sheet-print")
    assert [len(codes) for codes in sheets] == [6, 2], "six cards to an A4 sheet"
    codes = [code for sheet in sheets for code in sheet]
    assert texts(codes) == sorted(qr_sheet["join_urls"].values())
    assert min(printed_size_mm(code) for code in codes) >= MIN_ON_PAPER_MM
