"""Bridge points are admitted by their token alone: wrong, revoked or another conference's
tokens get nothing."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from congtin.conferences.broadcast.nginx_rtmp import stream_key
from congtin.conferences.models import BridgePoint, Conference
from tests.conferences.support import START, add_bridge_points, make_conference


def test_tokens_and_stream_keys_are_long_random_and_distinct(conference):
    points = add_bridge_points(conference, 5)
    tokens = {point.token for point in points}
    assert len(tokens) == 5
    assert all(len(token) >= 32 for token in tokens)
    assert stream_key(conference) not in tokens and len(stream_key(conference)) >= 32
    assert stream_key(make_conference(slug="khac")) != stream_key(conference)


def test_by_token_admits_the_bridge_point_of_its_conference(bridge_point, conference):
    assert BridgePoint.objects.by_token(bridge_point.token) == bridge_point
    assert BridgePoint.objects.by_token(bridge_point.token, conference=conference) == bridge_point


def test_by_token_rejects_wrong_empty_revoked_and_other_conference_tokens(bridge_point, conference):
    other = make_conference(slug="hoi-nghi-khac")
    assert BridgePoint.objects.by_token("sai-ma") is None
    assert BridgePoint.objects.by_token("") is None
    assert BridgePoint.objects.by_token(bridge_point.token, conference=other) is None
    bridge_point.revoked = True
    bridge_point.save()
    assert BridgePoint.objects.by_token(bridge_point.token, conference=conference) is None


def test_join_page_names_the_bridge_point_and_conference_in_vietnamese(client, bridge_point, conference):
    response = client.get(f"/hoi-nghi/{conference.slug}/diem-cau/{bridge_point.token}/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == "vi"
    assert page.select_one("h1").get_text(" ", strip=True) == "Điểm cầu: Quận đoàn số 1"
    assert page.select_one(".bridge-point-conference").get_text(strip=True) == "Hội nghị thử"
    assert "Thứ Tư, 25/06/2025 08:00" in page.get_text()
    assert "Sắp diễn ra" in page.get_text()
    assert page.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    assert "no-store" in response["Cache-Control"]


def test_join_link_is_absolute_on_the_site_url(bridge_point, conference):
    assert bridge_point.join_url == f"http://testserver/hoi-nghi/{conference.slug}/diem-cau/{bridge_point.token}/"


@pytest.mark.parametrize("case", ["wrong", "revoked", "other_conference", "unknown_conference"])
def test_join_page_is_404_for_tokens_that_admit_nobody(client, bridge_point, conference, case):
    slug, token = conference.slug, bridge_point.token
    if case == "wrong":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif case == "revoked":
        BridgePoint.objects.filter(pk=bridge_point.pk).update(revoked=True)
    elif case == "other_conference":
        slug = make_conference(slug="hoi-nghi-khac").slug
    else:
        slug = "khong-co-hoi-nghi-nay"
    response = client.get(f"/hoi-nghi/{slug}/diem-cau/{token}/")
    assert response.status_code == 404
    assert "Quận đoàn số 1" not in response.content.decode()


def test_bridge_point_codes_are_unique_within_a_conference_only(conference):
    add_bridge_points(conference, 1)
    add_bridge_points(make_conference(slug="hoi-nghi-khac"), 1)  # same code, other conference: fine
    with pytest.raises(ValidationError) as error:
        BridgePoint(conference=conference, code="DC01", name="Trùng mã").full_clean()
    assert error.value.messages == ["Hội nghị đã có điểm cầu mang mã này."]


def test_publish_url_is_the_rtmp_base_and_the_stream_key(conference, settings):
    assert conference.publish_url == f"rtmp://127.0.0.1:1935/live/{stream_key(conference)}"
    settings.RTMP_PUBLISH_BASE = "rtmp://phat.example.vn/hoinghi/"
    assert conference.publish_url == f"rtmp://phat.example.vn/hoinghi/{stream_key(conference)}"


def test_conference_slug_comes_from_the_vietnamese_title_when_left_blank(db):
    conference = Conference(title="Hội nghị Ban Chấp hành mở rộng", starts_at=START, ends_at=START + timedelta(hours=2))
    conference.full_clean()
    assert conference.slug == "hoi-nghi-ban-chap-hanh-mo-rong"


def test_conference_must_end_after_it_starts(conference):
    conference.ends_at = conference.starts_at
    with pytest.raises(ValidationError) as error:
        conference.full_clean()
    assert "Thời gian kết thúc phải sau thời gian bắt đầu." in error.value.message_dict["ends_at"]
