"""A story through the newsroom in Chromium, as each person clicks it: the reporter writes and
submits, the editor sends it back (the reason is required) and approves it after the fix, the
managing editor and the leader approve, and a reader finds it on the section page. The same
chain in the Django client, with the e-mails and the cache, is tests/newsroom/."""

import pytest
from django.test import Client

from congtin.newsroom import roles
from tests.browser.support import DEVICES, Pages, in_thread
from tests.factories import ensure_home, make_section

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]

TITLE = "Đoàn phường ra quân dọn vệ sinh kênh rạch"
REASON = "Bổ sung số đoàn viên tham gia."


@pytest.fixture
def newsroom(live_server, django_db_serialized_rollback):
    """The section, and a signed-in cookie for each role, made before any browser starts."""
    from django.contrib.auth import get_user_model

    section = make_section(ensure_home(), "Thanh niên")
    cookies = {}
    for username, role, sections in (
        ("phongvien", roles.REPORTER, [section.slug]),
        ("bientap", roles.EDITOR, []),
        ("thuky", roles.MANAGING_EDITOR, []),
        ("lanhdao", roles.LEADER, []),
    ):
        user = get_user_model().objects.create_user(username, f"{username}@hoaphuong.example.vn", "mat-khau-rat-dai-1")
        roles.give_role(user, role, sections=sections)
        client = Client()
        client.force_login(user)
        cookies[username] = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    return live_server.url, section, cookies


def step_of(article_pk: int) -> str | None:
    from congtin.news.models import ArticlePage

    def step():
        task = ArticlePage.objects.get(pk=article_pk).current_workflow_task
        return task.name if task else None

    return in_thread(step)


def action_menu(page, label: str):
    """The save button's menu (the arrow beside "Lưu nháp"), then one of its items."""
    page.locator("footer [data-w-dropdown-target='toggle'], footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name=label, exact=True).click()


def test_a_story_goes_from_the_reporter_through_three_approvals_to_readers(newsroom, browser, artifacts):
    from congtin.news.models import ArticlePage

    base, section, cookies = newsroom
    pages = Pages(browser, DEVICES)
    try:
        # The reporter, on a phone, writes and submits.
        page = pages.open(f"{base}/admin/pages/add/news/articlepage/{section.pk}/", "phone", [cookies["phongvien"]])
        page.locator("#id_title").fill(TITLE)
        page.locator("#id_lead").fill("Hơn 200 đoàn viên ra quân sáng Chủ nhật.")
        action_menu(page, f"Gửi vào quy trình {roles.WORKFLOW}")
        page.wait_for_url("**/admin/pages/*/")
        article_pk = in_thread(lambda: ArticlePage.objects.get(title=TITLE).pk)
        edit_url = f"{base}/admin/pages/{article_pk}/edit/"
        pages.close()

        # The editor sends it back: the modal will not go without a reason.
        pages = Pages(browser, DEVICES)
        page = pages.open(edit_url, "desktop", [cookies["bientap"]])
        action_menu(page, "Yêu cầu sửa")
        modal = page.locator(".modal-dialog")
        reason = modal.get_by_label("Lý do yêu cầu sửa")
        modal.get_by_role("button", name="Yêu cầu sửa").click()
        assert reason.evaluate("field => !field.validity.valid"), "sent back with no reason"
        assert step_of(article_pk) == "Biên tập"
        reason.fill(REASON)
        modal.get_by_role("button", name="Yêu cầu sửa").click()
        page.wait_for_url("**/admin/pages/*/")
        page.screenshot(path=artifacts / "newsroom-sent-back.png", full_page=True)
        pages.close()

        # The reporter reads the reason on the article and resubmits.
        pages = Pages(browser, DEVICES)
        page = pages.open(edit_url, "phone", [cookies["phongvien"]])
        assert REASON in page.content()
        page.locator("#id_lead").fill("Hơn 200 đoàn viên của 12 chi đoàn ra quân sáng Chủ nhật.")
        action_menu(page, "Gửi lại tới bước Biên tập")
        page.wait_for_url("**/admin/pages/*/")
        pages.close()

        # The last step's button says what it does.
        for username, label in (("bientap", "Phê duyệt"), ("thuky", "Phê duyệt"), ("lanhdao", "Phê duyệt và xuất bản")):
            pages = Pages(browser, DEVICES)
            page = pages.open(edit_url, "desktop", [cookies[username]])
            assert TITLE not in pages.open(base + section.url, "desktop").content(), f"readers see it before {username}"
            before = step_of(article_pk)
            action_menu(page, label)
            page.wait_for_url("**/admin/pages/*/")
            assert step_of(article_pk) != before, f"{username}'s approval did not move the story"
            pages.close()

        pages = Pages(browser, DEVICES)
        reader = pages.open(base + section.url, "phone")
        reader.get_by_role("link", name=TITLE).first.click()
        reader.wait_for_load_state()
        assert reader.get_by_role("heading", level=1).inner_text().strip() == TITLE
        assert "12 chi đoàn" in reader.content()
        reader.screenshot(path=artifacts / "newsroom-published-phone.png", full_page=True)
    finally:
        pages.close()
