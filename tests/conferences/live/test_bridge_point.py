"""The bridge point page and its endpoints: polled state (a POST is the heartbeat),
headcount and questions. Tokens admit nobody else; a bridge point that reconnects, reloads
or sends the same question twice over a flaky network is still one bridge point."""

import sys
import types
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model

from congtin.conferences.live import state as live
from congtin.conferences.models import (
    AgendaItem,
    BridgePoint,
    ConferenceDocument,
    HeadcountReport,
    Presence,
    Question,
)
from tests.conferences.support import JSON, START, add_bridge_points, ask, make_conference, page_url, state


@pytest.fixture
def topics(conference):
    return [
        AgendaItem.objects.create(conference=conference, sort_order=number, title=title, presenter=presenter)
        for number, (title, presenter) in enumerate(
            [
                ("Báo cáo sơ kết sáu tháng", "Phó Bí thư Thành đoàn"),
                ("Chuyển đổi số trong công tác Đoàn", "Ban Tổ chức"),
            ]
        )
    ]


def test_join_page_has_player_programme_documents_and_both_forms(client, bridge_point, conference, topics):
    document = get_document_model().objects.create(
        title="Chương trình hội nghị", file=ContentFile(b"%PDF-1.4", name="ct.pdf")
    )
    ConferenceDocument.objects.create(conference=conference, document=document, sort_order=0)
    conference.set_current_agenda_item(topics[1])

    response = client.get(page_url(bridge_point))
    assert response.status_code == 200
    assert "csrftoken" in response.cookies, "the page's fetch posts need the CSRF cookie"
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("video[data-player]").has_attr("playsinline")
    assert page.select_one("[data-off-air]").get_text(strip=True) == "Chưa phát sóng"
    assert page.select_one("[data-now-presenting] [data-field=title]").get_text(strip=True) == topics[1].title
    current = page.select_one('[data-agenda-list] [aria-current="true"]')
    assert current["data-agenda-id"] == str(topics[1].pk)
    assert [a.get_text(strip=True) for a in page.select("[data-documents] a")] == ["Chương trình hội nghị"]
    count = page.select_one('[data-live-form="headcount"] input[name=count]')
    assert (count["min"], count["max"], count["data-error-range-overflow"]) == (
        "0",
        "500",
        "Số người dự tối đa là 500; hãy kiểm tra lại số đã nhập.",
    )
    assert page.select_one('[data-live-form="question"] textarea[name=text]')["maxlength"] == "1000"
    assert page.select_one('script[src$="conferences/bridge-point.js"]')
    hls = page.select_one("[data-bridge-point]")["data-hls-script"]
    assert hls.endswith("conferences/vendor/hls.light.min.js")


def test_vendored_hls_js_is_there_with_its_licence(settings):
    vendor = settings.BASE_DIR / "congtin" / "conferences" / "static" / "conferences" / "vendor"
    script = (vendor / "hls.light.min.js").read_text()
    assert script.startswith("!function") or "Hls" in script[:2000]
    assert "sourceMappingURL" not in script.splitlines()[-1], "collectstatic's manifest would look for the map"
    assert "Apache License" in (vendor / "hls.js.LICENSE").read_text()


def test_state_shows_topic_answered_questions_documents_and_own_questions(client, conference, topics):
    asking, other = add_bridge_points(conference, 2)
    conference.set_current_agenda_item(topics[0])
    answered = Question.objects.create(bridge_point=other, text="Hỏi đã trả lời?", asked_by="Anh Nam")
    answered.moderate("answer", "Đây là câu trả lời.")
    Question.objects.create(bridge_point=other, text="Hỏi chờ duyệt?")
    Question.objects.create(bridge_point=asking, text="Câu hỏi của tôi?")
    live.shared_state_changed(conference)

    data = state(client, asking)
    assert data["poll_seconds"] == 3
    assert (data["on_air"], data["playlist_url"], data["status_label"]) == (False, None, "Sắp diễn ra")
    assert data["agenda_item"] == {"id": topics[0].pk, "title": topics[0].title, "presenter": "Phó Bí thư Thành đoàn"}
    assert [(q["text"], q["answer"], q["bridge_point"], q["asked_by"]) for q in data["answered"]] == [
        ("Hỏi đã trả lời?", "Đây là câu trả lời.", "Quận đoàn số 2", "Anh Nam")
    ]
    assert [(q["text"], q["status_label"]) for q in data["own_questions"]] == [("Câu hỏi của tôi?", "Chờ duyệt")]
    assert data["documents"]["items"] == [] and data["documents"]["version"]
    assert data["headcount"] is None


def test_state_plays_the_broadcast_playlist_only_when_on_air(client, bridge_point, conference, monkeypatch):
    monkeypatch.setattr(live, "stream_url", lambda conf, point: f"/hls/{conf.slug}/index.m3u8?token={point.token}")
    assert state(client, bridge_point)["on_air"] is False
    conference.on_air = True
    conference.save()
    live.shared_state_changed(conference)  # else within STATE_CACHE_SECONDS, when the kept state lapses
    data = state(client, bridge_point)
    assert data["on_air"] is True
    assert data["playlist_url"] == f"/hls/{conference.slug}/index.m3u8?token={bridge_point.token}"


def test_without_a_broadcast_backend_the_page_says_not_on_air(client, bridge_point, conference, monkeypatch):
    monkeypatch.setattr(live, "stream_url", lambda conf, point: None)
    conference.on_air = True
    conference.save()
    assert state(client, bridge_point)["on_air"] is False
    page = BeautifulSoup(client.get(page_url(bridge_point)).content, "html.parser")
    assert not page.select_one("[data-off-air]").has_attr("hidden")


def test_stream_url_falls_back_to_none_without_broadcast_playlist_url(bridge_point, conference, monkeypatch):
    monkeypatch.setitem(sys.modules, "congtin.conferences.broadcast", types.ModuleType("congtin.conferences.broadcast"))
    assert live.stream_url(conference, bridge_point) is None


def test_a_post_to_the_state_is_a_heartbeat_and_a_get_is_not(client, bridge_point):
    state(client, bridge_point, method="get")
    assert not Presence.objects.exists()
    state(client, bridge_point)
    presence = Presence.objects.get(bridge_point=bridge_point)
    assert presence.is_online()


def test_reconnecting_reloading_and_two_screens_are_one_bridge_point(client, bridge_point, conference, monkeypatch):
    clock = {"now": START}
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock["now"])
    big_screen, phone = client, Client()
    for second in range(0, 61, 3):  # two screens polling, one second apart
        clock["now"] = START + timedelta(seconds=second)
        state(big_screen, bridge_point)
        clock["now"] = START + timedelta(seconds=second + 1)
        state(phone, bridge_point)
    clock["now"] = START + timedelta(minutes=5)  # network back after four minutes
    state(big_screen, bridge_point)
    for second in (3, 6, 9):
        clock["now"] = START + timedelta(minutes=5, seconds=second)
        state(big_screen, bridge_point)

    presence = Presence.objects.get(bridge_point=bridge_point)
    assert Presence.objects.count() == 1
    assert presence.first_seen == START
    # online 0-61 s and 5:00-5:09, no second counted twice (a beat skipped by the 2-second
    # write throttle at the very end of a span may leave out that last second)
    assert 60 + 9 <= presence.seconds_online <= 61 + 9
    tiles = live.dashboard_state(conference, at=clock["now"])
    assert (tiles["totals"]["bridge_points"], tiles["totals"]["online"]) == (1, 1)


def test_heartbeats_are_written_at_most_once_every_two_seconds(bridge_point):
    live.record_heartbeat(bridge_point, at=START)
    live.record_heartbeat(bridge_point, at=START + timedelta(milliseconds=500))
    assert Presence.objects.get().last_seen == START
    live.record_heartbeat(bridge_point, at=START + timedelta(seconds=2))
    assert Presence.objects.get().last_seen == START + timedelta(seconds=2)


@pytest.mark.parametrize("case", ["wrong", "revoked", "other_conference"])
@pytest.mark.parametrize("endpoint", ["trang-thai.json", "so-nguoi-du/", "cau-hoi/"])
def test_endpoints_are_404_for_tokens_that_admit_nobody(client, bridge_point, conference, case, endpoint):
    slug, token = conference.slug, bridge_point.token
    if case == "wrong":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif case == "revoked":
        BridgePoint.objects.filter(pk=bridge_point.pk).update(revoked=True)
    else:
        slug = make_conference(slug="hoi-nghi-khac").slug
    response = client.post(f"/hoi-nghi/{slug}/diem-cau/{token}/{endpoint}", {"count": "5", "text": "Hỏi?"}, **JSON)
    assert response.status_code == 404
    assert not (Presence.objects.exists() or HeadcountReport.objects.exists() or Question.objects.exists())


def test_posts_need_the_csrf_token_the_page_set(bridge_point):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(page_url(bridge_point, "trang-thai.json")).status_code == 403
    token = browser.get(page_url(bridge_point)).cookies["csrftoken"].value
    response = browser.post(page_url(bridge_point, "trang-thai.json"), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    response = browser.post(page_url(bridge_point, "so-nguoi-du/"), {"count": "17"}, HTTP_X_CSRFTOKEN=token, **JSON)
    assert response.status_code == 200 and HeadcountReport.objects.get().count == 17


def test_headcount_is_reported_and_replaced(client, bridge_point):
    response = client.post(page_url(bridge_point, "so-nguoi-du/"), {"count": "24"}, **JSON)
    assert response.status_code == 200
    assert response.json()["headcount"]["count"] == 24
    client.post(page_url(bridge_point, "so-nguoi-du/"), {"count": "31"}, **JSON)
    assert HeadcountReport.objects.get(bridge_point=bridge_point).count == 31
    assert state(client, bridge_point)["headcount"]["count"] == 31


@pytest.mark.parametrize(
    "value, message",
    [
        ("", "Hãy nhập số người dự."),
        ("-1", "Số người dự không thể nhỏ hơn 0."),
        ("501", "Số người dự tối đa là 500; hãy kiểm tra lại số đã nhập."),
        ("12.5", "Số người dự phải là một số nguyên từ 0 đến 500."),
        ("mười", "Số người dự phải là một số nguyên từ 0 đến 500."),
    ],
)
def test_headcount_must_be_a_whole_number_from_0_to_500(client, bridge_point, value, message):
    response = client.post(page_url(bridge_point, "so-nguoi-du/"), {"count": value}, **JSON)
    assert response.status_code == 400
    assert response.json() == {"ok": False, "errors": {"count": [message]}}
    assert not HeadcountReport.objects.exists()


def test_headcount_limits_are_accepted(client, bridge_point):
    for value in ("0", "500"):
        assert client.post(page_url(bridge_point, "so-nguoi-du/"), {"count": value}, **JSON).status_code == 200


def test_forms_work_without_javascript(client, bridge_point):
    response = client.post(page_url(bridge_point, "so-nguoi-du/"), {"count": "19"})
    assert response.status_code == 302 and response["Location"].endswith(page_url(bridge_point) + "#so-nguoi-du")
    response = client.post(page_url(bridge_point, "cau-hoi/"), {"text": "Hỏi không cần JavaScript?"})
    assert response.status_code == 302 and response["Location"].endswith("#cau-hoi")
    response = client.post(page_url(bridge_point, "so-nguoi-du/"), {"count": "900"})
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one('[data-error-for="count"]').get_text(strip=True).startswith("Số người dự tối đa là 500")
    assert page.select_one("input[name=count]")["value"] == "900", "what was typed is shown again"


def test_a_question_waits_for_moderation_under_the_current_topic(client, bridge_point, conference, topics):
    conference.set_current_agenda_item(topics[1])
    response = ask(client, bridge_point, asked_by="Chị Lan")
    assert response.status_code == 201
    question = Question.objects.get()
    assert (question.status, question.agenda_item, question.asked_by) == ("pending", topics[1], "Chị Lan")
    assert response.json()["question"] == {
        "id": question.pk,
        "text": question.text,
        "status": "pending",
        "status_label": "Chờ duyệt",
    }


def test_a_question_sent_again_with_its_key_is_stored_once(client, bridge_point, conference):
    key = "a1b2c3d4e5f6a7b8"
    assert ask(client, bridge_point, client_key=key).status_code == 201
    assert ask(client, bridge_point, client_key=key).status_code == 200  # the retry after a lost answer
    assert ask(client, bridge_point, text="Câu khác", client_key="ffffeeee11112222").status_code == 201
    assert Question.objects.count() == 2
    other = add_bridge_points(conference, 1, prefix="DX")[0]
    assert ask(client, other, client_key=key).status_code == 201, "keys are per bridge point"


@pytest.mark.parametrize(
    "fields, errors",
    [
        ({"text": "  "}, {"text": ["Hãy nhập nội dung câu hỏi."]}),
        ({"text": "x" * 1001}, {"text": ["Câu hỏi dài tối đa 1000 ký tự (đang có 1001 ký tự)."]}),
        ({"text": "Hỏi?", "client_key": "không hợp lệ"}, {"client_key": ["Mã gửi không hợp lệ; hãy tải lại trang."]}),
    ],
)
def test_bad_questions_are_refused_in_vietnamese(client, bridge_point, fields, errors):
    response = client.post(page_url(bridge_point, "cau-hoi/"), fields, **JSON)
    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert not Question.objects.exists()


def test_endpoints_refuse_the_wrong_method(client, bridge_point):
    assert client.get(page_url(bridge_point, "cau-hoi/")).status_code == 405
    assert client.get(page_url(bridge_point, "so-nguoi-du/")).status_code == 405
    assert client.put(page_url(bridge_point, "trang-thai.json")).status_code == 405


def test_stream_url_is_the_broadcast_backends_playlist_url(bridge_point, conference):
    broadcast = pytest.importorskip("congtin.conferences.broadcast")
    if not hasattr(broadcast, "playlist_url"):
        pytest.skip("the broadcast backend offers no playlist_url yet")
    assert live.stream_url(conference, bridge_point) == broadcast.playlist_url(conference, bridge_point)
    assert bridge_point.token in live.stream_url(conference, bridge_point)


def test_a_signed_in_organiser_on_the_join_page_gets_no_userbar_over_the_question_form(organiser_client, bridge_point):
    page = organiser_client.get(page_url(bridge_point))
    assert page.status_code == 200
    assert b"wagtail-userbar" not in page.content
