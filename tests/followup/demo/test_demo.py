"""make demo's follow-up: the demo conference's 56 bridge points as units under the city, a
directive following the union's earlier, ended conference (the demo conference itself is still to
come) whose results show every standing and whose follow-up tasks come from that conference's
questions, its accounts signing in, and a second run that changes nothing."""

import io
import stat
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from pypdf import PdfReader

from congtin.conferences.models import BridgePoint, Conference, Question
from congtin.demo.management.commands import load_demo
from congtin.followup.models import (
    Directive,
    FollowUpTask,
    ProgrammeTask,
    ProgressReport,
    Reminder,
    Result,
    StudySession,
    Submission,
    Unit,
)
from congtin.followup.status import Standing

MODELS = (
    Conference,
    BridgePoint,
    Question,
    Unit,
    Directive,
    Result,
    Submission,
    StudySession,
    ProgrammeTask,
    ProgressReport,
    FollowUpTask,
    Reminder,
)


@pytest.fixture
def followup_file(tmp_path, monkeypatch, home, settings):
    settings.CONGTIN_REQUIRE_2FA = False  # as congtin.settings.demo says
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(load_demo, "FOLLOWUP_FILE", tmp_path / "demo-followup.txt")
    return tmp_path / "demo-followup.txt"


def test_the_demo_conference_units_get_a_directive_with_every_standing(followup_file, capsys, client):
    load_demo.Command().ensure_followup()
    printed = capsys.readouterr().out

    city = Unit.objects.get(code="TDHP")
    assert city.name == "Thành đoàn Hoa Phượng" and city.parent is None
    levels = Counter(Unit.objects.exclude(pk=city.pk).values_list("level", flat=True))
    assert levels == {Unit.Level.DISTRICT: 14, Unit.Level.GRASSROOTS: 42}
    trung_tam = Unit.objects.get(code="DC01")
    assert (trung_tam.name, trung_tam.parent, trung_tam.bridge_point_code) == ("Quận đoàn Trung Tâm", city, "DC01")
    assert trung_tam.secretary_email.endswith("@example.vn")
    assert Unit.objects.get(code="DC02").parent == trung_tam
    assert not Unit.objects.filter(secretary_email="").exists()

    directive = Directive.objects.get()
    assert directive.title == "Hướng dẫn học tập, quán triệt kết quả hội nghị"
    assert directive.units.count() == 56
    # It follows the union's earlier conference, ended before the directive was issued, with the
    # same bridge points; the demo conference (the live-video one) is still to come.
    today = timezone.localdate()
    earlier = directive.conference
    assert earlier.slug == "hoi-nghi-quan-triet-thanh-doan-hoa-phuong" and earlier.status == Conference.Status.ENDED
    assert earlier.organiser == "Thành đoàn Hoa Phượng"
    assert 35 <= (today - timezone.localtime(earlier.starts_at).date()).days <= 42
    assert timezone.localtime(earlier.ends_at).date() < directive.issued_on < today
    upcoming = Conference.objects.get(slug="hoi-nghi-truc-tuyen-thanh-doan-hoa-phuong")
    assert upcoming.status == Conference.Status.UPCOMING and upcoming.starts_at > timezone.now()
    assert not Question.objects.filter(bridge_point__conference=upcoming).exists()
    codes = set(BridgePoint.objects.filter(conference=earlier).values_list("code", flat=True))
    assert codes == set(BridgePoint.objects.filter(conference=upcoming).values_list("code", flat=True))
    assert codes == set(directive.units.values_list("bridge_point_code", flat=True))
    held = StudySession.objects.filter(directive=directive).values_list("held_on", flat=True)
    assert min(held) > timezone.localtime(earlier.ends_at).date()
    kinds = list(directive.requirements.values_list("kind", flat=True))
    assert kinds == ["study", "programme", "progress", "progress", "progress"]
    now = timezone.now()
    results = Result.objects.filter(requirement__directive=directive).select_related("requirement")
    standings = Counter(result.standing(now) for result in results)
    assert all(standings[standing] >= 5 for standing in Standing), standings
    study = Counter(r.standing(now) for r in results if r.requirement.kind == "study")
    assert study[Standing.ON_TIME] > study[Standing.LATE] > 0 and study[Standing.OVERDUE] > 0

    returned = results.filter(state=Result.State.RETURNED, requirement__kind="programme")
    assert returned.filter(unit=trung_tam).exists() and returned.count() >= 3
    assert Submission.objects.filter(result__in=returned).exclude(return_comment="").count() == returned.count()
    assert results.filter(state=Result.State.ACCEPTED).exists()

    sessions = StudySession.objects.filter(directive=directive)
    assert sessions.values("unit").distinct().count() == 48
    assert all(session.reached > 0 for session in sessions)
    document = Submission.objects.filter(result__requirement__kind="programme").exclude(document="").first()
    with document.document.open("rb") as handle:
        pdf = PdfReader(io.BytesIO(handle.read()), strict=True)
    assert "Chuong trinh hanh dong" in pdf.pages[0].extract_text()
    assert ProgrammeTask.objects.filter(result__unit=trung_tam).count() == 3
    assert ProgressReport.objects.filter(round__isnull=False).exists()

    # Its bridge points' questions: some answered in the hall, some difficulties left unanswered,
    # each the source of a follow-up task for that bridge point's unit.
    questions = Question.objects.filter(bridge_point__conference=earlier)
    answered = questions.filter(status=Question.Status.ANSWERED)
    assert answered.count() >= 2 and not answered.filter(answer="").exists()
    assert questions.filter(status=Question.Status.APPROVED, answer="").count() >= 1
    tasks = FollowUpTask.objects.filter(directive=directive).select_related("question__bridge_point", "unit")
    assert tasks.count() == questions.count()
    assert all(task.question.bridge_point.code == task.unit.bridge_point_code for task in tasks)
    assert {task.question.status for task in tasks} == {Question.Status.ANSWERED, Question.Status.APPROVED}
    assert tasks.filter(completed_at__isnull=True, due_on__lt=today).exists()
    assert tasks.filter(completed_at__isnull=True, due_on__gte=today).count() == 2
    assert tasks.filter(completed_at__isnull=False).count() == 2
    trung_tam_task = tasks.get(unit=trung_tam)
    # The page shows the question beside the task: the task's own text does not repeat it.
    assert trung_tam_task.detail and trung_tam_task.question.text not in trung_tam_task.detail

    # The two accounts, printed, kept in a private file, and signing in.
    assert stat.S_IMODE(followup_file.stat().st_mode) == 0o600
    accounts = [line.split("\t") for line in followup_file.read_text(encoding="utf-8").splitlines()]
    assert [username for _role, username, _password in accounts] == ["bithu", "theodoi"]
    assert "Theo dõi sau hội nghị: Hướng dẫn học tập, quán triệt kết quả hội nghị, 56 đơn vị" in printed
    for role, username, password in accounts:
        assert f"{role}: tài khoản {username}  mật khẩu: {password}" in printed
        signed_in = client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})
        assert signed_in.status_code == 302 and signed_in["Location"] == "/admin/", username
        assert client.get("/admin/").status_code == 200, username
        log = client.get("/admin/theo-doi/nhac-viec/")
        assert log.status_code == (200 if username == "theodoi" else 302), username
        client.post("/admin/logout/")
    assert list(get_user_model().objects.get(username="bithu").followup_units.all()) == [trung_tam]


def test_a_second_run_changes_nothing(followup_file, capsys):
    load_demo.Command().ensure_followup()
    counts = {model.__name__: model.objects.count() for model in MODELS}
    states = sorted(Result.objects.values_list("pk", "state", "completed_at"))
    accounts = followup_file.read_text(encoding="utf-8")
    load_demo.Command().ensure_followup()
    assert {model.__name__: model.objects.count() for model in MODELS} == counts
    assert sorted(Result.objects.values_list("pk", "state", "completed_at")) == states
    assert followup_file.read_text(encoding="utf-8") == accounts
    assert get_user_model().objects.filter(username__in=["bithu", "theodoi"]).count() == 2
    assert counts["Unit"] == 57 and counts["Directive"] == 1
    assert counts["Conference"] == 2 and counts["BridgePoint"] == 112
    assert counts["FollowUpTask"] == counts["Question"] > 0
    earlier = Conference.objects.get(slug="hoi-nghi-quan-triet-thanh-doan-hoa-phuong")
    assert Directive.objects.get().conference == earlier
