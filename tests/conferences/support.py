"""Builders and helpers for conference tests and the conference benchmark (fixtures are in
conftest.py files): conferences and bridge points, a bridge point page's requests, bridge
point lists as an organiser's spreadsheet has them."""

import io
from datetime import datetime, timedelta

from django.utils import timezone
from openpyxl import Workbook

from congtin.conferences.models import BridgePoint, Conference

START = timezone.make_aware(datetime(2025, 6, 25, 8, 0))


def make_conference(slug="hoi-nghi-thu", title="Hội nghị thử", **fields) -> Conference:
    fields.setdefault("starts_at", START)
    fields.setdefault("ends_at", fields["starts_at"] + timedelta(hours=3))
    return Conference.objects.create(slug=slug, title=title, **fields)


def add_bridge_points(conference, count, prefix="DC") -> list[BridgePoint]:
    return [
        BridgePoint.objects.create(
            conference=conference,
            code=f"{prefix}{number:02d}",
            name=f"Quận đoàn số {number}",
            district=f"Quận {number}",
            expected_participants=18,
        )
        for number in range(1, count + 1)
    ]


# A bridge point page's requests -------------------------------------------------------

JSON = {"HTTP_ACCEPT": "application/json"}


def page_url(point, suffix=""):
    return f"/hoi-nghi/{point.conference.slug}/diem-cau/{point.token}/{suffix}"


def state(client, point, method="post"):
    response = getattr(client, method)(page_url(point, "trang-thai.json"))
    assert response.status_code == 200, response.content
    assert "no-store" in response["Cache-Control"]
    return response.json()


def ask(client, point, text="Xin hỏi về kế hoạch tình nguyện hè?", **fields):
    return client.post(page_url(point, "cau-hoi/"), {"text": text, **fields}, **JSON)


def dashboard_url(conference, suffix=""):
    return f"/hoi-nghi/{conference.slug}/dieu-hanh/{suffix}"


# Bridge point lists ------------------------------------------------------------------

VIETNAMESE_HEADER = [
    "STT",
    "Mã điểm cầu",
    "Tên đơn vị",
    "Quận/Huyện",
    "Địa chỉ",
    "Cán bộ đầu mối",
    "Số điện thoại",
    "Số người dự kiến",
]


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def good_rows(count):
    return [
        [
            number,
            f"DC{number:02d}",
            f"Quận đoàn số {number}",
            f"Quận {number}",
            f"Số {number} Phố Hoa",
            "Trần Thị Mai",
            "0912 345 678",
            18,
        ]
        for number in range(1, count + 1)
    ]
