"""The board on a 390 px phone, in Chromium: the page itself does not scroll sideways, the
grid scrolls inside its own box, each standing is written in words and its colours keep the
WCAG 2.2 AA contrast (4.5:1); a filter narrows the rows."""

from datetime import UTC, date, datetime

import pytest

from tests.browser.support import DEVICES, Pages

from ..support import make_city_staff, make_directive, make_tree, make_unit_member
from .support import SENT

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]

PASSWORD = "mat-khau-rat-dai-1"
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"
# The contrast ratio of each standing cell's text on its background (WCAG's relative luminance).
CONTRASTS = """() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.match(/\\d+/g).slice(0, 3).map(Number).map((c) => {
      c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const out = {};
  for (const name of ["on_time", "late", "within", "overdue"]) {
    const cell = document.querySelector(`table.followup-board td.${name}`);
    if (!cell) continue;
    const style = getComputedStyle(cell);
    const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
    out[name] = (a + 0.05) / (b + 0.05);
  }
  return out;
}"""


@pytest.fixture
def organiser(live_server, django_db_serialized_rollback):
    """Two districts of three wards under a directive, one ward's study sent on time and one
    late, one deadline still ahead; made before any browser starts."""
    from congtin.followup.models import Result

    units = make_tree(districts=2, grassroots=3)
    wards = [unit for unit in units if unit.level == "grassroots"]
    directive = make_directive(wards, due=(date(2026, 7, 31), date(2026, 8, 15), date(2099, 9, 30)))
    member = make_unit_member(wards[0])
    Result.objects.get(requirement__kind="study", unit=wards[0]).submit(member, now=SENT)
    Result.objects.get(requirement__kind="study", unit=wards[1]).submit(member, now=datetime(2026, 8, 3, 3, tzinfo=UTC))
    staff = make_city_staff("theodoi.thanhdoan", PASSWORD)
    return live_server.url, directive, staff, wards


def test_the_board_fits_a_phone_and_scrolls_sideways_in_its_own_box(organiser, browser):
    base, directive, staff, wards = organiser
    pages = Pages(browser, DEVICES)
    try:
        page = pages.open(f"{base}/admin/login/?next=/admin/theo-doi/van-ban/{directive.pk}/bang-theo-doi/", "phone")
        page.locator("#id_username").fill(staff.username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(f"**/van-ban/{directive.pk}/bang-theo-doi/")
        assert page.evaluate(NO_SIDEWAYS), "the board's page scrolls sideways on a phone"
        # Wagtail's layout hides what overflows it, so measure each filter: none reaches past the screen.
        past_edge = page.evaluate(
            "() => [...document.querySelectorAll('.followup-filters select')]"
            ".filter((field) => field.getBoundingClientRect().right > window.innerWidth).map((field) => field.name)"
        )
        assert past_edge == [], f"filters cut off at the screen's edge: {past_edge}"
        box = page.locator("div.followup-board-box")
        assert box.evaluate("(box) => box.scrollWidth > box.clientWidth"), "the grid should scroll in its box"
        assert page.locator("td.on_time").first.inner_text().startswith("Đúng hạn")
        assert page.locator("td.late").first.inner_text().startswith("Trễ hạn")
        contrasts = page.evaluate(CONTRASTS)
        assert set(contrasts) == {"on_time", "late", "within", "overdue"}
        assert all(ratio >= 4.5 for ratio in contrasts.values()), contrasts

        page.locator("#loc-tinh-trang").select_option("late")
        page.get_by_role("button", name="Lọc", exact=True).click()
        page.wait_for_url("**standing=late**")
        names = page.locator("table.followup-board tbody th").all_inner_texts()
        assert names == ["Thành đoàn Hoa Phượng", "Quận đoàn số 1", wards[1].name]
        assert page.evaluate(NO_SIDEWAYS)

        # The units listing, wider than the phone: it scrolls in its own box and its last column
        # comes into view (Wagtail's page clips what overflows it, so it was out of reach).
        page.goto(f"{base}/admin/theo-doi/thiet-lap/don-vi/")
        listing = page.locator("table.listing")
        assert listing.evaluate("(table) => table.scrollWidth > table.clientWidth"), "the listing should scroll"
        last = page.locator("table.listing thead th").last
        last.scroll_into_view_if_needed()
        right = last.evaluate("(cell) => cell.getBoundingClientRect().right")
        assert right <= page.viewport_size["width"] + 1, f"the last column ends at {right} px, past the screen"
        assert page.evaluate(NO_SIDEWAYS)
    finally:
        pages.close()
