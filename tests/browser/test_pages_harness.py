"""The browser tests' own harness (`Pages`, in tests/browser/support.py): a poll the browser
cancels because its page was reloaded, or a photo it stops fetching because it chose another
size, is nobody's failure; a request the page's own script abandons, or a photo left
broken, is."""

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

# A photo whose first choice the browser drops for another (as a <picture> does when the
# screen's pixel ratio becomes known), or, with ?stop, one left half-loaded and broken.
PHOTO_PAGE = b"""<!doctype html><html lang="vi"><title>t</title><body><script>
addEventListener("load", () => {
  const photo = Object.assign(new Image(), { id: "photo", alt: "a", src: "/slow.png" });
  document.body.append(photo);
  setTimeout(() => location.search === "?stop" ? window.stop() : photo.src = "/fast.png", 100);
});
</script></body></html>"""
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201"
    "a5d6f5ce0000000049454e44ae426082"
)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/slow"):
            time.sleep(2)
            body, kind = (PNG, "image/png") if self.path.endswith(".png") else (b"{}", "application/json")
        elif self.path == "/fast.png":
            body, kind = PNG, "image/png"
        elif self.path.startswith("/photo"):
            body, kind = PHOTO_PAGE, "text/html; charset=utf-8"
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


def test_a_photo_the_browser_chose_another_size_for_is_not_a_failure(browser, server):
    pages = Pages(browser, DEVICES)
    page = pages.open(server + "/photo", "desktop")
    page.wait_for_function("photo.complete && photo.naturalWidth > 0 && photo.src.endsWith('/fast.png')")
    page.wait_for_timeout(300)
    pages.close()


def test_a_photo_left_broken_is_a_failure(browser, server):
    pages = Pages(browser, DEVICES)
    page = pages.open(server + "/photo?stop", "desktop")
    page.wait_for_timeout(600)
    with pytest.raises(AssertionError, match="ERR_ABORTED"):
        pages.close()
