"""`followup_setup FILE.json` creates a directive (its units, required results, monthly
schedule and results), updates it when run again, and on a bad file says what is wrong in
Vietnamese, exits non-zero and saves nothing."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from congtin.followup.models import Directive, Requirement, Result, Unit
from tests.followup.support import make_tree

from .support import conference_with_points

pytestmark = pytest.mark.django_db

GOOD = {
    "reference": "125-HD/TĐTN",
    "title": "Hướng dẫn học tập, quán triệt kết quả hội nghị",
    "issued_on": "2026-07-01",
    "issued_by": "Ban Thường vụ Thành đoàn",
    "units": "all",
    "unit_records": [
        {"code": "QD9-1", "name": "Đoàn phường Mới", "parent": "QD9", "level": "Đoàn cơ sở"},
        {"code": "QD9", "name": "Quận đoàn 9", "parent": "TD", "level": "Quận đoàn"},
    ],
    "requirements": [
        {"kind": "study", "title": "Tổ chức học tập, quán triệt", "due_on": "2026-07-31"},
        {"kind": "programme", "title": "Chương trình hành động", "due_on": "2026-08-15", "weight": 2},
    ],
    "progress": {"from": "2026-09", "to": "10/2026", "day": 5},
}


def run(tmp_path, spec):
    """The command's JSON summary; what it wrote to standard error is kept in tmp_path / "err"."""
    path = tmp_path / "chi-dao.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("followup_setup", str(path), stdout=out, stderr=err)
    finally:
        (tmp_path / "err").write_text(err.getvalue(), encoding="utf-8")
    return json.loads(out.getvalue())


def test_a_good_file_makes_the_directive_and_running_it_again_changes_nothing(tmp_path):
    make_tree(districts=1, grassroots=0)  # TD, QD1
    summary = run(tmp_path, GOOD)
    directive = Directive.objects.get()
    assert summary["reference"] == "125-HD/TĐTN" and summary["units"] == 3
    assert Unit.objects.get(code="QD9-1").parent.code == "QD9"
    assert set(directive.units.values_list("code", flat=True)) == {"QD1", "QD9", "QD9-1"}
    assert list(directive.requirements.order_by("due_on").values_list("title", "due_on")) == [
        ("Tổ chức học tập, quán triệt", date(2026, 7, 31)),
        ("Chương trình hành động", date(2026, 8, 15)),
        ("Báo cáo tiến độ tháng 9/2026", date(2026, 9, 5)),
        ("Báo cáo tiến độ tháng 10/2026", date(2026, 10, 5)),
    ]
    assert Result.objects.count() == 3 * 4 == summary["results"]

    run(tmp_path, {**GOOD, "title": "Hướng dẫn (sửa đổi)", "units": ["QD1"]})
    directive = Directive.objects.get()
    assert directive.title == "Hướng dẫn (sửa đổi)"
    assert Requirement.objects.count() == 4
    assert list(directive.units.values_list("code", flat=True)) == ["QD1"]


def test_units_from_a_conference(tmp_path):
    units = make_tree(districts=3, grassroots=0)
    conference, _points = conference_with_points(units[2:4])
    spec = {key: GOOD[key] for key in ("reference", "title", "issued_on", "requirements")}
    run(tmp_path, {**spec, "conference": conference.slug, "units": "conference"})
    directive = Directive.objects.get()
    assert directive.conference == conference
    assert set(directive.units.all()) == set(units[2:4])


def test_a_bad_file_names_each_field_in_vietnamese_and_saves_nothing(tmp_path):
    make_tree(districts=1, grassroots=0)
    bad = {
        **GOOD,
        "issued_on": "01/07/2026",
        "unit_records": [{"code": "X1", "name": "Đơn vị X", "parent": "KHONG-CO"}, {"code": "X2"}],
        "requirements": [{"kind": "hop", "title": "", "due_on": "2026-02-30"}],
        "progress": {"from": "12/2026", "to": "9/2026", "day": 40},
        "colour": "đỏ",
    }
    with pytest.raises(CommandError, match="Không thiết lập được văn bản chỉ đạo: 8 lỗi."):
        run(tmp_path, bad)
    errors = (tmp_path / "err").read_text()
    for message in (
        "Khóa không được hỗ trợ: colour",
        "“issued_on” phải là ngày dạng YYYY-MM-DD, ví dụ 2026-07-31, đang là “01/07/2026”.",
        "Đơn vị thứ 2: thiếu tên đơn vị",
        "Kết quả yêu cầu thứ 1: “kind” phải là một trong study, programme, progress, đang là “hop”.",
        "Kết quả yêu cầu thứ 1: thiếu “title” (tên kết quả).",
        "Kết quả yêu cầu thứ 1: “due_on” phải là ngày dạng YYYY-MM-DD",
        "“progress”: tháng kết thúc phải từ tháng bắt đầu trở đi.",
        "“progress”: ngày báo cáo trong tháng phải là số từ 1 đến 31.",
    ):
        assert message in errors, message
    assert not Directive.objects.exists() and Unit.objects.count() == 2

    # Well formed but naming what does not exist: still nothing saved, the unit records included.
    with pytest.raises(CommandError):
        run(tmp_path, {**GOOD, "units": ["QD1", "QD404"]})
    assert "“units”: không có đơn vị mã QD404." in (tmp_path / "err").read_text()
    with pytest.raises(CommandError):
        run(tmp_path, {**GOOD, "unit_records": [{"code": "X1", "name": "Đơn vị X", "parent": "KHONG-CO"}]})
    assert "Đơn vị thứ 1: không có đơn vị cấp trên mã “KHONG-CO”" in (tmp_path / "err").read_text()
    assert not Directive.objects.exists() and Unit.objects.count() == 2


def test_a_file_that_is_not_json_is_one_error(tmp_path):
    path = tmp_path / "hong.json"
    path.write_text("{khong phai json", encoding="utf-8")
    with pytest.raises(CommandError, match="không phải JSON hợp lệ"):
        call_command("followup_setup", str(path))
