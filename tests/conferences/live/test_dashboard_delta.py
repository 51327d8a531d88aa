"""The dashboard polls every 3 seconds: after the first poll it gets only what changed since the
cursor it was given (new and moderated questions, the fields of tiles that changed), not every
question again. A poll without a cursor, or with a malformed or stale one, gets everything."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congtin.conferences.live import state as live
from congtin.conferences.models import Presence, Question
from tests.conferences.support import JSON, add_bridge_points, ask, dashboard_url, state


def poll(client, conference, cursor=None):
    response = client.get(dashboard_url(conference, "trang-thai.json"), {"since": cursor} if cursor else {})
    assert response.status_code == 200, response.content
    assert "no-store" in response["Cache-Control"]
    return response


@pytest.fixture
def points(conference):
    return add_bridge_points(conference, 2)


@pytest.fixture
def queue(points, clock):
    """188 questions asked at START, as in the load test that found 75 KB on every poll."""
    Question.objects.bulk_create(
        Question(bridge_point=points[n % 2], text=f"Câu hỏi số {n} về kế hoạch hoạt động hè của Đoàn?")
        for n in range(188)
    )


def test_the_first_poll_gets_everything_and_an_empty_delta_is_a_few_hundred_bytes(
    organiser_client, conference, queue, clock
):
    clock(30)
    first = poll(organiser_client, conference)
    data = first.json()
    assert data["full"] is True
    assert (len(data["questions"]), data["question_count"], len(data["tiles"])) == (188, 188, 2)
    assert len(first.content) > 40_000

    clock(33)
    empty = poll(organiser_client, conference, data["cursor"])
    delta = empty.json()
    assert (delta["full"], delta["questions"], delta["tiles"], delta["question_count"]) == (False, [], [], 188)
    assert delta["totals"] == data["totals"] and delta["server_time"] == "08:00:33"
    assert len(empty.content) < 600, empty.content


def test_a_new_question_and_a_moderation_appear_in_the_next_delta_exactly_once(
    client, organiser_client, conference, points, clock
):
    cursor = poll(organiser_client, conference).json()["cursor"]
    clock(2)
    assert ask(client, points[0], text="Câu hỏi mới?").status_code == 201
    clock(3)
    delta = poll(organiser_client, conference, cursor).json()
    assert [(q["text"], q["status"]) for q in delta["questions"]] == [("Câu hỏi mới?", "pending")]
    assert delta["tiles"] == [{"id": points[0].pk, "pending_questions": 1}], "only what changed on the tile"
    assert delta["question_count"] == 1
    for second in (6, 9):  # not again, inside and past the overlap the cursor keeps
        clock(second)
        delta = poll(organiser_client, conference, delta["cursor"]).json()
        assert delta["questions"] == [] and delta["tiles"] == []

    question = Question.objects.get()
    clock(10)
    url = dashboard_url(conference, f"cau-hoi/{question.pk}/")
    assert organiser_client.post(url, {"action": "approve"}, **JSON).status_code == 200
    clock(12)
    delta = poll(organiser_client, conference, delta["cursor"]).json()
    assert [(q["id"], q["status"], q["actions"]) for q in delta["questions"]] == [
        (question.pk, "approved", ["answer", "reject"])
    ]
    assert delta["tiles"] == [{"id": points[0].pk, "pending_questions": 0}]
    clock(13)
    assert poll(organiser_client, conference, delta["cursor"]).json()["questions"] == []


def test_a_question_committed_after_a_poll_with_an_earlier_time_still_arrives(
    organiser_client, conference, points, clock
):
    """A question's updated_at is set before its row is committed: a poll may come in between."""
    clock(20)
    cursor = poll(organiser_client, conference).json()["cursor"]
    clock(18)  # stamped two seconds before that poll, committed after it
    Question.objects.create(bridge_point=points[1], text="Ghi muộn?")
    clock(23)
    delta = poll(organiser_client, conference, cursor).json()
    assert [q["text"] for q in delta["questions"]] == ["Ghi muộn?"]
    clock(26)
    assert poll(organiser_client, conference, delta["cursor"]).json()["questions"] == []


def test_a_heartbeat_changes_only_its_tiles_fields(client, organiser_client, conference, points, clock):
    cursor = poll(organiser_client, conference).json()["cursor"]
    clock(4)
    state(client, points[1])
    delta = poll(organiser_client, conference, cursor).json()
    assert delta["tiles"] == [{"id": points[1].pk, "online": True, "connection": "Trực tuyến", "last_seen": "08:00:04"}]
    assert delta["totals"]["online"] == 1


@pytest.mark.parametrize(
    "cursor",
    ["abc", "1.2.3", "zz.0123456789ab.", "0." + "0" * 12 + ".", "1" * 5000, "ffffffffffffffff.0123456789ab."],
)
def test_a_malformed_cursor_gets_everything(organiser_client, conference, points, clock, cursor):
    Question.objects.create(bridge_point=points[0], text="Hỏi?")
    data = poll(organiser_client, conference, cursor).json()
    assert data["full"] is True and len(data["questions"]) == 1 and len(data["tiles"]) == 2


def test_a_stale_cursor_gets_everything(organiser_client, conference, points, clock):
    Question.objects.create(bridge_point=points[0], text="Hỏi?")
    cursor = poll(organiser_client, conference).json()["cursor"]
    clock(11 * 60)  # a tab left hidden for eleven minutes
    data = poll(organiser_client, conference, cursor).json()
    assert data["full"] is True and len(data["questions"]) == 1


def test_tiles_that_can_no_longer_be_compared_are_all_sent(organiser_client, conference, points, clock, monkeypatch):
    cursor = poll(organiser_client, conference).json()["cursor"]
    monkeypatch.setattr(live, "_kept_tiles", lambda conference, version: None)  # expired, or the cache is down
    delta = poll(organiser_client, conference, cursor).json()
    assert delta["full"] is False and [tile["code"] for tile in delta["tiles"]] == ["DC01", "DC02"]


def test_a_deleted_question_shows_in_the_count(organiser_client, conference, points, clock):
    question = Question.objects.create(bridge_point=points[0], text="Hỏi nhầm?")
    cursor = poll(organiser_client, conference).json()["cursor"]
    question.delete()
    delta = poll(organiser_client, conference, cursor).json()
    assert (delta["questions"], delta["question_count"]) == ([], 0), "the page sees 1 ≠ 0 and asks for everything"


def test_a_delta_costs_the_same_queries_as_everything(organiser_client, conference, queue, clock):
    with CaptureQueriesContext(connection) as full:
        cursor = poll(organiser_client, conference).json()["cursor"]
    clock(3)
    with CaptureQueriesContext(connection) as delta:
        poll(organiser_client, conference, cursor)
    assert len(delta) <= len(full) + 1
    assert not Presence.objects.exists()
