"""A sample conference for a first look: a city Youth Union's online conference with four
topics and 56 bridge points (invented units, about 1,000 people expected).

`create_demo_conference()` goes through the same path as `conference_setup`. Running it
again returns the conference already there, untouched, so an organiser's edits stay.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from ..models import Conference
from .spec import apply_spec, parse_spec

DEMO_SLUG = "hoi-nghi-truc-tuyen-thanh-doan-hoa-phuong"

# Invented districts of the invented city: (name, its Youth Union, wards or communes).
DISTRICTS = [
    ("Quận Trung Tâm", "Quận đoàn Trung Tâm", ["phường Bến Đá", "phường Hoa Lư", "phường Cửa Nam"]),
    ("Quận Bến Cảng", "Quận đoàn Bến Cảng", ["phường Cầu Tre", "phường Vạn Mỹ", "phường Hải Đăng"]),
    ("Quận Hoa Sen", "Quận đoàn Hoa Sen", ["phường Sen Hồng", "phường Đông Khê", "phường Lạc Viên"]),
    ("Quận Sông Ngọc", "Quận đoàn Sông Ngọc", ["phường Ngọc Hà", "phường Tràng Cát", "phường Bãi Sậy"]),
    ("Quận Đông Hải", "Quận đoàn Đông Hải", ["phường Đằng Lâm", "phường Biển Xanh", "phường Thành Tô"]),
    ("Quận Tây Thành", "Quận đoàn Tây Thành", ["phường Kênh Dương", "phường An Đồng", "phường Lãm Hà"]),
    ("Quận Cát Vàng", "Quận đoàn Cát Vàng", ["phường Cát Bi", "phường Hòa Nghĩa", "phường Tràng Minh"]),
    ("Huyện Đồng Xanh", "Huyện đoàn Đồng Xanh", ["xã Đồng Thái", "xã Mỹ Đức", "thị trấn Đồng Xanh"]),
    ("Huyện Núi Ngọc", "Huyện đoàn Núi Ngọc", ["xã Ngọc Sơn", "xã Phù Lưu", "thị trấn Núi Ngọc"]),
    ("Huyện Sông Hồng", "Huyện đoàn Sông Hồng", ["xã Hồng Phong", "xã Kiến Quốc", "thị trấn Bến Đò"]),
    ("Huyện Cửa Biển", "Huyện đoàn Cửa Biển", ["xã Tân Lập", "xã Đại Hợp", "thị trấn Cửa Biển"]),
    ("Huyện Lúa Vàng", "Huyện đoàn Lúa Vàng", ["xã Quang Trung", "xã Tiên Thắng", "thị trấn Lúa Vàng"]),
    ("Huyện Đảo Ngọc", "Huyện đoàn Đảo Ngọc", ["xã Trân Châu", "xã Hiền Hào", "thị trấn Đảo Ngọc"]),
    ("Huyện An Bình", "Huyện đoàn An Bình", ["xã An Hưng", "xã Bình Minh", "thị trấn An Bình"]),
]

AGENDA = [
    (
        "Triển khai chương trình công tác Đoàn và phong trào thanh niên sáu tháng cuối năm",
        "Phó Bí thư Thường trực Thành đoàn",
    ),
    ("Chuyển đổi số trong sinh hoạt chi đoàn và quản lý đoàn viên", "Trưởng Ban Tổ chức Thành đoàn"),
    ("Thanh niên tình nguyện hè: các công trình, phần việc trọng điểm", "Trưởng Ban Phong trào Thành đoàn"),
    ("Trao đổi, giải đáp ý kiến từ các điểm cầu", "Ban Thường vụ Thành đoàn"),
]

DESCRIPTION = (
    "Hội nghị trực tuyến do Ban Thường vụ Thành đoàn Hoa Phượng tổ chức, kết nối hội trường chính "
    "với các Quận đoàn, Huyện đoàn và cơ sở Đoàn phường, xã, thị trấn. Đại biểu tại các điểm cầu theo "
    "dõi trực tiếp, gửi câu hỏi và báo cáo số người tham dự ngay trên trang của điểm cầu."
)


def demo_spec(starts_at: datetime) -> dict:
    """The demo conference as a `conference_setup` description."""
    bridge_points = []
    for district_number, (district, union, wards) in enumerate(DISTRICTS, start=1):
        bridge_points.append(
            {
                "code": f"DC{len(bridge_points) + 1:02d}",
                "name": union,
                "district": district,
                "address": f"Trụ sở {union}, {district}",
                "coordinator": f"Cán bộ Văn phòng {union}",
                "phone": f"0225 3{district_number:02d} 100",
                "expected": 28,
            }
        )
        for ward_number, ward in enumerate(wards, start=1):
            bridge_points.append(
                {
                    "code": f"DC{len(bridge_points) + 1:02d}",
                    "name": f"Đoàn {ward}",
                    "district": district,
                    "address": f"Nhà văn hóa {ward}, {district}",
                    "expected": 12 + (district_number + ward_number) % 6,
                }
            )
    return {
        "slug": DEMO_SLUG,
        "title": "Hội nghị trực tuyến triển khai công tác Đoàn và phong trào thanh niên sáu tháng cuối năm",
        "organiser": "Thành đoàn Hoa Phượng",
        "description": DESCRIPTION,
        "starts_at": starts_at.isoformat(),
        "ends_at": (starts_at + timedelta(hours=3, minutes=30)).isoformat(),
        "agenda": [
            {
                "title": title,
                "presenter": presenter,
                "planned_start": (starts_at + timedelta(minutes=15 + 45 * index)).isoformat(),
            }
            for index, (title, presenter) in enumerate(AGENDA)
        ],
        "bridge_points": bridge_points,
    }


def create_demo_conference() -> Conference:
    """The demo conference, created a week from today at 08:00 if it does not exist yet."""
    existing = Conference.objects.filter(slug=DEMO_SLUG).first()
    if existing:
        return existing
    next_week = timezone.localdate() + timedelta(days=7)
    starts_at = timezone.make_aware(datetime.combine(next_week, time(8, 0)))
    return apply_spec(parse_spec(demo_spec(starts_at)))
