"""A story goes reporter → Biên tập → Thư ký tòa soạn → Lãnh đạo duyệt → readers, through the
admin as each person uses it; readers see nothing before the last approval and then at once."""

import re
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState

from congtin.news.models import ArticlePage
from congtin.newsroom import roles
from congtin.newsroom.review import review_status, step_rules
from congtin.pagecache import store
from tests.newsroom.support import article_form

TITLE = "Tuổi trẻ Hoa Phượng ra quân tình nguyện hè"


def add_article(client: Client, section, title=TITLE, action="action-submit"):
    url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))
    return client.post(url, article_form(title, action=action))


def act(client: Client, article, action: str, comment: str = ""):
    """A reviewer's click in the workflow menu ("Duyệt", "Yêu cầu sửa"), from the modal."""
    task_state = article.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, action, task_state.pk))
    return client.post(url, {"comment": comment}, headers={"x-requested-with": "XMLHttpRequest"})


def step_of(article) -> str | None:
    article.refresh_from_db()
    task = article.current_workflow_task
    return task.name if task else None


def mailed_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def reader_sees(section, title: str) -> bool:
    response = Client().get(section.url)
    assert response.status_code == 200
    return title in response.content.decode()


@pytest.mark.django_db
def test_every_section_gets_the_three_level_workflow_named_in_vietnamese(sections):
    workflow = sections[0].get_workflow()
    assert workflow.name == roles.WORKFLOW
    assert [task.name for task in workflow.tasks.all()] == ["Biên tập", "Thư ký tòa soạn", "Lãnh đạo duyệt"]
    assert [task.specific.groups.get().name for task in workflow.tasks.all()] == [
        roles.EDITOR,
        roles.MANAGING_EDITOR,
        roles.LEADER,
    ]


@pytest.mark.django_db
def test_a_story_goes_through_every_level_and_reaches_readers_only_at_the_end(sections, client_of, people):
    thoi_su = sections[0]
    assert not reader_sees(thoi_su, TITLE)  # the section page is now in the cache
    assert store.get_page(thoi_su.url) is not None

    response = add_article(client_of("phongvien"), thoi_su)
    assert response.status_code == 302, response.content[:500]
    article = ArticlePage.objects.get(title=TITLE)
    assert not article.live
    assert step_of(article) == "Biên tập"
    to_editor = mailed_to("bientap@hoaphuong.example.vn")
    assert to_editor, "the editors are told a story waits for them"
    assert f'"{TITLE}" đã được gửi phê duyệt ở bước duyệt "Biên tập"' in to_editor[0].subject
    assert not mailed_to("thuky@hoaphuong.example.vn")

    # The editor sends it back; a reason is required and reaches the reporter.
    editor = client_of("bientap")
    response = act(editor, article, "reject", comment="")
    assert "Hãy ghi lý do" in response.json()["html"]
    assert step_of(article) == "Biên tập"
    mail.outbox.clear()
    act(editor, article, "reject", comment="Thiếu nguồn ảnh ở đoạn hai.")
    article.refresh_from_db()
    assert article.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    to_reporter = mailed_to("phongvien@hoaphuong.example.vn")
    assert to_reporter and "Thiếu nguồn ảnh ở đoạn hai." in to_reporter[0].body
    assert "đã yêu cầu sửa" in to_reporter[0].body and "requested" not in to_reporter[0].body

    # The reporter reads the reason where the story is mended, mends it and resubmits: it comes
    # back to the editor, not to the start.
    edit_url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    edit_page = client_of("phongvien").get(edit_url).content.decode()
    assert "Bài được trả lại ở bước Biên tập (bientap," in edit_page
    assert "Lý do: Thiếu nguồn ảnh ở đoạn hai." in edit_page
    response = client_of("phongvien").post(edit_url, article_form(TITLE, lead="Có nguồn ảnh."))
    assert response.status_code == 302
    assert step_of(article) == "Biên tập"

    for username, next_step in (("bientap", "Thư ký tòa soạn"), ("thuky", "Lãnh đạo duyệt")):
        mail.outbox.clear()
        assert act(client_of(username), article, "approve").status_code == 200
        assert step_of(article) == next_step
        assert not reader_sees(thoi_su, TITLE)
        reviewers = {"Thư ký tòa soạn": "thuky", "Lãnh đạo duyệt": "lanhdao"}[next_step]
        assert mailed_to(f"{reviewers}@hoaphuong.example.vn"), f"{next_step} is told"

    act(client_of("lanhdao"), article, "approve", comment="Đồng ý đăng.")
    article.refresh_from_db()
    assert article.live and article.current_workflow_state is None
    assert reader_sees(thoi_su, TITLE), "the cached section page was renewed at the last approval"
    assert Client().get(article.url).status_code == 200


@pytest.mark.django_db
def test_a_reviewer_cannot_act_on_another_levels_step(sections, client_of):
    add_article(client_of("phongvien"), sections[0])
    article = ArticlePage.objects.get(title=TITLE)
    for username in ("thuky", "lanhdao", "phongvien"):
        act(client_of(username), article, "approve")
        assert step_of(article) == "Biên tập", f"{username} moved the editor's step"


@pytest.mark.django_db
def test_the_listing_says_who_is_reviewing_and_by_when(sections, client_of, people):
    add_article(client_of("phongvien"), sections[0])
    article = ArticlePage.objects.get(title=TITLE)
    editor = client_of("bientap")
    listing = editor.get(reverse("wagtailadmin_explore", args=(sections[0].pk,)))
    row = BeautifulSoup(listing.content, "html.parser").find(string=re.compile(TITLE)).find_parent("tr")
    text = " ".join(row.get_text(" ").split())
    assert "Đang được duyệt bởi Biên tập viên" in text
    assert "Hạn" in text and "Quá hạn" not in text

    # The editor takes it (locks the page): the listing names the person.
    editor.post(reverse("wagtailadmin_pages:lock", args=(article.pk,)))
    listing = client_of("thuky").get(reverse("wagtailadmin_explore", args=(sections[0].pk,)))
    row = BeautifulSoup(listing.content, "html.parser").find(string=re.compile(TITLE)).find_parent("tr")
    assert "Đang được duyệt bởi bientap (Biên tập viên)" in " ".join(row.get_text(" ").split())


def queries_of(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.django_db
def test_the_review_status_of_a_listing_costs_two_queries_whatever_its_length(sections, client_of):
    """Wagtail's listing prefetches workflow states; the status adds the steps' rules, once.
    (Wagtail's own cells cost two queries a row: the note on issue 13 gives the figures.)"""
    reporter = client_of("phongvien")
    for number in range(12):
        add_article(reporter, sections[0], title=f"Bài số {number}")
    pages = list(Page.objects.child_of(sections[0]).prefetch_workflow_states().select_related("locked_by"))
    with CaptureQueriesContext(connection) as queries:
        rules = step_rules()
        statuses = [review_status(page, rules) for page in pages]
    assert len(queries.captured_queries) == 2
    assert {status.step for status in statuses} == {"Biên tập"}
    editor = client_of("bientap")
    listing = editor.get(reverse("wagtailadmin_explore", args=(sections[0].pk,)))
    assert listing.content.decode().count("Đang được duyệt bởi") == 12


@pytest.mark.django_db
def test_an_overdue_step_is_marked_and_its_reviewers_reminded_once(sections, client_of):
    from datetime import timedelta

    from django.core.management import call_command

    add_article(client_of("phongvien"), sections[0])
    article = ArticlePage.objects.get(title=TITLE)
    TaskState.objects.filter(pk=article.current_workflow_task_state.pk).update(
        started_at=article.current_workflow_task_state.started_at - timedelta(hours=9)
    )
    mail.outbox.clear()
    call_command("every_minute")
    reminders = [message for message in mail.outbox if message.subject.startswith("Quá hạn duyệt")]
    assert [message.to for message in reminders] == [["bientap@hoaphuong.example.vn"]]
    assert TITLE in reminders[0].subject and "/admin/pages/" in reminders[0].body
    call_command("every_minute")
    assert len([message for message in mail.outbox if message.subject.startswith("Quá hạn duyệt")]) == 1

    home = client_of("bientap").get(reverse("wagtailadmin_home")).content.decode()
    panel = BeautifulSoup(home, "html.parser").find(id="review-deadlines-section")
    assert panel is not None and TITLE in panel.get_text() and "Quá hạn" in panel.get_text()
    assert "Chờ tôi duyệt" in home  # Wagtail's own list of what waits for this person


@pytest.mark.django_db
def test_a_story_with_a_future_time_approved_at_the_last_step_waits_for_its_time(sections, client_of):
    """Approval publishes as the editor's click would: a future "Thời gian đăng" schedules it."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    ahead = timezone.localtime() + timedelta(hours=2)
    url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", sections[0].pk))
    client_of("phongvien").post(url, article_form(TITLE, published_at=ahead.strftime("%Y-%m-%d %H:%M")))
    article = ArticlePage.objects.get(title=TITLE)
    for username in ("bientap", "thuky", "lanhdao"):
        act(client_of(username), article, "approve")
    article.refresh_from_db()
    assert not article.live and article.current_workflow_state is None
    assert article.scheduled_revision is not None
    assert not reader_sees(sections[0], TITLE)

    later = timezone.now() + timedelta(hours=2, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live
    assert reader_sees(sections[0], TITLE)
