"""The organiser dashboard in Chromium, as an organiser (signed in, so Wagtail would add its
userbar) uses it on a phone and a laptop: nothing covers its buttons, and an answered
question's box holds the answer to correct. Screenshots go to artifacts/browser/.
"""

import pytest
from playwright.sync_api import expect

from congtin.conferences.models import BridgePoint, Question
from tests.browser.support import (
    LAPTOP,
    PHONE,
    UPDATE_WITHIN_MS,
    Pages,
    bridge_point_url,
    cancelled_segment,
    in_thread,
    organiser_cookie,
)

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]  # serves the test's HLS stream

DEVICES = {"phone": PHONE, "laptop": LAPTOP}

# Every control on the page, focused (a skip link shows only then), scrolled to the top,
# the middle and the foot of the window in turn (fixed bars sit at the edges): what the
# browser finds at the control's centre, and near its corners and edges, must be the
# control or inside it. A button half under a floating bar is half a button.
COVERED_CONTROLS = """
() => {
  const problems = [];
  const controls = [...document.querySelectorAll("a[href], button, select, textarea, input:not([type=hidden])")]
    .filter((control) => control.checkVisibility());
  const fractions = [0.1, 0.5, 0.9];
  for (const control of controls) {
    control.focus({ preventScroll: true });
    for (const block of ["start", "center", "end"]) {
      control.scrollIntoView({ block, inline: "nearest", behavior: "instant" });
      for (const box of control.getClientRects()) {
        for (const fx of fractions) for (const fy of fractions) {
          const x = box.left + box.width * fx, y = box.top + box.height * fy;
          const hit = document.elementFromPoint(x, y);
          if (hit === control || control.contains(hit)) continue;
          const name = (control.textContent || control.name || "").trim().slice(0, 40);
          const cover = hit ? `<${hit.localName} class="${hit.className}">` : "nothing (outside the window)";
          problems.push(`<${control.localName}> "${name}" scrolled to ${block}, at ${fx}/${fy}: covered by ${cover}`);
        }
      }
    }
    control.blur();
  }
  return { checked: controls.length, problems: [...new Set(problems)] };
}
"""


@pytest.fixture
def open_page(browser):
    pages = Pages(browser, DEVICES, tolerated=cancelled_segment, locale="vi-VN")
    yield lambda url, device, cookies=(): pages.open(url, device, cookies)
    pages.close()


def dashboard_url(on_air):
    return on_air["live_server"].url + f"/hoi-nghi/{on_air['conference'].slug}/dieu-hanh/"


def ask(point, text, **fields) -> Question:
    return in_thread(lambda: Question.objects.create(bridge_point=point, text=text, **fields))


@pytest.mark.parametrize("device", ["phone", "laptop"])
def test_nothing_covers_the_dashboards_buttons(on_air, open_page, artifacts, device):
    point = on_air["points"][0]
    in_thread(
        lambda: BridgePoint.objects.bulk_create(  # 56 tiles, as in the demo: the page scrolls past every control
            BridgePoint(conference=on_air["conference"], code=f"DC{n:02d}", name=f"Phường đoàn số {n}")
            for n in range(3, 57)
        )
    )
    ask(point, "Câu hỏi đang chờ duyệt?")
    ask(point, "Câu hỏi đã trả lời?", status=Question.Status.ANSWERED, answer="Đã trả lời tại hội trường.")
    page = open_page(dashboard_url(on_air), device, cookies=[organiser_cookie(on_air)])
    expect(page.locator('[data-question-list="answered"] button[data-action="answer"]')).to_have_text("Sửa câu trả lời")
    page.wait_for_load_state("networkidle")

    result = page.evaluate(COVERED_CONTROLS)
    page.screenshot(path=artifacts / f"dashboard-controls-{device}.png", full_page=True)
    assert result["checked"] >= 10, "the dashboard's links, report downloads and answer controls were checked"
    assert result["problems"] == []


def test_an_answer_is_corrected_from_its_current_text(on_air, open_page, artifacts):
    point = on_air["points"][0]
    question = ask(point, "Khi nào phát động chiến dịch hè?")
    dashboard = open_page(dashboard_url(on_air), "laptop", cookies=[organiser_cookie(on_air)])
    bridge = open_page(bridge_point_url(on_air, point), "phone")

    card = dashboard.locator(f'.question-card[data-id="{question.pk}"]')
    card.locator("textarea[name=answer]").fill("Ngày 01/7.")
    card.locator('button[data-action="answer"]').click()
    expect(card).to_have_attribute("data-status", "answered")
    expect(card.locator('button[data-action="answer"]')).to_have_text("Sửa câu trả lời")
    expect(card.locator("textarea[name=answer]")).to_have_value("Ngày 01/7.")

    dashboard.reload()  # as the server renders it, too
    card = dashboard.locator(f'.question-card[data-id="{question.pk}"]')
    expect(card.locator("textarea[name=answer]")).to_have_value("Ngày 01/7.")
    dashboard.wait_for_timeout(3500)  # a poll comes and goes: the box keeps the answer
    expect(card.locator("textarea[name=answer]")).to_have_value("Ngày 01/7.")

    box = card.locator("textarea[name=answer]")
    box.click()
    box.press("End")
    box.press_sequentially(" Đồng loạt tại các quận, huyện.")
    card.locator('button[data-action="answer"]').click()
    expect(card.locator('[data-field="answer"]')).to_have_text("Ngày 01/7. Đồng loạt tại các quận, huyện.")
    expect(card.locator("textarea[name=answer]")).to_have_value("Ngày 01/7. Đồng loạt tại các quận, huyện.")

    expect(bridge.locator('[data-answered-list] [data-field="answer"]')).to_have_text(
        "Ngày 01/7. Đồng loạt tại các quận, huyện.", timeout=UPDATE_WITHIN_MS
    )
    assert in_thread(lambda: Question.objects.get(pk=question.pk).answer) == "Ngày 01/7. Đồng loạt tại các quận, huyện."
    dashboard.screenshot(path=artifacts / "dashboard-answer-corrected.png", full_page=True)


def test_a_newly_asked_question_arrives_once_through_the_deltas(on_air, open_page, artifacts):
    """After its first poll the dashboard asks only what changed (?since=): a question asked
    from a bridge point joins the queue once, with the counts, and a moderation made
    elsewhere moves it, while the question shown from the start stays where it was."""
    point = on_air["points"][0]
    waiting = ask(point, "Câu hỏi có từ trước?")
    dashboard = open_page(dashboard_url(on_air), "laptop", cookies=[organiser_cookie(on_air)])
    polls = []
    dashboard.on("request", lambda request: "trang-thai.json" in request.url and polls.append(request.url))
    bridge = open_page(bridge_point_url(on_air, point), "phone")

    bridge.locator('[data-live-form="question"] textarea[name=text]').fill("Câu hỏi vừa gửi từ điểm cầu?")
    bridge.locator('[data-live-form="question"] button[type=submit]').click()
    pending = dashboard.locator('[data-question-list="pending"] .question-card')
    expect(pending).to_have_count(2, timeout=UPDATE_WITHIN_MS)
    expect(pending.locator(".question-text")).to_have_text(["Câu hỏi có từ trước?", "Câu hỏi vừa gửi từ điểm cầu?"])
    expect(dashboard.locator('[data-status-group="pending"] [data-count]')).to_have_text("2")
    expect(dashboard.locator(f'.tile[data-id="{point.pk}"] [data-field="pending_questions"]')).to_have_text("2")
    dashboard.wait_for_timeout(3500)  # another poll, an empty delta: nothing doubled or lost
    expect(pending).to_have_count(2)
    assert any("since=" in url for url in polls), polls

    in_thread(lambda: Question.objects.get(pk=waiting.pk).moderate("approve"))
    approved = dashboard.locator('[data-question-list="approved"] .question-card')
    expect(approved.locator(".question-text")).to_have_text(["Câu hỏi có từ trước?"], timeout=UPDATE_WITHIN_MS)
    expect(pending.locator(".question-text")).to_have_text(["Câu hỏi vừa gửi từ điểm cầu?"])
    expect(dashboard.locator('[data-status-group="approved"] [data-count]')).to_have_text("1")
    expect(dashboard.locator('[data-status-group="pending"] [data-count]')).to_have_text("1")
    dashboard.screenshot(path=artifacts / "dashboard-delta.png", full_page=True)
