"""A bridge point page and the organiser dashboard in a real browser (Debian's Chromium).

The video plays a small HLS stream made by ffmpeg into a temporary folder (the `on_air`
fixture, conftest.py) and served by tests/browser/urls.py (the broadcast engineer's
end-to-end test covers nginx-rtmp). Typed
text survives a reload and a network hiccup, a question whose answer was lost in transit
is stored once, and what the organiser does reaches the bridge point within 5 seconds.
Screenshots go to artifacts/browser/.
"""

import pytest
from playwright.sync_api import expect

from congtin.conferences.models import Question
from tests.browser.support import (
    PHONE,
    UPDATE_WITHIN_MS,
    Pages,
    bridge_point_url,
    cancelled_segment,
    in_thread,
    organiser_cookie,
)

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]  # serves the test's HLS stream

DEVICES = {"big-screen": {"viewport": {"width": 1920, "height": 1080}}, "phone": PHONE}


@pytest.fixture
def open_page(browser):
    """Open a URL on a device; fail the test on script errors and unexpected failed requests."""
    pages = Pages(browser, DEVICES, tolerated=cancelled_segment, locale="vi-VN")
    yield lambda url, device="big-screen", cookies=(), init_script=None: pages.open(url, device, cookies, init_script)
    pages.close()


def wait_until_playing(page):
    page.wait_for_function(
        "() => { const v = document.querySelector('video[data-player]'); return v && !v.paused && v.currentTime > 0; }",
        timeout=30_000,
    )


# Recent Chromium plays HLS itself, as Safari does; older Chrome, Firefox and many
# Android browsers do not, and the page loads hls.js for them. Hiding native HLS makes
# Chromium take that path too.
WITHOUT_NATIVE_HLS = """
const canPlayType = HTMLMediaElement.prototype.canPlayType;
HTMLMediaElement.prototype.canPlayType = function (type) {
  return /mpegurl/i.test(type) ? "" : canPlayType.call(this, type);
};
"""


@pytest.mark.parametrize("device, player", [("big-screen", "auto"), ("phone", "auto"), ("big-screen", "hls.js")])
def test_bridge_point_page_plays_the_stream(on_air, open_page, artifacts, device, player):
    page = open_page(
        bridge_point_url(on_air, on_air["points"][0]),
        device,
        init_script=WITHOUT_NATIVE_HLS if player == "hls.js" else None,
    )
    expect(page.locator("h1")).to_have_text("Điểm cầu: Quận đoàn Trung Tâm")
    wait_until_playing(page)
    assert page.evaluate("document.querySelector('video[data-player]').currentTime") > 0
    expect(page.locator("[data-off-air]")).to_be_hidden()
    expect(page.locator("[data-unmute]")).to_be_visible()  # autoplay is muted; the hall turns the sound on
    expect(page.locator("[data-now-presenting]")).to_contain_text("Báo cáo sơ kết sáu tháng đầu năm")
    native = page.evaluate("!!document.querySelector('video').canPlayType('application/vnd.apple.mpegurl')")
    used = page.evaluate("window.Hls ? 'hls.js' : 'native'")
    assert used == ("native" if native else "hls.js"), "native HLS when the browser has it, else hls.js"
    if player == "hls.js":
        assert used == "hls.js"

    video_box = page.locator("[data-player-box]").bounding_box()
    if device == "big-screen":
        assert video_box["width"] >= 1200, "the hall's screen shows a large video"
        font = page.locator("[data-now-presenting]").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert font >= 24, "the topic is readable across the room"
    else:
        widths = page.evaluate("({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
        assert widths["scroll"] <= widths["inner"] + 1, f"horizontal overflow on a phone: {widths}"
        assert video_box["width"] >= 340
    page.screenshot(path=artifacts / f"bridge-point-{device}-{player}.png", full_page=True)


def test_what_is_typed_survives_a_reload_and_a_network_hiccup(on_air, open_page, artifacts):
    page = open_page(bridge_point_url(on_air, on_air["points"][0]), "phone")
    question = page.locator('[data-live-form="question"] textarea[name=text]')
    question.fill("Xin hỏi kế hoạch triển khai chiến dịch Thanh niên tình nguyện hè?")
    page.reload()
    expect(question).to_have_value("Xin hỏi kế hoạch triển khai chiến dịch Thanh niên tình nguyện hè?")

    page.expected_failures += ["/trang-thai.json", "/cau-hoi/", "/hls-test/"]
    page.context.set_offline(True)
    page.locator('[data-live-form="question"] button[type=submit]').click()
    expect(page.locator("[data-outbox] li")).to_have_text(
        "Chờ gửi: Xin hỏi kế hoạch triển khai chiến dịch Thanh niên tình nguyện hè?"
    )
    expect(page.locator('[data-live-form="question"] [data-form-status]')).to_contain_text("sẽ tự gửi lại")
    expect(page.locator("[data-connection-banner]")).to_be_visible(timeout=10_000)
    expect(page.locator("[data-connection-banner]")).to_have_text("Mất kết nối, đang thử lại…")
    page.screenshot(path=artifacts / "bridge-point-offline.png", full_page=True)
    assert not in_thread(Question.objects.exists)

    page.context.set_offline(False)
    expect(page.locator('[data-live-form="question"] [data-form-status]')).to_contain_text(
        "Đã gửi câu hỏi", timeout=15_000
    )
    expect(page.locator("[data-outbox] li")).to_have_count(0)
    expect(page.locator("[data-connection-banner]")).to_be_hidden(timeout=15_000)
    expect(page.locator("[data-own-questions] li")).to_contain_text("Chờ duyệt")
    assert in_thread(Question.objects.count) == 1
    assert (
        page.evaluate("Object.keys(localStorage).filter(k => k.includes(':outbox:') || k.includes(':draft:question'))")
        == []
    )


def test_a_question_whose_answer_was_lost_is_stored_once(on_air, open_page):
    page = open_page(bridge_point_url(on_air, on_air["points"][1]), "phone")
    page.expected_failures.append("/cau-hoi/")
    statuses = []

    def lose_the_first_answer(route):
        response = route.fetch()  # the server stores the question...
        statuses.append(response.status)
        if len(statuses) == 1:
            route.abort("connectionreset")  # ...and the answer never reaches the browser
        else:
            route.fulfill(response=response)

    page.route("**/cau-hoi/", lose_the_first_answer)
    page.locator('[data-live-form="question"] textarea[name=text]').fill("Câu hỏi gửi lúc mạng chập chờn?")
    page.locator('[data-live-form="question"] button[type=submit]').click()
    expect(page.locator('[data-live-form="question"] [data-form-status]')).to_contain_text(
        "Đã gửi câu hỏi", timeout=15_000
    )
    assert statuses == [201, 200]
    assert in_thread(Question.objects.filter(text="Câu hỏi gửi lúc mạng chập chờn?").count) == 1


def test_headcount_is_checked_in_vietnamese_before_sending(on_air, open_page):
    page = open_page(bridge_point_url(on_air, on_air["points"][0]), "phone")
    count = page.locator('[data-live-form="headcount"] input[name=count]')
    count.fill("600")
    page.locator('[data-live-form="headcount"] button[type=submit]').click()
    expect(page.locator('[data-error-for="count"]')).to_have_text(
        "Số người dự tối đa là 500; hãy kiểm tra lại số đã nhập."
    )
    count.fill("27")
    page.locator('[data-live-form="headcount"] button[type=submit]').click()
    expect(page.locator('[data-live-form="headcount"] [data-form-status]')).to_contain_text("Đã báo cáo 27 người lúc")
    expect(page.locator('[data-error-for="count"]')).to_be_hidden()


def test_organiser_and_bridge_point_see_each_other_within_5_seconds(on_air, open_page, artifacts):
    conference, (point, _other) = on_air["conference"], on_air["points"]
    dashboard = open_page(
        on_air["live_server"].url + f"/hoi-nghi/{conference.slug}/dieu-hanh/", cookies=[organiser_cookie(on_air)]
    )
    expect(dashboard.locator('[data-total="online"]')).to_have_text("0")
    bridge = open_page(bridge_point_url(on_air, point), "phone")

    tile = dashboard.locator(f'.tile[data-id="{point.pk}"]')
    expect(tile.locator('[data-field="connection"]')).to_have_text("Trực tuyến", timeout=UPDATE_WITHIN_MS)
    expect(dashboard.locator('[data-total="online"]')).to_have_text("1")

    bridge.locator('[data-live-form="headcount"] input[name=count]').fill("28")
    bridge.locator('[data-live-form="headcount"] button[type=submit]').click()
    expect(tile.locator('[data-field="headcount"]')).to_have_text("28", timeout=UPDATE_WITHIN_MS)
    expect(dashboard.locator('[data-total="participants"]')).to_have_text("28")

    bridge.locator('[data-live-form="question"] textarea[name=text]').fill("Khi nào phát động chiến dịch hè?")
    bridge.locator('[data-live-form="question"] input[name=asked_by]').fill("Anh Hùng")
    bridge.locator('[data-live-form="question"] button[type=submit]').click()
    card = dashboard.locator('[data-question-list="pending"] .question-card')
    expect(card).to_have_count(1, timeout=UPDATE_WITHIN_MS)
    expect(card.locator(".question-text")).to_have_text("Khi nào phát động chiến dịch hè?")

    answer = card.locator("textarea[name=answer]")
    answer.fill("Ngày 01/7, đồng loạt tại các quận, huyện.")
    dashboard.reload()  # the organiser's typed answer survives a reload too
    card = dashboard.locator('[data-question-list="pending"] .question-card')
    expect(card.locator("textarea[name=answer]")).to_have_value("Ngày 01/7, đồng loạt tại các quận, huyện.")
    card.locator('button[data-action="answer"]').click()
    answered = dashboard.locator('[data-question-list="answered"] .question-card')
    expect(answered).to_have_count(1)
    expect(answered.locator('[data-field="answer"]')).to_have_text("Ngày 01/7, đồng loạt tại các quận, huyện.")

    expect(bridge.locator("[data-answered-list] li")).to_have_count(1, timeout=UPDATE_WITHIN_MS)
    expect(bridge.locator('[data-answered-list] [data-field="answer"]')).to_have_text(
        "Ngày 01/7, đồng loạt tại các quận, huyện."
    )
    expect(bridge.locator('[data-own-questions] [data-field="status_label"]')).to_have_text(
        "Đã trả lời", timeout=UPDATE_WITHIN_MS
    )

    dashboard.locator("[data-agenda-form] select").select_option(str(on_air["topics"][1].pk))
    dashboard.locator("[data-agenda-form] button[type=submit]").click()
    expect(bridge.locator("[data-now-presenting] [data-field=title]")).to_have_text(
        "Chuyển đổi số trong công tác Đoàn", timeout=UPDATE_WITHIN_MS
    )
    expect(bridge.locator('[data-agenda-id][aria-current="true"]')).to_contain_text("Chuyển đổi số")
    dashboard.screenshot(path=artifacts / "dashboard.png", full_page=True)
    bridge.screenshot(path=artifacts / "bridge-point-answered.png", full_page=True)
