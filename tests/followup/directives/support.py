"""Builders for the directive set-up tests: a conference whose bridge points match units,
and the directive form's data as the back office posts it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from congtin.conferences.models import BridgePoint, Question
from tests.conferences.support import make_conference

ADMIN = "/admin/theo-doi/thiet-lap/van-ban/"


def conference_with_points(units, slug="hoi-nghi-giua-nam"):
    """A conference with a bridge point for each of `units` (its code set on the unit) and one more."""
    conference = make_conference(slug=slug, title="Hội nghị giữa năm", organiser="Thành đoàn Hoa Phượng")
    points = []
    for number, unit in enumerate(units, start=1):
        unit.bridge_point_code = f"DC{number:02d}"
        unit.save(update_fields=["bridge_point_code"])
        points.append(BridgePoint.objects.create(conference=conference, code=unit.bridge_point_code, name=unit.name))
    BridgePoint.objects.create(conference=conference, code="DC99", name="Điểm cầu không có đơn vị")
    return conference, points


def ask(point, text, answered=False):
    status = Question.Status.ANSWERED if answered else Question.Status.APPROVED
    return Question.objects.create(
        bridge_point=point, text=text, status=status, answer="Thành đoàn sẽ hỗ trợ." if answered else ""
    )


def directive_data(requirements=(), units=(), units_from="chosen", **fields):
    data = {
        "title": "Hướng dẫn học tập, quán triệt",
        "reference": "125-HD/TĐTN",
        "issued_on": "2026-07-01",
        "issued_by": "Ban Thường vụ Thành đoàn",
        "conference": "",
        "summary": "",
        "requirements": inline_formset(list(requirements), initial=sum(1 for item in requirements if "id" in item)),
        "units_from": units_from,
        "progress_from": "",
        "progress_to": "",
        "progress_day": "",
    }
    data.update(fields)
    posted = nested_form_data(data)
    posted["units"] = [str(unit.pk) for unit in units]
    return posted
