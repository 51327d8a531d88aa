"""The organiser dashboard: 56 tiles online and offline with totals, the question
workflow end to end, the current topic, the links to the after-event tools; organisers only."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congtin.conferences.live import state as live
from congtin.conferences.models import ONLINE_WINDOW, AgendaItem, BridgePoint, HeadcountReport, Presence, Question
from tests.conferences.support import (
    JSON,
    START,
    add_bridge_points,
    ask,
    dashboard_url,
    make_conference,
    page_url,
    state,
)


def dashboard_state(client, conference):
    response = client.get(dashboard_url(conference, "trang-thai.json"))
    assert response.status_code == 200, response.content
    return response.json()


def moderate(client, question, action, answer=""):
    url = dashboard_url(question.bridge_point.conference, f"cau-hoi/{question.pk}/")
    return client.post(url, {"action": action, "answer": answer}, **JSON)


def test_online_means_a_heartbeat_within_15_seconds(bridge_point):
    presence = Presence.record_heartbeat(bridge_point, at=START)
    assert ONLINE_WINDOW == timedelta(seconds=15)
    assert presence.is_online(at=START + timedelta(seconds=15))
    assert not presence.is_online(at=START + timedelta(seconds=16))
    assert list(BridgePoint.objects.online(at=START + timedelta(seconds=15))) == [bridge_point]
    assert not BridgePoint.objects.online(at=START + timedelta(seconds=16)).exists()


def test_56_bridge_points_go_online_and_offline_and_the_totals_follow(client, organiser_client, conference, clock):
    points = add_bridge_points(conference, 56)
    for point in points:  # every bridge point opens its page and reports its room
        state(client, point)
        client.post(page_url(point, "so-nguoi-du/"), {"count": "18"}, **JSON)

    data = dashboard_state(organiser_client, conference)
    assert data["totals"] == {
        "bridge_points": 56,
        "online": 56,
        "participants": 1008,
        "reported": 1008,
        "expected": 1008,
    }
    assert all(tile["online"] and tile["connection"] == "Trực tuyến" for tile in data["tiles"])
    assert data["tiles"][0] == {
        "id": points[0].pk,
        "code": "DC01",
        "name": "Quận đoàn số 1",
        "online": True,
        "connection": "Trực tuyến",
        "last_seen": "08:00:00",
        "headcount": 18,
        "expected": 18,
        "pending_questions": 0,
    }

    clock(10)  # 40 keep polling; 16 lose the network
    for point in points[:40]:
        state(client, point)
    clock(20)
    data = dashboard_state(organiser_client, conference)
    assert (data["totals"]["online"], data["totals"]["participants"], data["totals"]["reported"]) == (40, 720, 1008)
    offline = [tile for tile in data["tiles"] if not tile["online"]]
    assert [tile["code"] for tile in offline] == [f"DC{n}" for n in range(41, 57)]
    assert {tile["connection"] for tile in offline} == {"Mất kết nối"}
    assert offline[0]["last_seen"] == "08:00:00"

    clock(26)  # the 40 went quiet too; 5 of the others are back
    for point in points[50:]:
        state(client, point)
    data = dashboard_state(organiser_client, conference)
    assert (data["totals"]["online"], data["totals"]["participants"]) == (6, 108)
    assert Presence.objects.count() == 56, "reconnecting bridge points are not counted twice"


def test_a_bridge_point_that_never_opened_its_page_is_not_yet_seen(organiser_client, conference):
    add_bridge_points(conference, 2)
    revoked = add_bridge_points(conference, 1, prefix="DX")[0]
    BridgePoint.objects.filter(pk=revoked.pk).update(revoked=True)
    data = dashboard_state(organiser_client, conference)
    assert [(t["code"], t["connection"], t["last_seen"], t["headcount"]) for t in data["tiles"]] == [
        ("DC01", "Chưa vào", None, None),
        ("DC02", "Chưa vào", None, None),
    ]
    assert data["totals"]["online"] == 0


def queries_for_dashboard_state(client, conference):
    with CaptureQueriesContext(connection) as captured:
        dashboard_state(client, conference)
    return len(captured)


def populate(points):
    for point in points:
        Presence.record_heartbeat(point)
        HeadcountReport.report(point, 15)
        Question.objects.create(bridge_point=point, text="Hỏi?")


def test_dashboard_state_costs_the_same_queries_for_2_or_56_bridge_points(organiser_client, conference):
    populate(add_bridge_points(conference, 2))
    few = queries_for_dashboard_state(organiser_client, conference)
    populate(add_bridge_points(conference, 54, prefix="DX"))
    assert queries_for_dashboard_state(organiser_client, conference) == few
    assert few <= 6


def test_bridge_point_state_costs_the_same_queries_however_many_answers(client, conference):
    first, *others = add_bridge_points(conference, 20)
    state(client, first)
    live.shared_state_changed(conference)
    with CaptureQueriesContext(connection) as few:
        state(client, first, method="get")
    for point in others:
        question = Question.objects.create(bridge_point=point, text="Hỏi?")
        question.moderate("answer", "Trả lời.")
    live.shared_state_changed(conference)
    with CaptureQueriesContext(connection) as many:
        assert len(state(client, first, method="get")["answered"]) == 19
    assert len(many) == len(few)


def test_question_workflow_from_bridge_point_to_every_bridge_point(client, organiser_client, conference):
    asking, watching = add_bridge_points(conference, 2)
    assert ask(client, asking, text="Khi nào triển khai chiến dịch hè?", asked_by="Anh Hùng").status_code == 201
    question = Question.objects.get()

    queue = dashboard_state(organiser_client, conference)["questions"]
    assert [(q["status"], q["actions"], q["bridge_point"], q["asked_by"]) for q in queue] == [
        ("pending", ["approve", "answer", "reject"], "DC01 – Quận đoàn số 1", "Anh Hùng")
    ]
    assert dashboard_state(organiser_client, conference)["tiles"][0]["pending_questions"] == 1

    response = moderate(organiser_client, question, "approve")
    assert response.status_code == 200
    assert response.json()["question"]["status"] == "approved"
    assert response.json()["question"]["actions"] == ["answer", "reject"]
    assert state(client, watching)["answered"] == [], "approved is not yet answered"

    response = moderate(organiser_client, question, "answer", "   ")
    assert response.status_code == 400
    assert response.json()["errors"] == {"answer": ["Hãy nhập nội dung trả lời trước khi bấm “Trả lời”."]}

    response = moderate(organiser_client, question, "answer", "Từ ngày 01/7, tại tất cả quận, huyện.")
    assert response.status_code == 200
    for point in (watching, asking):  # every bridge point sees the answer
        answered = state(client, point)["answered"]
        assert [(q["text"], q["answer"], q["bridge_point"]) for q in answered] == [
            ("Khi nào triển khai chiến dịch hè?", "Từ ngày 01/7, tại tất cả quận, huyện.", "Quận đoàn số 1")
        ]
    assert state(client, asking)["own_questions"][0]["status_label"] == "Đã trả lời"

    response = moderate(organiser_client, question, "approve")
    assert response.status_code == 400
    assert "Đã trả lời" in response.json()["errors"]["action"][0]

    assert moderate(organiser_client, question, "answer", "Sửa: từ ngày 05/7.").status_code == 200
    assert state(client, watching)["answered"][0]["answer"] == "Sửa: từ ngày 05/7."
    assert moderate(organiser_client, question, "reject").status_code == 200
    assert state(client, watching)["answered"] == [], "a rejected answer is taken off the bridge points"
    question.refresh_from_db()
    assert question.status == Question.Status.REJECTED


def test_a_question_can_be_rejected_and_approved_again(organiser_client, bridge_point):
    question = Question.objects.create(bridge_point=bridge_point, text="Hỏi?")
    assert moderate(organiser_client, question, "reject").json()["question"]["actions"] == ["approve"]
    assert moderate(organiser_client, question, "approve").json()["question"]["status"] == "approved"
    assert moderate(organiser_client, question, "xoa").status_code == 400


def test_a_question_of_another_conference_is_not_found_here(organiser_client, conference):
    other = add_bridge_points(make_conference(slug="hoi-nghi-khac"), 1)[0]
    question = Question.objects.create(bridge_point=other, text="Hỏi?")
    response = organiser_client.post(
        dashboard_url(conference, f"cau-hoi/{question.pk}/"), {"action": "approve"}, **JSON
    )
    assert response.status_code == 404


def test_moderation_without_javascript_returns_to_the_dashboard(organiser_client, bridge_point, conference):
    question = Question.objects.create(bridge_point=bridge_point, text="Hỏi?")
    response = organiser_client.post(dashboard_url(conference, f"cau-hoi/{question.pk}/"), {"action": "approve"})
    assert response.status_code == 302 and response["Location"].endswith(f"/dieu-hanh/#cau-hoi-{question.pk}")


def test_the_current_topic_set_on_the_dashboard_shows_on_bridge_points(
    client, organiser_client, conference, bridge_point
):
    first = AgendaItem.objects.create(conference=conference, sort_order=0, title="Báo cáo sơ kết")
    second = AgendaItem.objects.create(
        conference=conference, sort_order=1, title="Chuyển đổi số", presenter="Ban Tổ chức"
    )
    state(client, bridge_point)  # the shared state is cached now: the change must still show
    for item in (first, second):
        response = organiser_client.post(dashboard_url(conference, "chuyen-de/"), {"agenda_item": item.pk}, **JSON)
        assert response.json() == {"ok": True, "current_agenda_item": item.pk}
        assert state(client, bridge_point)["agenda_item"]["title"] == item.title
    assert dashboard_state(organiser_client, conference)["current_agenda_item"] == second.pk

    organiser_client.post(dashboard_url(conference, "chuyen-de/"), {"agenda_item": ""}, **JSON)
    assert state(client, bridge_point)["agenda_item"] is None

    foreign = AgendaItem.objects.create(conference=make_conference(slug="hoi-nghi-khac"), title="Khác")
    response = organiser_client.post(dashboard_url(conference, "chuyen-de/"), {"agenda_item": foreign.pk}, **JSON)
    assert response.status_code == 400
    assert response.json()["errors"] == {"agenda_item": ["Chuyên đề này không thuộc hội nghị."]}


def test_changes_reach_bridge_points_within_5_seconds():
    """A bridge point polls every POLL_SECONDS and the shared part is at most
    SHARED_STATE_SECONDS old in another process."""
    assert live.POLL_SECONDS + live.SHARED_STATE_SECONDS <= 5


def test_dashboard_page_shows_tiles_totals_queue_topic_and_after_event_tools(organiser_client, conference):
    points = add_bridge_points(conference, 56)
    Presence.record_heartbeat(points[0])
    HeadcountReport.report(points[0], 22)
    Question.objects.create(bridge_point=points[0], text="Câu hỏi chờ duyệt?")
    AgendaItem.objects.create(conference=conference, sort_order=0, title="Báo cáo sơ kết")

    response = organiser_client.get(dashboard_url(conference))
    assert response.status_code == 200
    assert "csrftoken" in response.cookies
    page = BeautifulSoup(response.content, "html.parser")
    tiles = page.select("[data-tiles] .tile")
    assert len(tiles) == 56
    assert "is-online" in tiles[0]["class"] and "is-online" not in tiles[1]["class"]
    assert tiles[0].select_one('[data-field="headcount"]').get_text(strip=True) == "22"
    assert page.select_one('[data-total="online"]').get_text() == "1"
    assert page.select_one('[data-total="participants"]').get_text() == "22"
    pending = page.select('[data-question-list="pending"] .question-card')
    assert [card.select_one(".question-text").get_text(strip=True) for card in pending] == ["Câu hỏi chờ duyệt?"]
    assert [b.get_text(strip=True) for b in pending[0].select("button:not([hidden])")] == [
        "Trả lời",
        "Duyệt",
        "Không duyệt",
    ]
    assert [o.get_text(strip=True) for o in page.select("[data-agenda-form] select option")] == [
        "— Chưa trình bày chuyên đề nào —",
        "Báo cáo sơ kết",
    ]
    downloads = [a["href"] for a in page.select(".after-event a.button")]
    assert downloads == [dashboard_url(conference, "diem-danh.csv"), dashboard_url(conference, "diem-danh.xlsx")]
    assert page.select_one(f'form[action="{dashboard_url(conference, "bai-viet-nhap/")}"] button')


ORGANISER_ENDPOINTS = [
    ("get", ""),
    ("get", "trang-thai.json"),
    ("post", "cau-hoi/1/"),
    ("post", "chuyen-de/"),
    ("get", "diem-danh.csv"),
    ("get", "diem-danh.xlsx"),
    ("post", "bai-viet-nhap/"),
]


@pytest.mark.parametrize("method, suffix", ORGANISER_ENDPOINTS)
def test_dashboard_endpoints_send_anonymous_visitors_to_sign_in(client, conference, method, suffix):
    response = getattr(client, method)(dashboard_url(conference, suffix))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


@pytest.mark.parametrize("method, suffix", ORGANISER_ENDPOINTS)
def test_dashboard_endpoints_are_403_without_the_change_conference_permission(client, conference, method, suffix):
    client.force_login(get_user_model().objects.create_user("khach", "k@example.vn", "mat-khau-dai"))
    assert getattr(client, method)(dashboard_url(conference, suffix)).status_code == 403


def test_a_user_with_the_change_conference_permission_is_an_organiser(client, conference, bridge_point):
    user = get_user_model().objects.create_user("dieuhanh", "dh@example.vn", "mat-khau-dai")
    user.user_permissions.add(Permission.objects.get(codename="change_conference"))
    client.force_login(user)
    assert client.get(dashboard_url(conference)).status_code == 200
    question = Question.objects.create(bridge_point=bridge_point, text="Hỏi?")
    assert moderate(client, question, "approve").status_code == 200
