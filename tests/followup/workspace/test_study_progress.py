"""A unit's page and its study sessions and progress rounds through the client: reporting a
session sends the study result when nothing stands, a progress round makes one report per
task and completes a follow-up task reported done; the page shows deadlines in Vietnamese,
the city's comment, the follow-up tasks' questions and the reminders received."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from congtin.conferences.models import Question
from congtin.followup.models import FollowUpTask, ProgrammeTask, ProgressReport, Reminder, Result, StudySession
from tests.support import conference_under_way

from .support import make_setup, session_data, signed_in

pytestmark = pytest.mark.django_db


def test_reporting_a_session_sends_the_study_result_once_until_returned():
    setup = make_setup()
    member = signed_in(setup.member)
    add_url = reverse("followup:session_add", args=[setup.ours.code, setup.directive.pk])
    response = member.post(add_url, session_data(), follow=True)
    page = response.content.decode()
    assert "Đã gửi báo cáo học tập, quán triệt tới Thành đoàn" in page
    assert "Học tập kết quả hội nghị trực tuyến" in page
    study = setup.result("study")
    assert (study.state, study.versions) == (Result.State.SUBMITTED, 1)
    assert study.submissions.get().snapshot["sessions"][0]["reached"] == 12 + 30 + 5 + 240

    member.post(add_url, session_data(title="Buổi thứ hai", held_on="2026-07-12"))
    study.refresh_from_db()
    assert study.versions == 1  # the first still waits for review
    assert StudySession.objects.filter(unit=setup.ours).count() == 2

    result_url = reverse("followup:result", args=[study.pk])
    assert "Gửi lại báo cáo</button>" not in member.get(result_url).content.decode()
    study.return_for_changes(setup.staff, "Ghi rõ số Bí thư chi đoàn")
    page = member.get(result_url).content.decode()
    assert "Ghi rõ số Bí thư chi đoàn" in page and "Gửi lại báo cáo</button>" in page
    member.post(add_url, session_data(title="Buổi thứ ba", held_on="2026-07-14"))
    study.refresh_from_db()
    assert (study.state, study.versions) == (Result.State.SUBMITTED, 2)
    assert len(study.submissions.get(number=2).snapshot["sessions"]) == 3


def test_sessions_are_locked_once_the_study_result_is_accepted():
    setup = make_setup()
    member = signed_in(setup.member)
    member.post(reverse("followup:session_add", args=[setup.ours.code, setup.directive.pk]), session_data())
    session = StudySession.objects.get()
    setup.result("study").accept(setup.staff)
    edit = member.post(reverse("followup:session_edit", args=[session.pk]), session_data(title="Sửa muộn"), follow=True)
    assert "không sửa được" in edit.content.decode()
    member.post(reverse("followup:session_delete", args=[session.pk]))
    session.refresh_from_db()
    assert session.title == "Học tập kết quả hội nghị trực tuyến"


def test_a_session_is_edited_and_deleted_while_open():
    setup = make_setup()
    member = signed_in(setup.member)
    member.post(reverse("followup:session_add", args=[setup.ours.code, setup.directive.pk]), session_data())
    session = StudySession.objects.get()
    member.post(reverse("followup:session_edit", args=[session.pk]), session_data(reached_members="300"))
    session.refresh_from_db()
    assert session.reached_members == 300
    assert "Xóa “Học tập" in member.get(reverse("followup:session_delete", args=[session.pk])).content.decode()
    member.post(reverse("followup:session_delete", args=[session.pk]))
    assert not StudySession.objects.exists()


def test_a_progress_round_reports_every_task_and_completes_followups():
    setup = make_setup()
    task = ProgrammeTask.objects.create(result=setup.result("programme"), content="Ra quân", due_on="2026-10-01")
    followup = FollowUpTask.objects.create(
        directive=setup.directive, unit=setup.ours, title="Trả lời kiến nghị về sân chơi", due_on="2026-09-01"
    )
    round_ = setup.result("progress")
    member = signed_in(setup.member)
    url = reverse("followup:progress", args=[round_.pk])
    page = member.get(url).content.decode()
    assert "Ra quân" in page and "Trả lời kiến nghị về sân chơi" in page
    data = {
        f"pt-{task.pk}-status": "in_progress",
        f"pt-{task.pk}-percent": "60",
        f"pt-{task.pk}-difficulties": "Thiếu kinh phí",
        f"ft-{followup.pk}-status": "done",
        f"ft-{followup.pk}-percent": "100",
        f"ft-{followup.pk}-evidence": "Đã làm việc với phường",
    }
    response = member.post(url, data, follow=True)
    assert "Đã gửi báo cáo tiến độ tới Thành đoàn" in response.content.decode()
    assert "Thiếu kinh phí" in response.content.decode()
    assert ProgressReport.objects.filter(round=round_).count() == 2
    followup.refresh_from_db()
    assert followup.completed_at is not None
    round_.refresh_from_db()
    assert (round_.state, round_.versions) == (Result.State.SUBMITTED, 1)
    rows = round_.submissions.get().snapshot["rows"]
    assert [(row["title"], row["percent"]) for row in rows] == [("Ra quân", 60), ("Trả lời kiến nghị về sân chơi", 100)]
    again = member.post(url, data, follow=True)
    assert "đã gửi" in again.content.decode()
    assert ProgressReport.objects.count() == 2


def test_the_unit_page_shows_deadlines_comments_followups_and_reminders():
    setup = make_setup()
    _conference, _items, points = conference_under_way("hoi-nghi-sau")
    question = Question.objects.create(
        bridge_point=points[0], text="Kinh phí cho sân chơi thiếu nhi?", status="answered", answer="Phường bố trí."
    )
    FollowUpTask.objects.create(
        directive=setup.directive, unit=setup.ours, question=question, title="Bố trí sân chơi", due_on="2099-09-01"
    )
    programme = setup.result("programme")
    programme.submit(setup.member)
    programme.return_for_changes(setup.staff, "Thiếu văn bản đã ký")
    for day, message in ((1, "Nhắc lần đầu"), (8, "Nhắc lần sau")):
        Reminder.objects.create(
            result=programme,
            unit=setup.ours,
            rung=str(day),
            sent_at=datetime(2026, 8, day, 2, 0, tzinfo=UTC),
            message=message,
        )
    Reminder.objects.create(
        result=setup.result("programme", setup.theirs),
        unit=setup.theirs,
        rung="7",
        sent_at=timezone.now(),
        message="Nhắc đơn vị khác",
    )
    page = signed_in(setup.member).get(reverse("followup:unit_directive", args=[setup.ours.code, setup.directive.pk]))
    html = page.content.decode()
    assert "15/08/2099" in html  # the programme's deadline, Vietnamese style
    assert "Chưa hoàn thành, trong hạn" in html
    assert "Thiếu văn bản đã ký" in html and "Thành đoàn trả lại để hoàn thiện" in html
    assert "Kinh phí cho sân chơi thiếu nhi?" in html and "Bố trí sân chơi" in html
    assert html.index("Nhắc lần sau") < html.index("Nhắc lần đầu")
    assert "Thứ Bảy, 08/08/2026 09:00" in html  # sent 02:00 UTC, read in Vietnam time
    assert "Nhắc đơn vị khác" not in html


def test_one_unit_with_one_directive_goes_straight_to_its_page():
    setup = make_setup()
    response = signed_in(setup.member).get(reverse("followup:workspace"))
    assert response.status_code == 302
    assert response["Location"] == reverse("followup:unit_directive", args=[setup.ours.code, setup.directive.pk])
    below = setup.units[2]
    unit_page = signed_in(setup.member).get(response["Location"]).content.decode()
    assert reverse("followup:unit_directive", args=[below.code, setup.directive.pk]) in unit_page
    listing = signed_in(setup.staff).get(reverse("followup:workspace")).content.decode()
    assert setup.ours.name in listing and setup.theirs.name in listing


def test_the_menu_offers_the_workspace_to_unit_people_and_city_staff_only(rf):
    from django.contrib.auth import get_user_model
    from wagtail.admin.menu import Menu

    setup = make_setup()
    outsider = get_user_model().objects.create_user("bientap", "bientap@example.vn", "mat-khau-dai-1")

    def labels(user):
        request = rf.get("/admin/")
        request.user = user
        return [
            str(item.label)
            for item in Menu(register_hook_name="register_followup_menu_item").menu_items_for_request(request)
        ]

    assert "Việc của đơn vị" in labels(setup.member)
    assert "Việc của đơn vị" in labels(setup.staff)
    assert "Việc của đơn vị" not in labels(outsider)


def test_the_unit_page_costs_the_same_queries_for_one_record_or_many():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    setup = make_setup()
    member = signed_in(setup.member)
    url = reverse("followup:unit_directive", args=[setup.ours.code, setup.directive.pk])
    programme = setup.result("programme")

    def add_records(count):
        for n in range(count):
            StudySession.objects.create(
                directive=setup.directive,
                unit=setup.ours,
                held_on="2026-07-01",
                title=f"Buổi {n}",
                reached_members=10,
                reported_at=timezone.now(),
            )
            task = FollowUpTask.objects.create(
                directive=setup.directive, unit=setup.ours, title=f"Việc {n}", due_on="2099-09-01"
            )
            ProgressReport.objects.create(
                followup_task=task, status="in_progress", percent=10, reported_at=timezone.now()
            )
            Reminder.objects.create(
                result=programme, unit=setup.ours, rung=f"r{n}-{count}", sent_at=timezone.now(), message=f"Nhắc {n}"
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert member.get(url).status_code == 200
        return len(captured)

    add_records(1)
    few = queries()
    add_records(6)
    assert queries() == few
