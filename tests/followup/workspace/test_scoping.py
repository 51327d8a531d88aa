"""A unit sees and changes only its own records and those below it: another unit's pages are
404 by URL, and posting another unit's ids (tasks, sessions, results) changes nothing. Only
the city's follow-up staff return or accept what units send."""

import pytest
from django.urls import reverse
from django.utils import timezone

from congtin.followup.models import FollowUpTask, ProgrammeTask, ProgressReport, Result, StudySession

from .support import make_setup, pdf_upload, session_data, signed_in, task_data

pytestmark = pytest.mark.django_db


def their_records(setup):
    """Another unit's session, programme task and sent programme (with its document)."""
    session = StudySession.objects.create(
        directive=setup.directive,
        unit=setup.theirs,
        held_on="2026-07-01",
        title="Buổi của đơn vị khác",
        reached_members=10,
        reported_at=timezone.now(),
    )
    programme = setup.result("programme", setup.theirs)
    task = ProgrammeTask.objects.create(result=programme, content="Nhiệm vụ của đơn vị khác", due_on="2026-10-01")
    submission = programme.submit(setup.other_member, document=pdf_upload(), adopted_on="2026-07-20")
    return session, task, programme, submission


def test_another_units_pages_are_not_found(client):
    setup = make_setup()
    session, task, programme, submission = their_records(setup)
    ours = signed_in(setup.member)
    assert ours.get(reverse("followup:unit_directive", args=[setup.ours.code, setup.directive.pk])).status_code == 200
    for url in (
        reverse("followup:unit_directive", args=[setup.theirs.code, setup.directive.pk]),
        reverse("followup:unit_directive", args=[setup.units[0].code, setup.directive.pk]),  # the city, above us
        reverse("followup:session_add", args=[setup.theirs.code, setup.directive.pk]),
        reverse("followup:session_edit", args=[session.pk]),
        reverse("followup:session_delete", args=[session.pk]),
        reverse("followup:result", args=[programme.pk]),
        reverse("followup:task_add", args=[programme.pk]),
        reverse("followup:task_edit", args=[task.pk]),
        reverse("followup:progress", args=[setup.result("progress", setup.theirs).pk]),
        reverse("followup:submission_document", args=[submission.pk]),
        reverse("followup:submission_preview", args=[submission.pk]),
    ):
        response = ours.get(url)
        assert response.status_code == 404, url
        assert "Nhiệm vụ của đơn vị khác" not in response.content.decode()


def test_a_district_sees_the_units_below_it():
    setup = make_setup()
    below = setup.units[2]  # QD1-1, under our district
    response = signed_in(setup.member).get(reverse("followup:unit_directive", args=[below.code, setup.directive.pk]))
    assert response.status_code == 200
    assert below.name in response.content.decode()


def test_posting_another_units_ids_changes_nothing():
    setup = make_setup()
    session, task, programme, submission = their_records(setup)
    ours = signed_in(setup.member)
    for url, data in (
        (reverse("followup:task_edit", args=[task.pk]), task_data(content="Đã bị sửa")),
        (reverse("followup:task_delete", args=[task.pk]), {}),
        (reverse("followup:task_add", args=[programme.pk]), task_data()),
        (reverse("followup:session_edit", args=[session.pk]), session_data(title="Đã bị sửa")),
        (reverse("followup:session_delete", args=[session.pk]), {}),
        (reverse("followup:session_add", args=[setup.theirs.code, setup.directive.pk]), session_data()),
        (reverse("followup:result_submit", args=[programme.pk]), {"adopted_on": "2026-07-20"}),
    ):
        assert ours.post(url, data).status_code == 404, url
    task.refresh_from_db()
    session.refresh_from_db()
    assert task.content == "Nhiệm vụ của đơn vị khác"
    assert session.title == "Buổi của đơn vị khác"
    assert ProgrammeTask.objects.filter(result=programme).count() == 1
    assert StudySession.objects.filter(unit=setup.theirs).count() == 1
    assert programme.submissions.count() == 1


def test_a_progress_round_ignores_another_units_task_ids():
    setup = make_setup()
    _session, their_task, _programme, _submission = their_records(setup)
    their_followup = FollowUpTask.objects.create(
        directive=setup.directive, unit=setup.theirs, title="Việc của đơn vị khác", due_on="2026-09-01"
    )
    our_task = ProgrammeTask.objects.create(
        result=setup.result("programme"), content="Nhiệm vụ của chúng tôi", due_on="2026-10-01"
    )
    round_ = setup.result("progress")
    data = {f"pt-{our_task.pk}-status": "in_progress", f"pt-{our_task.pk}-percent": "40"}
    for key in (f"pt-{their_task.pk}", f"ft-{their_followup.pk}"):
        data.update({f"{key}-status": "done", f"{key}-percent": "100"})
    response = signed_in(setup.member).post(reverse("followup:progress", args=[round_.pk]), data)
    assert response.status_code == 302
    assert list(ProgressReport.objects.values_list("programme_task_id", "followup_task_id", "percent")) == [
        (our_task.pk, None, 40)
    ]
    their_followup.refresh_from_db()
    assert their_followup.completed_at is None


def test_only_city_staff_return_or_accept():
    setup = make_setup()
    programme = setup.result("programme")
    ProgrammeTask.objects.create(result=programme, content="Nhiệm vụ", due_on="2026-10-01")
    programme.submit(setup.member, document=pdf_upload(), adopted_on="2026-07-20")
    ours, theirs = signed_in(setup.member), signed_in(setup.other_member)
    return_url = reverse("followup:result_return", args=[programme.pk])
    accept_url = reverse("followup:result_accept", args=[programme.pk])
    assert ours.post(return_url, {"comment": "Tự trả lại"}).status_code == 403
    assert ours.post(accept_url).status_code == 403
    assert theirs.post(accept_url).status_code == 404
    page = ours.get(reverse("followup:result", args=[programme.pk])).content.decode()
    assert "Tiếp nhận</button>" not in page and "Trả lại</button>" not in page
    programme.refresh_from_db()
    assert programme.state == Result.State.SUBMITTED

    staff = signed_in(setup.staff)
    page = staff.get(reverse("followup:result", args=[programme.pk])).content.decode()
    assert "Tiếp nhận</button>" in page and "Trả lại</button>" in page
    assert staff.post(accept_url).status_code == 302
    programme.refresh_from_db()
    assert programme.state == Result.State.ACCEPTED
