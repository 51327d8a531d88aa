"""A bridge point's polled state is rendered at most once a second and kept under its address:
the polls of every screen on that link in that second cost no query, and what the point itself
or the organiser changes shows on the next poll all the same."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congtin.conferences.live import state as live
from congtin.conferences.models import Presence, Question
from tests.conferences.support import JSON, START, add_bridge_points, ask, page_url, state


@pytest.fixture
def kept(monkeypatch):
    """The state is kept a minute instead of a second, so a test does not race the clock."""
    monkeypatch.setattr(live, "STATE_CACHE_SECONDS", 60)


def test_a_second_poll_is_answered_from_the_cache_without_a_query(client, bridge_point, kept):
    first = client.get(page_url(bridge_point, "trang-thai.json"))
    with CaptureQueriesContext(connection) as queries:
        second = client.get(page_url(bridge_point, "trang-thai.json"))
    assert second.status_code == 200
    assert len(queries) == 0, [query["sql"] for query in queries]
    assert second.content == first.content
    assert second.json()["status_label"] == "Sắp diễn ra"


def test_a_heartbeat_poll_from_another_screen_in_the_same_window_costs_no_query(client, bridge_point, kept, clock):
    state(client, bridge_point)  # the big screen: renders and writes the heartbeat
    clock(1)  # a phone on the same link, in the same two-second heartbeat window
    with CaptureQueriesContext(connection) as queries:
        state(client, bridge_point)
    assert len(queries) == 0, [query["sql"] for query in queries]
    assert Presence.objects.get(bridge_point=bridge_point).last_seen == START

    clock(2)  # the next window: the heartbeat is written, the state still comes from the cache
    state(client, bridge_point)
    presence = Presence.objects.get(bridge_point=bridge_point)
    assert (presence.last_seen, presence.seconds_online) == (START + timedelta(seconds=2), 2)


def test_the_points_own_question_and_headcount_show_on_its_next_poll(client, bridge_point, kept):
    assert state(client, bridge_point)["own_questions"] == []
    assert ask(client, bridge_point, text="Hỏi vừa gửi?").status_code == 201
    assert [q["text"] for q in state(client, bridge_point)["own_questions"]] == ["Hỏi vừa gửi?"]
    assert client.post(page_url(bridge_point, "so-nguoi-du/"), {"count": "27"}, **JSON).status_code == 200
    assert state(client, bridge_point)["headcount"]["count"] == 27


def test_one_points_question_does_not_throw_away_the_others_kept_state(client, conference, kept):
    asking, other = add_bridge_points(conference, 2)
    state(client, other)
    ask(client, asking)
    with CaptureQueriesContext(connection) as queries:
        state(client, other, method="get")
    assert len(queries) == 0


def test_the_organisers_answer_shows_on_every_points_next_poll(client, organiser_client, conference, kept):
    asking, watching = add_bridge_points(conference, 2)
    ask(client, asking, text="Hỏi cần trả lời?")
    assert state(client, watching)["answered"] == []
    question = Question.objects.get()
    url = f"/hoi-nghi/{conference.slug}/dieu-hanh/cau-hoi/{question.pk}/"
    assert organiser_client.post(url, {"action": "answer", "answer": "Đã rõ."}, **JSON).status_code == 200
    assert [q["answer"] for q in state(client, watching)["answered"]] == ["Đã rõ."]
    assert state(client, asking)["own_questions"][0]["status_label"] == "Đã trả lời"


def test_a_render_that_began_before_a_change_is_not_kept_as_the_new_state(client, bridge_point, kept, monkeypatch):
    render = live.bridge_point_state

    def render_while_a_question_arrives(point):
        data = render(point)  # read before the question is stored...
        Question.ask(point, "Hỏi đến giữa chừng?")
        live.bridge_point_changed(point)
        return data  # ...and kept after it

    monkeypatch.setattr(live, "bridge_point_state", render_while_a_question_arrives)
    assert state(client, bridge_point)["own_questions"] == []
    monkeypatch.setattr(live, "bridge_point_state", render)
    assert [q["text"] for q in state(client, bridge_point)["own_questions"]] == ["Hỏi đến giữa chừng?"]


def test_a_get_may_be_kept_a_second_by_nginx_and_a_heartbeat_post_may_not(client, bridge_point):
    response = client.get(page_url(bridge_point, "trang-thai.json"))
    assert response["X-Accel-Expires"] == "1"
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"], "browsers and shared caches other than nginx keep nothing"
    assert "X-Accel-Expires" not in client.post(page_url(bridge_point, "trang-thai.json"))


def test_a_wrong_token_is_404_and_nothing_is_kept_for_it(client, bridge_point, kept):
    wrong = page_url(bridge_point, "trang-thai.json").replace(bridge_point.token, "khong-co-ma-nay")
    assert client.get(wrong).status_code == 404
    assert client.get(wrong).status_code == 404
    assert not Presence.objects.exists()
