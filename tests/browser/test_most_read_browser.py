"""'Tin đọc nhiều' in a real browser: opening an article sends one beacon (a POST answered 204)
and the read reaches the database with the minute's flush; a reload adds no second read."""

import pytest

from congtin.readership import service
from congtin.readership.models import DailyReads
from tests.browser.support import DEVICES, in_thread

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]

# A browser as readers have it: Playwright's headless Chromium says "HeadlessChrome", which the
# beacon rightly takes for a robot.
READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


def is_beacon(response) -> bool:
    return "/_doc/" in response.url


def test_opening_an_article_sends_the_beacon_and_the_count_goes_up(article, seed_article, browser):
    # Without Redis the process that takes the beacons writes its counts itself when its last
    # write is a minute old, which in a long run it is: a write now leaves this read to the flush.
    in_thread(service.flush)
    context = browser.new_context(**DEVICES["desktop"], user_agent=READER_AGENT)
    errors = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(error))
        for _visit in range(2):  # a reload: the same reader, one read
            with page.expect_response(is_beacon) as beacon:
                assert page.goto(article.url).status == 200
            answer = beacon.value
            assert (answer.request.method, answer.status) == ("POST", 204)
            assert answer.url.endswith(f"/_doc/{seed_article.pk}/")
    finally:
        context.close()
    assert errors == []
    assert in_thread(service.flush) == 1
    rows = in_thread(lambda: list(DailyReads.objects.filter(article_id=seed_article.pk).values_list("reads")))
    assert rows == [(1,)]
