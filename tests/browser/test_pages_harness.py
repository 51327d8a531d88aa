"""The browser tests' own harness (`Pages`, in tests/browser/support.py): a poll the browser
cancels because its page was reloaded is nobody's failure, but a request the page's own
script abandons is."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser.support import DEVICES, Pages

pytestmark = pytest.mark.browser

POLLING_PAGE = b"""<!doctype html><html lang="vi"><title>t</title><script>
const controller = new AbortController();
fetch("/slow", { signal: controller.signal }).catch(() => {});
if (location.search === "?abandon") setTimeout(() => controller.abort(), 100);
</script></html>"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/slow"):
            time.sleep(2)
            body, kind = b"{}", "application/json"
        else:
            body, kind = POLLING_PAGE, "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_poll_cut_short_by_a_reload_is_not_a_failure(browser, server):
    pages = Pages(browser, DEVICES)
    page = pages.open(server + "/", "desktop")
    page.wait_for_timeout(300)  # the poll is in flight
    page.reload()
    pages.close()


def test_a_request_the_page_abandons_is_a_failure(browser, server):
    pages = Pages(browser, DEVICES)
    page = pages.open(server + "/?abandon", "desktop")
    page.wait_for_timeout(600)
    with pytest.raises(AssertionError, match="ERR_ABORTED"):
        pages.close()
