"""`import_articles`' three modes (docs/import.md "Modes"): a direct publish for archive
migrations, which schedules a row whose time is ahead; `--draft`; `--submit --user`, which
sends each article through its section's workflow as that user's "Gửi duyệt" would, once.
Workflows are made here (Workflow + GroupApprovalTask), not taken from the newsroom's."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    PageLogEntry,
    Revision,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from congtin.news.models import ArticlePage
from tests.factories import make_article, make_section
from tests.news.test_import import article, run_import, write_jsonl
from tests.news.test_scheduled_publishing import publish_scheduled_at

ARCHIVE = "Chế độ: Xuất bản thẳng (không qua duyệt) – dùng cho chuyển dữ liệu lưu trữ"


def at(moment) -> str:
    return moment.isoformat()


def reader_status(client, external_id: str) -> int:
    page = ArticlePage.objects.get(external_id=external_id)
    return client.get(f"{page.get_parent().url}{page.slug}/").status_code


def lines(text: str) -> list[str]:
    return text.splitlines()


@pytest.fixture
def economy(home):
    return make_section(home, "Kinh tế")


@pytest.fixture
def reviewer(economy):
    """The economy section's editor, who approves in its workflow (and so publishes)."""
    user = member("duyetkt", economy, "change", "publish")
    return user


@pytest.fixture
def workflow(economy, reviewer):
    """The economy section's own workflow: one step, approved by the reviewer's group (the
    other workflows are switched off, so a section without one of its own has none)."""
    Workflow.objects.update(active=False)
    task = GroupApprovalTask.objects.create(name="Biên tập Kinh tế duyệt")
    task.groups.set([reviewer.groups.get()])
    flow = Workflow.objects.create(name="Duyệt tin Kinh tế")
    WorkflowTask.objects.create(workflow=flow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=economy, workflow=flow)
    return flow


def member(username: str, section, *permissions: str):
    """A newsroom member with these page permissions ("add", "change", "publish") on `section`."""
    user = get_user_model().objects.create_user(username, f"{username}@example.vn", "mat-khau-dai")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    group = Group.objects.create(name=f"Nhóm {username}")
    for action in permissions:
        GroupPagePermission.objects.create(
            group=group, page=section, permission=Permission.objects.get(codename=f"{action}_page")
        )
    user.groups.add(group)
    return user


@pytest.fixture
def reporter(economy):
    return member("phongvien", economy, "add")


# Direct publishing, for archive migrations.


def test_the_default_mode_publishes_at_once_and_says_it_is_for_archive_migrations(home, client, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [article("a1", published_at=at(timezone.now() - timedelta(days=400)))])
    code, out, err = run_import(path)
    assert code == 0
    assert lines(out) == [
        ARCHIVE,
        "Xuất bản: 1 bài.",
        "Lên lịch: 0 bài (lên trang đúng thời gian đăng).",
        "Tạo mới: 1, cập nhật: 0, lỗi: 0",
    ]
    assert reader_status(client, "a1") == 200


def test_a_row_published_ahead_is_scheduled_and_goes_live_at_its_time_never_earlier(home, client, tmp_path):
    ahead = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [article("cu", title="Tin lưu trữ"), article("moi", title="Tin hẹn giờ", published_at=at(ahead))],
    )
    code, out, err = run_import(path)
    assert code == 0 and "Xuất bản: 1 bài." in out and "Lên lịch: 1 bài" in out

    scheduled = ArticlePage.objects.get(external_id="moi")
    assert not scheduled.live and scheduled.go_live_at == ahead and scheduled.first_published_at is None
    assert scheduled.get_latest_revision().approved_go_live_at == ahead
    assert reader_status(client, "moi") == 404 and reader_status(client, "cu") == 200
    assert "Tin hẹn giờ" not in client.get("/").content.decode()

    publish_scheduled_at(ahead - timedelta(minutes=1))
    assert not ArticlePage.objects.get(external_id="moi").live
    publish_scheduled_at(ahead + timedelta(seconds=1))
    assert ArticlePage.objects.get(external_id="moi").live
    assert reader_status(client, "moi") == 200
    assert "Tin hẹn giờ" in client.get("/").content.decode()


def test_reimporting_a_scheduled_row_keeps_it_scheduled_at_its_new_time(home, client, tmp_path):
    first, later = (timezone.now() + timedelta(hours=hours) for hours in (2, 5))
    path = write_jsonl(tmp_path / "a.jsonl", [article("moi", published_at=at(first))])
    run_import(path)
    write_jsonl(path, [article("moi", title="Tin dời giờ", published_at=at(later))])
    code, out, err = run_import(path)
    assert code == 0 and "Lên lịch: 1 bài" in out and "cập nhật: 1" in out

    page = ArticlePage.objects.get(external_id="moi")
    approved = Revision.objects.filter(object_id=str(page.pk), approved_go_live_at__isnull=False)
    assert [revision.approved_go_live_at for revision in approved] == [later]
    publish_scheduled_at(first + timedelta(minutes=1))  # the old time: nothing
    assert reader_status(client, "moi") == 404
    publish_scheduled_at(later + timedelta(seconds=1))
    assert reader_status(client, "moi") == 200
    assert ArticlePage.objects.get(external_id="moi").title == "Tin dời giờ"


def test_a_live_article_reimported_with_a_time_ahead_stays_as_it_is_until_then(home, client, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [article("a1", title="Bản đang đăng")])
    run_import(path)
    ahead = timezone.now() + timedelta(hours=1)
    write_jsonl(path, [article("a1", title="Bản sửa hẹn giờ", published_at=at(ahead))])
    assert "Lên lịch: 1 bài" in run_import(path)[1]
    page = ArticlePage.objects.get(external_id="a1")
    assert page.live and "Bản đang đăng" in client.get(page.url).content.decode()
    publish_scheduled_at(ahead + timedelta(seconds=1))
    assert "Bản sửa hẹn giờ" in client.get(page.url).content.decode()


# Drafts.


def test_draft_mode_saves_drafts_and_says_so(home, client, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [article("a1"), article("a2", title="Bài hai")])
    code, out, err = run_import(path, "--draft")
    assert code == 0
    assert lines(out) == ["Chế độ: Lưu nháp", "Lưu nháp: 2 bài.", "Tạo mới: 2, cập nhật: 0, lỗi: 0"]
    assert not ArticlePage.objects.live().exists() and not WorkflowState.objects.exists()
    assert "quy trình duyệt (workflow)" not in err


# Submitting for review.


def test_submit_sends_each_article_through_its_sections_workflow_as_the_user(
    economy, workflow, reporter, reviewer, client, tmp_path
):
    path = write_jsonl(tmp_path / "a.jsonl", [article("a1", title="Giá lúa tăng", section="Kinh tế")])
    code, out, err = run_import(path, "--submit", "--user", "phongvien")
    assert code == 0
    assert lines(out) == [
        "Chế độ: Gửi duyệt (người gửi: phongvien)",
        "Gửi duyệt: 1 bài.",
        "Tạo mới: 1, cập nhật: 0, lỗi: 0",
    ]
    page = ArticlePage.objects.get(external_id="a1")
    state = page.current_workflow_state
    assert not page.live and state.workflow == workflow and state.requested_by == reporter
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and page.owner == reporter
    assert page.get_latest_revision().user == reporter
    history = PageLogEntry.objects.filter(page=page, user=reporter).values_list("action", flat=True)
    assert {"wagtail.create", "wagtail.workflow.start"} <= set(history)  # the page's history names them
    # The reviewers are told, as for a click on "Gửi duyệt" ...
    to_reviewer = [message for message in mail.outbox if message.to == ["duyetkt@example.vn"]]
    assert len(to_reviewer) == 1 and "Giá lúa tăng" in to_reviewer[0].subject + to_reviewer[0].body
    # ... and find it waiting for them on their dashboard, with the buttons to approve it.
    client.force_login(reviewer)
    dashboard = BeautifulSoup(client.get("/admin/").content, "html.parser")
    assert f"/admin/pages/{page.pk}/edit/" in {a["href"] for a in dashboard.select("main a[href]")}

    # Their approval publishes it.
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, "approve")
    assert ArticlePage.objects.get(pk=page.pk).live
    assert client.get(ArticlePage.objects.get(pk=page.pk).url).status_code == 200


def test_an_article_in_review_is_not_submitted_twice(economy, workflow, reporter, reviewer, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [article("a1", title="Bản gửi lần đầu", section="Kinh tế")])
    run_import(path, "--submit", "--user", "phongvien")
    outbox = len(mail.outbox)

    # The reporter may no longer change it: Wagtail locks an article in review for whoever
    # does not review its step. The import leaves it as it is and says so.
    write_jsonl(path, [article("a1", title="Bản sửa của phóng viên", section="Kinh tế")])
    code, out, err = run_import(path, "--submit", "--user", "phongvien")
    assert code == 0
    assert "Dòng 1: bài 'Bản gửi lần đầu' đang chờ duyệt ở bước 'Biên tập Kinh tế duyệt'" in out
    assert "Giữ nguyên (bài bị khóa hoặc đang chờ duyệt ở bước người gửi không duyệt): 1 bài." in out
    assert "Tạo mới: 0, cập nhật: 0, lỗi: 0" in out
    page = ArticlePage.objects.get(external_id="a1")
    assert page.get_latest_revision_as_object().title == "Bản gửi lần đầu"

    # The section's editor (a reviewer of the step) updates its draft; the workflow goes on.
    write_jsonl(path, [article("a1", title="Bản sửa của biên tập", section="Kinh tế")])
    code, out, err = run_import(path, "--submit", "--user", "duyetkt")
    assert code == 0 and "Dòng 1: đang chờ duyệt: cập nhật bản nháp, không gửi lại" in out
    assert "Gửi duyệt: 0 bài." in out and "Đang chờ duyệt từ trước" in out and "cập nhật: 1" in out
    page = ArticlePage.objects.get(external_id="a1")
    assert page.get_latest_revision_as_object().title == "Bản sửa của biên tập"
    assert WorkflowState.objects.filter(object_id=str(page.pk)).count() == 1
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert len(mail.outbox) == outbox  # nobody told twice


def test_an_article_sent_back_for_changes_is_submitted_again(economy, workflow, reporter, reviewer, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [article("a1", section="Kinh tế")])
    run_import(path, "--submit", "--user", "phongvien")
    state = ArticlePage.objects.get(external_id="a1").current_workflow_state
    state.current_task_state.task.specific.on_action(state.current_task_state, reviewer, "reject")
    write_jsonl(path, [article("a1", title="Bản đã sửa theo yêu cầu", section="Kinh tế")])
    code, out, err = run_import(path, "--submit", "--user", "phongvien")
    assert code == 0 and "Gửi duyệt: 1 bài." in out
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS  # resumed, as the admin's button does
    assert WorkflowState.objects.count() == 1


def test_a_section_without_a_workflow_gets_a_draft_and_the_summary_says_so(home, economy, workflow, reporter, tmp_path):
    make_section(home, "Văn hóa")
    GroupPagePermission.objects.create(
        group=reporter.groups.get(), page=home, permission=Permission.objects.get(codename="add_page")
    )
    path = write_jsonl(
        tmp_path / "a.jsonl", [article("a1", section="Kinh tế"), article("a2", title="Lễ hội", section="Văn hóa")]
    )
    code, out, err = run_import(path, "--submit", "--user", "phongvien")
    assert code == 0
    assert lines(out) == [
        "Dòng 2: chuyên mục 'Văn hóa' không có quy trình duyệt: chỉ lưu nháp",
        "Chế độ: Gửi duyệt (người gửi: phongvien)",
        "Gửi duyệt: 1 bài.",
        "Lưu nháp: 1 bài.",
        "Tạo mới: 2, cập nhật: 0, lỗi: 0",
    ]
    draft = ArticlePage.objects.get(external_id="a2")
    assert not draft.live and draft.current_workflow_state is None


def test_a_user_who_may_not_submit_in_a_section_is_refused_before_anything_is_written(
    home, economy, workflow, reporter, tmp_path
):
    make_section(home, "Thể thao")
    stored = make_article(economy, "Bài của người khác")
    stored.external_id = "cu"
    stored.save()
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            article("a1", section="Kinh tế"),
            article("a2", section="Thể thao"),
            article("a3", section="Chuyên mục mới"),
            article("cu", section="Kinh tế"),
        ],
    )
    with pytest.raises(CommandError) as refused:
        run_import(path, "--submit", "--user", "phongvien")
    message = str(refused.value)
    assert message.startswith("Người dùng 'phongvien' không có quyền ")
    assert "tạo chuyên mục mới 'Chuyên mục mới'" in message
    assert "thêm bài vào chuyên mục 'Thể thao'" in message
    assert "sửa bài 'Bài của người khác' (mã cu)" in message  # "add" alone edits only one's own
    assert "thêm bài vào chuyên mục 'Kinh tế'" not in message
    assert message.endswith("Chưa nhập bài nào.")
    assert list(ArticlePage.objects.values_list("external_id", flat=True)) == ["cu"]
    assert not WorkflowState.objects.exists()


@pytest.mark.parametrize(
    "options, message",
    [
        (["--submit", "--user", "khongco"], "Không có người dùng 'khongco'."),
        (["--submit"], "--submit cần --user TÊN"),
        (["--user", "phongvien"], "--user chỉ dùng cùng --submit"),
        (["--draft", "--submit", "--user", "phongvien"], "Chọn một trong hai: --draft (lưu nháp) hoặc --submit"),
    ],
)
def test_wrong_submit_options_are_explained_in_vietnamese(home, reporter, tmp_path, options, message):
    path = write_jsonl(tmp_path / "a.jsonl", [article("a1")])
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run_import(path, *options)
    assert not ArticlePage.objects.exists()


def test_an_inactive_user_may_not_submit(home, reporter, tmp_path):
    reporter.is_active = False
    reporter.save()
    with pytest.raises(CommandError, match="Người dùng 'phongvien' đã bị khóa"):
        run_import(write_jsonl(tmp_path / "a.jsonl", [article("a1")]), "--submit", "--user", "phongvien")
