"""Bad input gets a Vietnamese error on the form and saves nothing, never a 500: NUL
characters, digits of other scripts, impossible or future dates, a 0-byte or fake PDF, a
percentage of 150."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congtin.followup.models import ProgrammeTask, ProgressReport, Result, StudySession

from .support import docx_bytes, make_setup, pdf_upload, session_data, signed_in, task_data

pytestmark = pytest.mark.django_db


def errors_of(response) -> str:
    assert response.status_code == 400
    return " ".join(str(error) for error in response.context["form"].errors.values())


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "Học tập\x00", "Không được dùng ký tự rỗng"),
        ("reached_members", "١٢", "bằng các chữ số 0–9"),
        ("reached_members", "²", "bằng các chữ số 0–9"),
        ("reached_members", "-3", "bằng các chữ số 0–9"),
        ("reached_members", "99999999999", "Giá trị lớn nhất là 9.999.999"),
        ("held_on", "٢٠٢٦-٠٧-١٠", "Ngày không hợp lệ"),
        ("held_on", "2026-02-30", "Ngày không hợp lệ"),
        ("held_on", "10/07/2026", "Ngày không hợp lệ"),
        ("held_on", "1900-01-01", "từ năm 2000"),
        ("held_on", "2098-01-01", "không được sau hôm nay"),
        ("form", "hang-xom", "Hãy chọn một lựa chọn hợp lệ"),
    ],
)
def test_a_bad_study_session_is_refused_in_vietnamese(field, value, message):
    setup = make_setup()
    url = reverse("followup:session_add", args=[setup.ours.code, setup.directive.pk])
    response = signed_in(setup.member).post(url, session_data(**{field: value}))
    assert message in errors_of(response)
    assert "Chưa lưu được" in response.content.decode()
    assert not StudySession.objects.exists()
    assert setup.result("study").state == Result.State.PENDING


def test_a_session_that_reached_nobody_is_refused():
    setup = make_setup()
    url = reverse("followup:session_add", args=[setup.ours.code, setup.directive.pk])
    zero = {name: "0" for name in StudySession.REACHED_FIELDS}
    response = signed_in(setup.member).post(url, session_data(**zero))
    assert "ít nhất một nhóm" in errors_of(response)
    assert not StudySession.objects.exists()


def test_a_unit_cannot_add_sessions_or_tasks_past_the_caps(monkeypatch):
    """A runaway script, not a secretary, reaches the caps: the next one is refused in
    Vietnamese with a 400 and nothing more is stored."""
    from congtin.followup.workspace import views

    monkeypatch.setattr(views, "MAX_SESSIONS", 2)
    monkeypatch.setattr(views, "MAX_TASKS", 2)
    setup = make_setup()
    member = signed_in(setup.member)
    session_url = reverse("followup:session_add", args=[setup.ours.code, setup.directive.pk])
    task_url = reverse("followup:task_add", args=[setup.result("programme").pk])
    for _ in range(2):
        assert member.post(session_url, session_data()).status_code == 302
        assert member.post(task_url, task_data()).status_code == 302
    assert "2 buổi học tập, mức tối đa" in errors_of(member.post(session_url, session_data()))
    assert "2 nhiệm vụ, mức tối đa" in errors_of(member.post(task_url, task_data()))
    assert StudySession.objects.count() == ProgrammeTask.objects.count() == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("content", "", "Trường này là bắt buộc"),
        ("due_on", "2026-13-01", "Ngày không hợp lệ"),
        ("lead", "A\x00", "ký tự rỗng"),
    ],
)
def test_a_bad_task_is_refused_in_vietnamese(field, value, message):
    setup = make_setup()
    url = reverse("followup:task_add", args=[setup.result("programme").pk])
    response = signed_in(setup.member).post(url, task_data(**{field: value}))
    assert message in errors_of(response)
    assert not ProgrammeTask.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("chuong-trinh.pdf", b""), "0 byte"),
        (SimpleUploadedFile("chuong-trinh.pdf", b"<html>day khong phai PDF</html>"), "không phải là văn bản PDF"),
        (SimpleUploadedFile("chuong-trinh.pdf", b"%PDF-1.4 cut short"), "không phải là văn bản PDF"),
        (SimpleUploadedFile("chuong-trinh.pdf", docx_bytes(["Word đổi tên"])), "không phải là văn bản PDF"),
        (SimpleUploadedFile("chuong-trinh.docx", b"%PDF-1.4\n%%EOF"), "không phải là văn bản Word"),
        (SimpleUploadedFile("chuong-trinh.docx", b"PK\x03\x04 not a zip"), "không phải là văn bản Word"),
        (SimpleUploadedFile("chuong-trinh.exe", b"MZ"), "Chỉ nhận văn bản PDF hoặc Word"),
        (pdf_upload(content=b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF"), "lớn hơn 10 MB"),
    ],
)
def test_a_bad_document_is_refused_in_vietnamese(upload, message):
    setup = make_setup()
    programme = setup.result("programme")
    ProgrammeTask.objects.create(result=programme, content="Nhiệm vụ", due_on="2026-10-01")
    url = reverse("followup:result_submit", args=[programme.pk])
    response = signed_in(setup.member).post(url, {"document": upload, "adopted_on": "2026-07-20"})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Chưa gửi được" in page
    programme.refresh_from_db()
    assert (programme.state, programme.versions) == (Result.State.PENDING, 0)


def test_a_programme_without_document_date_or_tasks_is_not_sent():
    setup = make_setup()
    programme = setup.result("programme")
    url = reverse("followup:result_submit", args=[programme.pk])
    member = signed_in(setup.member)
    page = member.post(url, {"document": pdf_upload(), "adopted_on": "2026-07-20"}).content.decode()
    assert "ít nhất một nhiệm vụ" in page
    ProgrammeTask.objects.create(result=programme, content="Nhiệm vụ", due_on="2026-10-01")
    page = member.post(url, {"adopted_on": "2026-07-20"}).content.decode()
    assert "Hãy tải lên văn bản chương trình" in page
    page = member.post(url, {"document": pdf_upload(), "adopted_on": "٢٠٢٦-٠٧-٢٠"}).content.decode()
    assert "Ngày không hợp lệ" in page
    assert programme.submissions.count() == 0


@pytest.mark.parametrize(
    ("status", "percent", "message"),
    [
        ("in_progress", "150", "Giá trị lớn nhất là 100"),
        ("in_progress", "٥٠", "bằng các chữ số 0–9"),
        ("in_progress", "", "Trường này là bắt buộc"),
        ("done", "50", "đã hoàn thành thì tiến độ là 100%"),
        ("finished", "100", "Hãy chọn một lựa chọn hợp lệ"),
    ],
)
def test_a_bad_progress_row_is_refused_in_vietnamese(status, percent, message):
    setup = make_setup()
    task = ProgrammeTask.objects.create(result=setup.result("programme"), content="Nhiệm vụ", due_on="2026-10-01")
    round_ = setup.result("progress")
    url = reverse("followup:progress", args=[round_.pk])
    response = signed_in(setup.member).post(url, {f"pt-{task.pk}-status": status, f"pt-{task.pk}-percent": percent})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Chưa gửi được" in page
    assert not ProgressReport.objects.exists()
    round_.refresh_from_db()
    assert round_.versions == 0


def test_a_return_without_comment_is_refused():
    setup = make_setup()
    programme = setup.result("programme")
    ProgrammeTask.objects.create(result=programme, content="Nhiệm vụ", due_on="2026-10-01")
    programme.submit(setup.member, document=pdf_upload(), adopted_on="2026-07-20")
    response = signed_in(setup.staff).post(reverse("followup:result_return", args=[programme.pk]), {"comment": "  \n"})
    assert response.status_code == 400
    assert "Hãy ghi rõ nội dung cần hoàn thiện" in response.content.decode()
    programme.refresh_from_db()
    assert programme.state == Result.State.SUBMITTED


@pytest.mark.parametrize("path", ["ket-qua/abc/", "ket-qua/99999999999999999999/", "hoc-tap/0/sua/"])
def test_odd_addresses_are_not_found(path):
    setup = make_setup()
    assert signed_in(setup.member).get(f"/admin/theo-doi/{path}").status_code == 404
