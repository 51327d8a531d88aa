"""One bridge point may send at most 5 questions a minute and 30 an hour (settings): past that it
gets 429 with a Vietnamese message and nothing is stored; other points are not affected; the
same question sent twice is stored once; and with the cache gone the limit still holds, counted
by the database, without a 500."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache.backends.base import BaseCache

from congtin.conferences.live import state as live
from congtin.conferences.models import Presence, Question
from tests.conferences.support import JSON, START, add_bridge_points, ask, dashboard_url, page_url, state

MINUTE_MESSAGE = "Mỗi điểm cầu gửi tối đa 5 câu hỏi trong một phút. Hãy gửi lại sau 60 giây."


class UnreachableCache(BaseCache):
    """A cache whose server is gone, for a backend that raises (not django-redis's
    IGNORE_EXCEPTIONS, which answers None: the other case below)."""

    def __init__(self, location, params):
        super().__init__(params)

    def _gone(self, *args, **kwargs):
        raise ConnectionError("Connection refused (the cache's server is down)")

    add = get = set = touch = delete = clear = incr = decr = has_key = get_many = set_many = delete_many = _gone


CACHES_GONE = {
    "raising": {"BACKEND": "tests.conferences.live.test_question_limit.UnreachableCache"},
    "django-redis, IGNORE_EXCEPTIONS": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/15",  # nothing listens on port 1
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    },
}


def ask_many(client, point, count, first=1):
    return [ask(client, point, text=f"Câu hỏi số {n}?").status_code for n in range(first, first + count)]


def test_the_sixth_question_in_a_minute_is_refused_in_vietnamese_and_not_stored(client, conference, clock):
    point, other = add_bridge_points(conference, 2)
    assert ask_many(client, point, 5) == [201] * 5
    response = ask(client, point, text="Câu hỏi thứ sáu?")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json() == {"ok": False, "errors": {"text": [MINUTE_MESSAGE]}, "retry_after": 60}
    assert Question.objects.filter(bridge_point=point).count() == 5
    assert not Question.objects.filter(text="Câu hỏi thứ sáu?").exists()
    assert ask(client, other).status_code == 201, "another bridge point is not affected"

    clock(61)  # the next minute: the refused question did not count
    assert ask_many(client, point, 5, first=6) == [201] * 5
    assert ask(client, point, text="Lại quá nhiều?").status_code == 429


def test_a_refused_question_is_shown_again_under_the_form_without_javascript(client, bridge_point, clock):
    ask_many(client, bridge_point, 5)
    response = client.post(page_url(bridge_point, "cau-hoi/"), {"text": "Câu hỏi bị từ chối?", "asked_by": "Chị Hoa"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    page = BeautifulSoup(response.content, "html.parser")
    form = page.select_one('[data-live-form="question"]')
    assert form.select_one('[data-error-for="text"]').get_text(strip=True) == MINUTE_MESSAGE
    assert form.select_one("textarea[name=text]").get_text().strip() == "Câu hỏi bị từ chối?", "what was typed stays"
    assert form.select_one("input[name=asked_by]")["value"] == "Chị Hoa"
    assert Question.objects.count() == 5


def test_thirty_questions_an_hour(client, bridge_point, clock, settings):
    settings.CONGTIN_QUESTIONS_PER_HOUR = 7
    assert ask_many(client, bridge_point, 5) == [201] * 5
    clock(60)
    assert ask_many(client, bridge_point, 3, first=6) == [201, 201, 429]
    response = ask(client, bridge_point, text="Còn nữa?")
    assert response.json()["errors"]["text"] == [
        "Mỗi điểm cầu gửi tối đa 7 câu hỏi trong một giờ. Hãy gửi lại sau 59 phút."
    ]
    assert response["Retry-After"] == str(3600 - 60)
    assert Question.objects.count() == 7
    assert settings.CONGTIN_QUESTIONS_PER_MINUTE == 5


def test_the_same_question_posted_twice_quickly_is_stored_once(client, bridge_point, clock):
    fields = {"text": "Hỏi bấm hai lần?", "asked_by": "Anh Tuấn"}
    first = client.post(page_url(bridge_point, "cau-hoi/"), fields, **JSON)
    clock(2)
    again = client.post(page_url(bridge_point, "cau-hoi/"), fields, **JSON)  # no key: a script, or a form
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["question"]["id"] == first.json()["question"]["id"]
    assert Question.objects.count() == 1

    clock(120)  # asked again much later: a new question
    assert client.post(page_url(bridge_point, "cau-hoi/"), fields, **JSON).status_code == 201


def test_the_page_without_javascript_gives_its_form_a_key_so_a_double_click_stores_once(client, bridge_point):
    page = BeautifulSoup(client.get(page_url(bridge_point)).content, "html.parser")
    key = page.select_one('[data-live-form="question"] input[name=client_key]')["value"]
    assert len(key) == 32
    for text in ("Hỏi qua biểu mẫu?", "Hỏi qua biểu mẫu (sửa lại)?"):  # sent, then edited and sent again
        response = client.post(page_url(bridge_point, "cau-hoi/"), {"text": text, "client_key": key})
        assert response.status_code == 302
    assert list(Question.objects.values_list("text", flat=True)) == ["Hỏi qua biểu mẫu?"]
    other = BeautifulSoup(client.get(page_url(bridge_point)).content, "html.parser")
    assert other.select_one('[data-live-form="question"] input[name=client_key]')["value"] != key


def test_a_retry_of_a_stored_question_is_answered_even_past_the_limit(client, bridge_point, clock):
    ask_many(client, bridge_point, 4)
    assert ask(client, bridge_point, text="Câu thứ năm?", client_key="khoa-cau-thu-nam").status_code == 201
    assert ask(client, bridge_point, text="Câu thứ năm?", client_key="khoa-cau-thu-nam").status_code == 200
    assert ask(client, bridge_point, text="Câu thứ sáu?").status_code == 429


@pytest.mark.parametrize("backend", CACHES_GONE)
def test_with_the_cache_gone_the_limit_holds_through_the_database_and_nothing_fails(
    client, organiser_client, conference, clock, settings, monkeypatch, backend
):
    settings.CACHES = {**settings.CACHES, "default": CACHES_GONE[backend]}
    monkeypatch.setattr(live, "_windows_written", {})  # this process's heartbeat gate, as after a start
    point, other = add_bridge_points(conference, 2)
    assert state(client, point)["own_questions"] == []
    assert ask_many(client, point, 5) == [201] * 5
    assert ask(client, point, text="Câu hỏi thứ sáu?").status_code == 429
    assert Question.objects.filter(bridge_point=point).count() == 5
    assert ask(client, other).status_code == 201
    assert len(state(client, point)["own_questions"]) == 5
    assert Presence.objects.get(bridge_point=point).last_seen == START, "the heartbeat is still written"
    response = organiser_client.get(dashboard_url(conference, "trang-thai.json"))
    assert response.status_code == 200 and response.json()["question_count"] == 6
    delta = organiser_client.get(dashboard_url(conference, "trang-thai.json"), {"since": response.json()["cursor"]})
    assert delta.status_code == 200 and len(delta.json()["tiles"]) == 2, "tiles cannot be compared: all sent"
    if backend != "raising":  # Wagtail's own cache calls (the page's links) need a cache that does not raise
        response = client.post(page_url(point, "cau-hoi/"), {"text": "Câu hỏi thứ bảy, không JavaScript?"})
        assert response.status_code == 429 and MINUTE_MESSAGE in response.content.decode()
