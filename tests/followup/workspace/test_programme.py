"""An action programme through the client: tasks, the adopted document, "Gửi chương trình",
the city's return with a comment, the unit's resend, acceptance; a double "Gửi" makes one
version; the document is served only to those who may see the unit (a PDF inline, a DOCX's
text as a page)."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congtin.followup.models import ProgrammeTask, Result

from .support import MINIMAL_PDF, docx_bytes, make_setup, pdf_upload, signed_in, task_data

pytestmark = pytest.mark.django_db
COMMENT = "Bổ sung nhiệm vụ về chuyển đổi số, ghi rõ đơn vị chủ trì."


def test_a_programme_returned_and_resubmitted():
    setup = make_setup()
    programme = setup.result("programme")
    member, staff = signed_in(setup.member), signed_in(setup.staff)
    result_url = reverse("followup:result", args=[programme.pk])
    unit_url = reverse("followup:unit_directive", args=[setup.ours.code, setup.directive.pk])

    for content in ("Ra quân Chủ nhật xanh", "Tuyên truyền nghị quyết trên mạng xã hội"):
        response = member.post(reverse("followup:task_add", args=[programme.pk]), task_data(content=content))
        assert response.status_code == 302
    response = member.post(
        reverse("followup:result_submit", args=[programme.pk]),
        {"document": pdf_upload("Chương trình hành động.pdf"), "adopted_on": "2026-07-20", "note": "Bản thứ nhất"},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã gửi tới Thành đoàn" in page
    assert "Đã gửi, chờ xem xét" in page
    assert "Chương trình hành động.pdf" in page
    first = programme.submissions.get()
    assert [task["content"] for task in first.snapshot["tasks"]] == [
        "Ra quân Chủ nhật xanh",
        "Tuyên truyền nghị quyết trên mạng xã hội",
    ]
    assert "Chương trình hành động" not in first.document.name  # stored under a name nobody guesses

    # While it waits for review the tasks stay as sent: the city reviews what the unit sent.
    waiting = member.post(reverse("followup:task_add", args=[programme.pk]), task_data(content="Thêm sau khi gửi"))
    assert waiting.status_code == 302
    page = member.get(result_url).content.decode()
    assert "Chương trình đang chờ Thành đoàn xem xét: sửa nhiệm vụ khi chương trình được trả lại." in page
    assert "Thêm nhiệm vụ" not in page
    assert programme.tasks.count() == 2
    task = programme.tasks.first()
    member.post(reverse("followup:task_edit", args=[task.pk]), task_data(content="Sửa khi đang chờ"))
    member.post(reverse("followup:task_delete", args=[task.pk]))
    task.refresh_from_db()
    assert task.content == "Ra quân Chủ nhật xanh"

    response = staff.post(reverse("followup:result_return", args=[programme.pk]), {"comment": COMMENT}, follow=True)
    assert "Đã trả lại để đơn vị hoàn thiện" in response.content.decode()
    for url in (unit_url, result_url):
        page = member.get(url).content.decode()
        assert COMMENT in page and "Trả lại để hoàn thiện" in page
    banner = BeautifulSoup(member.get(result_url).content, "html.parser").select_one('.fw-returned[role="alert"]')
    assert " ".join(banner.get_text(" ").split()) == f"Thành đoàn trả lại lần gửi thứ 1 để hoàn thiện: {COMMENT}"

    task = programme.tasks.first()
    member.post(reverse("followup:task_edit", args=[task.pk]), task_data(content="Ngày hội chuyển đổi số"))
    # Resent without a new file: the document of the first version goes again.
    response = member.post(
        reverse("followup:result_submit", args=[programme.pk]), {"adopted_on": "2026-07-22", "note": "Bản thứ hai"}
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.state, programme.versions) == (Result.State.SUBMITTED, 2)
    second = programme.submissions.get(number=2)
    assert second.document.name == first.document.name
    assert second.snapshot["document_name"] == "Chương trình hành động.pdf"
    assert second.snapshot["tasks"][0]["content"] == "Ngày hội chuyển đổi số"
    assert first.snapshot["tasks"][0]["content"] == "Ra quân Chủ nhật xanh"  # the first version kept as sent

    page = staff.get(result_url).content.decode()
    assert "Lần 2, gửi" in page and "Lần 1, gửi" in page and COMMENT in page
    staff.post(reverse("followup:result_accept", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.state == Result.State.ACCEPTED
    page = member.get(result_url).content.decode()
    assert "Đã tiếp nhận" in page and "Gửi chương trình</button>" not in page and "Thêm nhiệm vụ" not in page
    response = member.post(reverse("followup:task_edit", args=[task.pk]), task_data(content="Sửa sau khi tiếp nhận"))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.content == "Ngày hội chuyển đổi số"


def test_a_double_send_makes_one_version():
    setup = make_setup()
    programme = setup.result("programme")
    ProgrammeTask.objects.create(result=programme, content="Nhiệm vụ", due_on="2026-10-01")
    member = signed_in(setup.member)
    url = reverse("followup:result_submit", args=[programme.pk])
    first = member.post(url, {"document": pdf_upload(), "adopted_on": "2026-07-20"})
    second = member.post(url, {"document": pdf_upload(), "adopted_on": "2026-07-20"}, follow=True)
    assert first.status_code == 302
    assert "Bản đã gửi đang chờ xem xét" in second.content.decode()
    programme.refresh_from_db()
    assert programme.versions == 1
    assert programme.submissions.count() == 1


def test_a_pdf_opens_inline_for_the_unit_and_the_city_only():
    setup = make_setup()
    programme = setup.result("programme")
    ProgrammeTask.objects.create(result=programme, content="Nhiệm vụ", due_on="2026-10-01")
    submission = programme.submit(setup.member, document=pdf_upload(), adopted_on="2026-07-20")
    url = reverse("followup:submission_document", args=[submission.pk])
    for user in (setup.member, setup.staff):
        response = signed_in(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline")
        assert b"".join(response.streaming_content) == MINIMAL_PDF  # read whole: the client closes the file
    assert signed_in(setup.other_member).get(url).status_code == 404
    download = signed_in(setup.member).get(url, {"tai-ve": ""})  # the "Tải về" button
    assert download["Content-Disposition"].startswith("attachment")
    b"".join(download.streaming_content)
    preview = signed_in(setup.member).get(reverse("followup:submission_preview", args=[submission.pk]))
    assert preview.status_code == 302 and preview["Location"] == url


def test_a_docx_previews_as_text_and_downloads():
    setup = make_setup()
    programme = setup.result("programme")
    ProgrammeTask.objects.create(result=programme, content="Nhiệm vụ", due_on="2026-10-01")
    upload = SimpleUploadedFile(
        "chuong-trinh.docx", docx_bytes(["CHƯƠNG TRÌNH HÀNH ĐỘNG", "Thực hiện &lt;script&gt; kết luận"])
    )
    response = signed_in(setup.member).post(
        reverse("followup:result_submit", args=[programme.pk]), {"document": upload, "adopted_on": "2026-07-20"}
    )
    assert response.status_code == 302
    submission = programme.submissions.get()
    page = signed_in(setup.staff).get(reverse("followup:submission_preview", args=[submission.pk])).content.decode()
    assert "<p>CHƯƠNG TRÌNH HÀNH ĐỘNG</p>" in page
    assert "Thực hiện &lt;script&gt; kết luận" in page and "<script> kết luận" not in page
    download = signed_in(setup.staff).get(reverse("followup:submission_document", args=[submission.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert "chuong-trinh.docx" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"PK")  # read whole: the client closes the file


def test_the_stored_file_is_not_served_as_a_plain_media_file(client, settings):
    """Only the checked view serves it: the demo's media URLs (as nginx's in production,
    tests/deploy) leave the follow-up's files out."""
    setup = make_setup()
    programme = setup.result("programme")
    ProgrammeTask.objects.create(result=programme, content="Nhiệm vụ", due_on="2026-10-01")
    submission = programme.submit(setup.member, document=pdf_upload(), adopted_on="2026-07-20")
    settings.ROOT_URLCONF = "congtin.demo.urls"
    assert client.get(f"/media/{submission.document.name}").status_code == 404
    assert signed_in(setup.member).get(f"/media/{submission.document.name}").status_code == 404
