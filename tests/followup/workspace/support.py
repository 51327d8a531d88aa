"""Builders for the workspace tests: two districts' units under one directive, people who
report for them, the city's staff, and documents (a small real PDF, a DOCX made with zipfile)."""

import io
import zipfile
from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from congtin.followup.models import Directive, Result, Unit
from tests.followup.support import make_city_staff, make_directive, make_tree, make_unit_member

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass
class Setup:
    units: list[Unit]
    directive: Directive
    ours: Unit  # the member's unit (a district)
    theirs: Unit  # another district
    member: object
    other_member: object
    staff: object

    def result(self, kind: str, unit: Unit | None = None) -> Result:
        return Result.objects.get(unit=unit or self.ours, requirement__directive=self.directive, requirement__kind=kind)


def make_setup() -> Setup:
    """City, two districts with one grassroots union each; the directive's due dates far ahead
    so nothing is overdue on the day the tests run."""
    units = make_tree(districts=2, grassroots=1)
    directive = make_directive(units[1:], due=(date(2099, 7, 31), date(2099, 8, 15), date(2099, 9, 30)))
    ours, theirs = units[1], units[3]
    return Setup(
        units=units,
        directive=directive,
        ours=ours,
        theirs=theirs,
        member=make_unit_member(ours, "bithu"),
        other_member=make_unit_member(theirs, "bithu2"),
        staff=make_city_staff(),
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_upload(name: str = "chuong-trinh.pdf", content: bytes = MINIMAL_PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes(paragraphs: list[str]) -> bytes:
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>' for text in paragraphs)
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{WORD}"><w:body>{body}</w:body>'
    document += "</w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def session_data(**overrides) -> dict:
    data = {
        "held_on": "2026-07-10",
        "form": "in_person",
        "title": "Học tập kết quả hội nghị trực tuyến",
        "documents": "Tài liệu hội nghị\nHướng dẫn 125-HD/TĐTN",
        "reached_secretaries": "12",
        "reached_branch_secretaries": "30",
        "reached_cadres": "5",
        "reached_members": "240",
    }
    data.update(overrides)
    return data


def task_data(**overrides) -> dict:
    data = {
        "content": "Tổ chức ngày hội chuyển đổi số cho đoàn viên",
        "lead": "Ban Tuyên giáo",
        "due_on": "2026-10-31",
        "expected_result": "100% chi đoàn tham gia",
    }
    data.update(overrides)
    return data
