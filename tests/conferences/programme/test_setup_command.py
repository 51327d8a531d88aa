"""`conference_setup` makes a conference from JSON, idempotently, and prints one JSON
object (`conference_report` is in tests/conferences/after/)."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from congtin.conferences.broadcast.nginx_rtmp import stream_key
from congtin.conferences.models import AgendaItem, BridgePoint, Conference

SPEC = {
    "slug": "hoi-nghi-giua-nam",
    "title": "Hội nghị sơ kết công tác Đoàn sáu tháng đầu năm",
    "starts_at": "2025-06-25T08:00:00+07:00",
    "ends_at": "2025-06-25T11:30:00+07:00",
    "agenda": [
        {"title": "Báo cáo sơ kết", "presenter": "Phó Bí thư Thành đoàn"},
        {"title": "Chuyển đổi số trong công tác Đoàn", "presenter": "Ban Tổ chức"},
    ],
    "bridge_points": [
        {"code": "DC01", "name": "Quận đoàn Trung Tâm", "district": "Quận Trung Tâm", "expected": 30},
        {"code": "DC02", "name": "Huyện đoàn An Bình", "district": "Huyện An Bình", "expected": 25},
    ],
}


def run_setup(tmp_path, spec) -> dict:
    path = tmp_path / "hoi-nghi.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("conference_setup", str(path), stdout=out)
    return json.loads(out.getvalue())  # exactly one JSON object, nothing else


def test_setup_creates_the_conference_and_prints_urls(tmp_path, db):
    result = run_setup(tmp_path, SPEC)
    conference = Conference.objects.get(slug="hoi-nghi-giua-nam")
    assert set(result) == {"publish_url", "dashboard_url", "bridge_points"}
    assert result["publish_url"] == f"rtmp://127.0.0.1:1935/live/{stream_key(conference)}"
    assert result["dashboard_url"] == "http://testserver/hoi-nghi/hoi-nghi-giua-nam/dieu-hanh/"
    points = {point.code: point for point in conference.bridge_points.all()}
    assert result["bridge_points"] == [
        {"code": "DC01", "join_url": points["DC01"].join_url},
        {"code": "DC02", "join_url": points["DC02"].join_url},
    ]
    assert [item.title for item in conference.agenda_items.all()] == [
        "Báo cáo sơ kết",
        "Chuyển đổi số trong công tác Đoàn",
    ]
    assert conference.starts_at.isoformat() == "2025-06-25T01:00:00+00:00"


def test_setup_run_twice_changes_nothing_and_updates_by_slug_and_code(tmp_path, db):
    first = run_setup(tmp_path, SPEC)
    assert run_setup(tmp_path, SPEC) == first
    assert (Conference.objects.count(), AgendaItem.objects.count(), BridgePoint.objects.count()) == (1, 2, 2)

    changed = {
        **SPEC,
        "title": "Tên mới",
        "agenda": SPEC["agenda"][:1],
        "bridge_points": [{"code": "DC02", "name": "Huyện đoàn An Bình", "expected": 40}],
    }
    third = run_setup(tmp_path, changed)
    assert third["bridge_points"] == first["bridge_points"]  # same tokens; DC01 kept
    assert Conference.objects.get().title == "Tên mới"
    assert AgendaItem.objects.count() == 1
    assert BridgePoint.objects.get(code="DC02").expected_participants == 40


def test_setup_with_broken_json_exits_non_zero_in_vietnamese(tmp_path):
    path = tmp_path / "hoi-nghi.json"
    path.write_text('{"slug": "a",', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "conference_setup", str(path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "congtin.settings.test"},
    )
    assert result.returncode != 0
    assert result.stdout == ""
    assert "không phải JSON hợp lệ" in result.stderr and "dòng 1" in result.stderr


def test_setup_lists_every_problem_and_creates_nothing(tmp_path, db):
    bad = {
        **SPEC,
        "slug": "Hội nghị",
        "ends_at": "2025-06-25T07:00:00+07:00",
        "bridge_points": [*SPEC["bridge_points"], {"code": "DC03"}, {"code": "DC01", "name": "Trùng"}],
    }
    path = tmp_path / "hoi-nghi.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Không thiết lập được hội nghị: 4 lỗi.") as error:
        call_command("conference_setup", str(path), stdout=out, stderr=err)
    assert error.value.returncode != 0 and out.getvalue() == ""
    assert err.getvalue().splitlines() == [
        "“slug” phải là chuỗi chữ thường không dấu, số và dấu gạch ngang, tối đa 80 ký tự "
        "(ví dụ: hoi-nghi-giua-nam), đang là “Hội nghị”.",
        "“ends_at” phải sau “starts_at”.",
        "Điểm cầu thứ 3: thiếu tên đơn vị",
        "Điểm cầu thứ 4: mã điểm cầu “DC01” trùng với điểm cầu thứ 1",
    ]
    assert not Conference.objects.exists()


def test_setup_rejects_a_missing_title_and_bad_times(db):
    with pytest.raises(CommandError):
        call_command("conference_setup", "/khong/co/tep.json")
    from congtin.conferences.programme.spec import SpecError, parse_spec

    with pytest.raises(SpecError) as error:
        parse_spec({"slug": "a", "starts_at": "25/06/2025", "agenda": [{"presenter": "X"}], "khac": 1})
    assert error.value.messages == [
        "Khóa không được hỗ trợ: khac (chỉ nhận: agenda, bridge_points, description, ends_at, organiser, "
        "slug, starts_at, status, title).",
        "Thiếu “title” (tên hội nghị).",
        "“starts_at” phải là thời gian ISO 8601, ví dụ 2025-06-25T08:00:00+07:00, đang là “25/06/2025”.",
        "“ends_at” phải là thời gian ISO 8601, ví dụ 2025-06-25T08:00:00+07:00, đang là trống.",
        "Chuyên đề thứ 1: thiếu “title” (tên chuyên đề).",
    ]
