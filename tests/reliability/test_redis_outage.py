"""Redis stops in the middle of a conference: readers, bridge points, the video's token check and
the organiser carry on, on cache misses; the outage is one log line; when Redis is back the
pages are cached again, without restarting anything.

The app runs in this process (Django's test client) with its caches pointed at a Redis of the
test's own (tests/reliability/servers.py), built by the settings' own `_cache()`.
"""

import logging
from unittest import mock

import pytest
import redis
from django.core.cache import caches
from django.test import Client

from congtin import pagecache
from congtin.conferences.broadcast import nginx_rtmp as broadcast
from congtin.conferences.models import Question
from congtin.settings import base
from tests.factories import ensure_home, make_article, make_section
from tests.support import conference_under_way, sign_in_organiser

from .servers import OwnRedis, wait_until


@pytest.fixture
def own_redis(settings):
    """A Redis of this test's own, behind every shared cache as REDIS_URL would put it."""
    server = OwnRedis()
    server.start()
    with mock.patch.object(base, "REDIS_URL", server.url):
        shared = {name: base._cache(name) for name in ("default", "renditions", "pages")}
    assert shared["pages"]["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    settings.CACHES = {**shared, "fragments": base.CACHES["fragments"]}
    caches["fragments"].clear()
    yield server
    server.close()


@pytest.fixture
def event():
    section = make_section(ensure_home(), "Thời sự")
    article = make_article(section, "Hội nghị trực tuyến sơ kết công tác Đoàn sáu tháng đầu năm")
    conference, _agenda, points = conference_under_way("so-ket-doan")
    point = points[0]
    base_url = f"/hoi-nghi/{conference.slug}"
    return {
        "pages": ["/", section.get_url(), article.get_url()],
        "state": f"{base_url}/diem-cau/{point.token}/trang-thai.json",
        "ask": f"{base_url}/diem-cau/{point.token}/cau-hoi/",
        "dashboard_state": f"{base_url}/dieu-hanh/trang-thai.json",
        "playlist": f"/hls/{broadcast.stream_name(conference)}.m3u8?t={point.token}",
        "article": article.get_url(),
    }


def visit(reader: Client, organiser: Client, event: dict, client_key: str) -> list[tuple[str, int]]:
    """What a reader, a bridge point, nginx's token check and the organiser do in a moment."""
    answers = [(url, reader.get(url).status_code) for url in event["pages"]]
    answers.append((event["state"], reader.get(event["state"]).status_code))
    answers.append((event["state"] + " (heartbeat)", reader.post(event["state"]).status_code))
    for _attempt in range(2):  # the same question sent twice (a retry): stored once
        question = {"text": f"Câu hỏi {client_key}", "client_key": f"khoa-{client_key}"}
        posted = reader.post(event["ask"], question, HTTP_ACCEPT="application/json")
        answers.append((event["ask"], posted.status_code))
    token_check = reader.get("/hoi-nghi/phat-song/hls-auth/", HTTP_X_ORIGINAL_URI=event["playlist"])
    answers.append(("hls-auth", token_check.status_code))
    answers.append((event["dashboard_state"], organiser.get(event["dashboard_state"]).status_code))
    return answers


@pytest.mark.django_db
def test_a_redis_restart_fails_no_request_and_the_cache_comes_back(own_redis, event, caplog, settings):
    settings.CONGTIN_QUESTIONS_PER_MINUTE = 100  # this test's visits are quicker than any bridge point
    reader, organiser = Client(), Client()
    organiser.cookies["sessionid"] = sign_in_organiser()
    before = visit(reader, organiser, event, "truoc")
    assert {status for _url, status in before} <= {200, 201, 204}, before

    own_redis.stop()
    with caplog.at_level(logging.WARNING):
        during = visit(reader, organiser, event, "trong-luc") + visit(reader, organiser, event, "trong-luc-2")
    assert [answer for answer in during if answer[1] >= 500] == []
    assert dict(during)["hls-auth"] == 204  # the video plays on
    assert dict(during)[event["dashboard_state"]] == 200  # the organiser is still signed in
    for key in ("trong-luc", "trong-luc-2"):
        assert Question.objects.filter(client_key=f"khoa-{key}").count() == 1
    outage_lines = [record for record in caplog.records if record.name == "congtin.outage"]
    assert len(outage_lines) == 1, [record.getMessage() for record in outage_lines]
    assert f"127.0.0.1:{own_redis.port}" in outage_lines[0].getMessage()
    assert [record for record in caplog.records if record.levelno >= logging.ERROR] == []

    own_redis.start()  # empty, as a cache-only Redis restarts
    stored = redis.Redis(port=own_redis.port)
    wait_until(
        lambda: reader.get(event["article"]).status_code == 200 and bool(stored.keys("pages:*")),
        "the article is cached in Redis again",
    )
    after = visit(reader, organiser, event, "sau")
    assert {status for _url, status in after} <= {200, 201, 204}, after


def test_renewals_lost_while_redis_is_down_are_made_when_it_answers_again(own_redis):
    """A Redis that kept its data comes back with the old numbers: a fragment kept before the
    outage must not pass for fresh after a change made during it, nor one made during it later."""
    fragment = pagecache.fragment
    assert fragment("tin-moi", lambda: "trước", seconds=600, versions=["bai-viet"]) == "trước"
    assert fragment("tin-moi", lambda: "khác", seconds=600, versions=["bai-viet"]) == "trước"
    caches["pages"].set("probe", "up", None)
    own_redis.snapshot()

    own_redis.stop()
    pagecache.new_version("bai-viet")  # an editor publishes: the renewal cannot be recorded
    assert fragment("tin-moi", lambda: "trong lúc", seconds=600, versions=["bai-viet"]) == "trong lúc"
    assert fragment("tin-moi", lambda: "trong lúc 2", seconds=600, versions=["bai-viet"]) == "trong lúc 2"
    assert pagecache.version("bai-viet") != pagecache.version("bai-viet")  # never a constant
    own_redis.start()  # with the data it had, the old number among it

    wait_until(lambda: caches["pages"].get("probe") == "up", "Redis answers again")
    assert fragment("tin-moi", lambda: "sau", seconds=600, versions=["bai-viet"]) == "sau"
    assert fragment("tin-moi", lambda: "khác", seconds=600, versions=["bai-viet"]) == "sau"


@pytest.mark.django_db
def test_a_player_still_counts_present_while_redis_is_down(own_redis, event):
    """nginx's token check is a playing bridge point's heartbeat: with the cache gone it is
    still recorded (it used to be dropped, and the dashboard showed points leaving)."""
    from congtin.conferences.models import Presence

    reader = Client()
    own_redis.stop()
    answer = reader.get("/hoi-nghi/phat-song/hls-auth/", HTTP_X_ORIGINAL_URI=event["playlist"])
    assert answer.status_code == 204
    token = event["playlist"].rsplit("t=", 1)[1]
    assert Presence.objects.filter(bridge_point__token=token).exists()


def test_a_page_rendered_while_redis_is_down_notes_its_tags_without_failing(own_redis):
    from congtin.pagecache import store

    store.remember("/thoi-su/bai-truoc/", ["muc-thoi-su"])
    assert store.paths_tagged(["muc-thoi-su"]) == {"/thoi-su/bai-truoc/"}
    own_redis.stop()
    for call in (lambda: store.remember("/thoi-su/bai-moi/", ["muc-thoi-su"]), lambda: store.paths_tagged(["x"])):
        caches["pages"].down_until = 0.0  # past the second a failed Redis is left alone: really tried
        call()  # SADD and SUNION raised ConnectionError here, a 500 for the page being rendered
    assert store.paths_tagged(["muc-thoi-su"]) == set()
