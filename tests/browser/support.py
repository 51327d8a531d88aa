"""What the browser tests share besides fixtures: the devices they open pages on, `Pages`
(pages that fail the test on script errors and failed requests), and for the conference tests
a way to reach the database while Playwright runs and a bridge point's address."""

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connections
from playwright.sync_api import Browser, Page

from tests.browser.urls import HLS_PATH
from tests.support import sign_in_organiser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
DEVICES = {"desktop": {"viewport": {"width": 1280, "height": 900}}, "phone": PHONE}
UPDATE_WITHIN_MS = 5000  # the issue: changes reach the dashboard and bridge points within 5 s


class Pages:
    """Pages opened in fresh browser contexts. Script errors and failed requests are
    collected, except those a test expects (`page.expected_failures`, URL parts) or that
    `tolerated(url, failure)` allows; `close()` fails the test on any other.

    A request the browser itself cancels because its document went away (a reload, a
    link followed, the tab closed while a poll was in flight) fails with ERR_ABORTED;
    nobody sees that, so it counts only if the document that sent it is still the one
    shown when the test ends. So does a photo the browser stops fetching because it chose
    another candidate of a <picture> (the device's pixel ratio or width became known): it
    counts only if an image on the page still shows that URL unloaded."""

    def __init__(
        self,
        browser: Browser,
        devices: dict[str, dict],
        tolerated: Callable[[str, str | None], bool] = lambda url, failure: False,
        **context_options,
    ) -> None:
        self.browser, self.devices, self.tolerated, self.context_options = browser, devices, tolerated, context_options
        self.contexts, self.problems, self.aborted = [], [], []

    def open(self, url: str, device: str, cookies=(), init_script: str | None = None) -> Page:
        context = self.browser.new_context(**self.devices[device], **self.context_options)
        self.contexts.append(context)
        if cookies:
            context.add_cookies(list(cookies))
        page = context.new_page()
        if init_script:
            page.add_init_script(init_script)
        page.expected_failures = []

        page.documents = 0  # main-frame navigations so far
        sent_in = {}  # request -> the document that sent it

        def failed(description, url, failure=None):
            if not (any(part in url for part in page.expected_failures) or self.tolerated(url, failure)):
                self.problems.append(description)

        def request_failed(request):
            description = f"failed {request.url}: {request.failure}"
            if "ERR_ABORTED" in (request.failure or "") and request in sent_in:
                self.aborted.append(
                    (page, sent_in[request], request, lambda: failed(description, request.url, request.failure))
                )
            else:
                failed(description, request.url, request.failure or "")

        def navigated(frame):
            if frame == page.main_frame:
                page.documents += 1

        page.on("request", lambda r: sent_in.setdefault(r, page.documents))
        page.on("framenavigated", navigated)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("response", lambda r: failed(f"{r.status} {r.url}", r.url) if r.status >= 400 else None)
        page.on("requestfailed", request_failed)
        response = page.goto(url)
        assert response.status == 200
        return page

    def close(self) -> None:
        for page, document, request, report in self.aborted:
            still_shown = page.documents == document and not page.is_closed()
            if still_shown and (request.resource_type != "image" or shown_broken(page, request)):
                report()
        for context in self.contexts:
            context.close()
        assert self.problems == []


SHOWN_BROKEN = "url => Array.from(document.images).some(i => i.currentSrc === url && !(i.complete && i.naturalWidth))"


def shown_broken(page: Page, request) -> bool:
    """Whether an image on the page shows this request's URL without having loaded it."""
    return page.evaluate(SHOWN_BROKEN, request.url)


Result = TypeVar("Result")


def in_thread(query: Callable[[], Result]) -> Result:
    """Run an ORM call once the browser runs. Playwright's sync API keeps an event loop in the
    test's thread, where Django refuses database calls (and would give them a connection of
    their own that nobody closes); a plain thread has neither problem."""
    result = {}

    def run():
        try:
            result["value"] = query()
        except BaseException as error:  # raised again in the test's thread
            result["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def bridge_point_url(on_air: dict, point) -> str:
    return on_air["live_server"].url + f"/hoi-nghi/{on_air['conference'].slug}/diem-cau/{point.token}/"


def cancelled_segment(url: str, failure: str | None) -> bool:
    """A media element cancels segment requests it no longer needs (seeking, closing)."""
    return HLS_PATH.rsplit("/", 1)[0] in url and "ERR_ABORTED" in (failure or "")


def organiser_cookie(on_air: dict) -> dict:
    """The session cookie of an organiser signed in for the conference on air."""
    return {"name": "sessionid", "value": in_thread(sign_in_organiser), "url": on_air["live_server"].url}
