"""A unit secretary on a 390 px phone, in Chromium: signs in to the back office, reports a
study session, adds two tasks to the action programme, uploads its PDF, sends it and sees it
sent; no page scrolls sideways. The same steps in the Django client, with every error, are
tests/followup/workspace/."""

from datetime import date

import pytest

from tests.browser.support import DEVICES, Pages, in_thread
from tests.followup.support import make_city_staff, make_directive, make_tree, make_unit_member
from tests.followup.workspace.support import MINIMAL_PDF

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]

PASSWORD = "mat-khau-rat-dai-1"
TASKS = ("Ra quân Chủ nhật xanh tại 12 chi đoàn", "Tuyên truyền kết quả hội nghị trên Fanpage")
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def secretary(live_server, django_db_serialized_rollback):
    """A grassroots union under a directive, and its secretary's account, made before any browser starts."""
    units = make_tree(districts=1, grassroots=1)
    unit = units[2]
    directive = make_directive([unit], due=(date(2099, 7, 31), date(2099, 8, 15), date(2099, 9, 30)))
    make_unit_member(unit, "bithu.phuong1", PASSWORD)
    return live_server.url, unit, directive


def fits(page) -> None:
    assert page.evaluate(NO_SIDEWAYS), f"{page.url} scrolls sideways on a phone"


def test_a_unit_secretary_reports_a_session_and_sends_the_programme_on_a_phone(secretary, browser, artifacts, tmp_path):
    from congtin.followup.models import Result

    base, unit, directive = secretary
    document = tmp_path / "Chương trình hành động.pdf"
    document.write_bytes(MINIMAL_PDF)
    pages = Pages(browser, DEVICES)
    try:
        page = pages.open(f"{base}/admin/login/?next=/admin/theo-doi/don-vi/", "phone")
        page.locator("#id_username").fill("bithu.phuong1")
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(f"**/admin/theo-doi/don-vi/{unit.code}/chi-dao/{directive.pk}/")
        assert unit.name in page.content()
        fits(page)

        # A study session: reported, and the study result goes to the city with it.
        page.get_by_role("link", name="Báo cáo buổi học tập", exact=True).click()
        page.locator("#id_held_on").fill("2026-07-10")
        page.locator("#id_form").select_option("online")
        page.locator("#id_title").fill("Học tập kết quả hội nghị trực tuyến")
        page.locator("#id_reached_secretaries").fill("3")
        page.locator("#id_reached_branch_secretaries").fill("12")
        page.locator("#id_reached_cadres").fill("2")
        page.locator("#id_reached_members").fill("180")
        page.locator("#id_documents").fill("Tài liệu hội nghị")
        fits(page)
        page.get_by_role("button", name="Báo cáo buổi học tập", exact=True).click()
        page.wait_for_url(f"**/chi-dao/{directive.pk}/#hoc-tap")
        assert "Đã gửi báo cáo học tập, quán triệt tới Thành đoàn" in page.content()
        fits(page)

        # The programme: two tasks, the adopted PDF, sent.
        page.get_by_role("link", name="Xây dựng chương trình hành động", exact=True).click()
        for content in TASKS:
            page.get_by_role("link", name="Thêm nhiệm vụ", exact=True).click()
            page.locator("#id_content").fill(content)
            page.locator("#id_lead").fill("Ban Thường vụ Đoàn phường")
            page.locator("#id_due_on").fill("2026-10-31")
            page.locator("#id_expected_result").fill("Báo cáo kết quả về Quận đoàn")
            fits(page)
            page.get_by_role("button", name="Thêm nhiệm vụ", exact=True).click()
            page.wait_for_url("**/ket-qua/*/#nhiem-vu")
            assert content in page.content()
        page.locator("#id_document").set_input_files(str(document))
        page.locator("#id_adopted_on").fill("2026-07-20")
        fits(page)
        page.get_by_role("button", name="Gửi chương trình", exact=True).click()
        page.wait_for_url("**/ket-qua/*/")
        assert page.locator(".fw-state").inner_text().strip() == "Đã gửi, chờ xem xét"
        assert "Chương trình hành động.pdf" in page.content()
        fits(page)
        page.screenshot(path=artifacts / "followup-programme-sent-phone.png", full_page=True)

        programme = in_thread(
            lambda: Result.objects.get(unit__code=unit.code, requirement__kind="programme").submissions.get()
        )
        assert [task["content"] for task in programme.snapshot["tasks"]] == list(TASKS)
        assert programme.snapshot["document_name"] == "Chương trình hành động.pdf"
        study = in_thread(lambda: Result.objects.get(unit__code=unit.code, requirement__kind="study"))
        assert study.state == Result.State.SUBMITTED
    finally:
        pages.close()


@pytest.fixture
def directive_to_date(live_server, django_db_serialized_rollback):
    units = make_tree(districts=1, grassroots=0)
    directive = make_directive(units[1:], issued_on=date(2026, 7, 1))
    make_city_staff(password=PASSWORD)
    return live_server.url, directive


def test_city_staff_type_a_date_as_they_write_it_and_the_picker_keeps_it(directive_to_date, browser):
    """Wagtail's date picker wrote and read 2026-07-01: a typed 21/10/2026 was replaced by
    today's date on leaving the field, and saved so."""
    from congtin.followup.models import Directive

    base, directive = directive_to_date
    pages = Pages(browser, DEVICES)
    try:
        edit = f"/admin/theo-doi/thiet-lap/van-ban/edit/{directive.pk}/"
        page = pages.open(f"{base}/admin/login/?next={edit}", "desktop")
        page.locator("#id_username").fill("theodoi")
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(f"**{edit}")
        field = page.locator("#id_issued_on")
        assert field.input_value() == "01/07/2026"
        field.fill("21/10/2026")
        field.press("Tab")
        page.keyboard.press("Escape")
        assert field.input_value() == "21/10/2026"
        page.get_by_role("button", name="Lưu", exact=True).click()
        page.wait_for_url("**/admin/theo-doi/thiet-lap/van-ban/")
        assert in_thread(lambda: Directive.objects.get(pk=directive.pk).issued_on) == date(2026, 10, 21)
    finally:
        pages.close()
