"""make demo's follow-up: the demo conference's 56 bridge points as units under the city, a
directive whose results show every standing, its accounts signing in, and a second run that
changes nothing."""

import io
import stat
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from pypdf import PdfReader

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

MODELS = (Unit, Directive, Result, Submission, StudySession, ProgrammeTask, ProgressReport, FollowUpTask, Reminder)


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
    assert directive.conference.slug == "hoi-nghi-truc-tuyen-thanh-doan-hoa-phuong"
    assert directive.units.count() == 56
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
    assert FollowUpTask.objects.filter(directive=directive, completed_at__isnull=True).count() == 2

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
