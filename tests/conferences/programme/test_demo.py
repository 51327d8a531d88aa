"""The demo conference looks like the reference event and is made only once; `load_demo`
prints where its organiser pages are."""

import io

from congtin.conferences.models import BridgePoint, Conference
from congtin.conferences.programme.demo import create_demo_conference


def test_demo_conference_has_four_topics_and_56_bridge_points_for_about_1000_people(db):
    conference = create_demo_conference()
    assert conference.organiser == "Thành đoàn Hoa Phượng"
    assert conference.agenda_items.count() == 4
    points = BridgePoint.objects.filter(conference=conference)
    assert points.count() == 56
    assert 950 <= sum(point.expected_participants for point in points) <= 1050
    assert points.values("district").distinct().count() == 14
    assert conference.starts_at < conference.ends_at


def test_demo_conference_is_created_once(db):
    first = create_demo_conference()
    tokens = set(BridgePoint.objects.values_list("token", flat=True))
    assert create_demo_conference() == first
    assert Conference.objects.count() == 1
    assert set(BridgePoint.objects.values_list("token", flat=True)) == tokens


def test_load_demo_prints_the_demo_conference_dashboard_and_qr_sheet(db):
    from congtin.demo.management.commands.load_demo import Command

    out = io.StringIO()
    command = Command(stdout=out)
    command.load_demo_conference()
    text = out.getvalue()
    assert "Trang điều hành: http://testserver/hoi-nghi/hoi-nghi-truc-tuyen-thanh-doan-hoa-phuong/dieu-hanh/" in text
    assert (
        "Mã QR các điểm cầu (in ra): http://testserver/hoi-nghi/hoi-nghi-truc-tuyen-thanh-doan-hoa-phuong/ma-qr/"
        in text
    )
