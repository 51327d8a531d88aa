"""`scripts/serve.sh` (make serve) runs the production stack from a clone: nginx in front
with its page cache, gunicorn behind, the RTMP nginx beside, on ports and a var folder of
its own here (SQLite, demo content). Through nginx: pages are cached and purged, the back
office never is, static files are immutable and gzipped; `stop` leaves no process behind."""

import math
import os
import re
import socket
import time

import pytest

from tests.conferences.broadcast.tools import Response, free_port, listening
from tests.deploy.support import ARTICLE, fetch, manage_shell, require_nginx_with_purge, serve, serving


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    require_nginx_with_purge()
    with serving(tmp_path_factory.mktemp("serve") / "var") as started:
        yield started


def test_start_answers_with_the_demo_content_and_says_where(stack):
    home = fetch(stack.base + "/")
    assert home.status == 200 and home.headers["Content-Type"].startswith("text/html")
    assert "<html" in home.body.decode()
    assert serve("status", stack.env).returncode == 0
    secret = stack.var_dir / "secret_key"
    assert secret.stat().st_mode & 0o777 == 0o600


def test_reader_pages_are_kept_by_nginx_and_purged_by_key(stack):
    fetch(stack.base + "/")
    hit = fetch(stack.base + "/", headers={"Accept-Encoding": "gzip"})
    assert hit.headers["X-Cache"] == "HIT" and hit.headers["Content-Encoding"] == "gzip"  # kept compressed
    assert hit.headers["Cache-Control"] == "public, max-age=0, must-revalidate"  # browsers still ask again
    plain = fetch(stack.base + "/")
    assert plain.headers["X-Cache"] == "HIT" and "Content-Encoding" not in plain.headers
    assert plain.body.startswith(b"<!doctype html>")
    assert fetch(stack.base + "/", method="PURGE").status == 200
    assert fetch(stack.base + "/").headers["X-Cache"] == "MISS"


def test_loopback_bypass_header_skips_the_cache_and_a_bare_session_cookie_does_not(stack):
    fetch(stack.base + "/")
    assert fetch(stack.base + "/", headers={"Cookie": "sessionid=khong-hop-le"}).headers["X-Cache"] == "HIT"
    assert fetch(stack.base + "/", headers={"X-Cache-Bypass": "1"}).headers["X-Cache"] == "BYPASS"


def test_back_office_login_is_never_served_from_the_cache(stack):
    for _ in range(3):
        login = fetch(stack.base + "/admin/login/")
        assert login.status == 200
        assert login.headers.get("X-Cache") != "HIT"


def test_static_files_from_the_page_are_immutable_and_gzipped(stack):
    page = fetch(stack.base + "/").body.decode()
    hashed = re.search(r'/static/[^"]+\.[0-9a-f]{12}\.css', page)
    assert hashed, "the page links no hashed stylesheet"
    css = fetch(stack.base + hashed.group(0), headers={"Accept-Encoding": "gzip"})
    assert css.status == 200
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert css.headers["Content-Encoding"] == "gzip"
    assert fetch(stack.base + "/static/css/khong-co.0123456789ab.css").headers.get("Cache-Control") is None


def reader_sees(stack, path: str) -> str:
    """A reader's page through nginx, twice: the second answer comes from nginx's cache."""
    first = fetch(stack.base + path)
    assert first.status == 200, path
    second = fetch(stack.base + path)
    assert second.headers["X-Cache"] == "HIT", (path, second.headers.get("X-Cache"))
    return second.body.decode()


def page_through_nginx(stack, path: str, seconds: float = 30) -> Response:
    """What a reader gets once the task worker has sent nginx its PURGE (within a few seconds;
    the app's own cache was purged at commit): the first answer that is not nginx's old copy."""
    deadline = time.monotonic() + seconds
    while True:
        answer = fetch(stack.base + path)
        if answer.headers.get("X-Cache") != "HIT" or time.monotonic() > deadline:
            return answer
        time.sleep(0.2)


def test_editors_actions_reach_readers_through_nginx_at_once(stack):
    found = next(line for line in manage_shell(stack, ARTICLE).splitlines() if line.startswith("ARTICLE "))
    pk, article_url, section_url = found.split()[1:]
    for path in (article_url, section_url, "/"):
        reader_sees(stack, path)

    manage_shell(
        stack,
        f"""
from congtin.news.models import ArticlePage
article = ArticlePage.objects.get(pk={pk})
article.title = "Tiêu đề đã sửa qua nginx"
article.save_revision().publish()
""",
    )
    for path in (article_url, section_url, "/"):
        assert "Tiêu đề đã sửa qua nginx" in page_through_nginx(stack, path).body.decode(), path

    for path in (section_url, "/"):
        reader_sees(stack, path)
    manage_shell(
        stack,
        f"""
from congtin.news.models import ArticlePage
from tests.factories import make_article
section = ArticlePage.objects.get(pk={pk}).get_parent()
make_article(section, "Bài mới đăng qua nginx", live=False).save_revision().publish()
""",
    )
    for path in (section_url, "/"):
        assert "Bài mới đăng qua nginx" in page_through_nginx(stack, path).body.decode(), path

    for path in (article_url, section_url, "/"):
        reader_sees(stack, path)
    manage_shell(stack, f"from wagtail.models import Page; Page.objects.get(pk={pk}).specific.unpublish()")
    assert page_through_nginx(stack, article_url).status == 404
    for path in (section_url, "/"):
        assert "Tiêu đề đã sửa qua nginx" not in page_through_nginx(stack, path).body.decode(), path


def test_scheduled_and_expiring_articles_reach_readers_through_nginx_with_no_one_running_the_scheduler(stack):
    """scripts/scheduler.sh runs every_minute (publish_scheduled first) at each minute's first second: an article
    scheduled a few seconds ahead appears, and one expiring then leaves, within that minute."""
    found = next(line for line in manage_shell(stack, ARTICLE).splitlines() if line.startswith("ARTICLE "))
    pk, section_url = found.split()[1], found.split()[3]
    for path in (section_url, "/"):
        reader_sees(stack, path)
    scheduled = manage_shell(
        stack,
        f"""
from datetime import timedelta
from django.utils import timezone
from congtin.news.models import ArticlePage
from tests.factories import make_article
section = ArticlePage.objects.get(pk={pk}).get_parent()
at = timezone.now() + timedelta(seconds=4)
make_article(section, "Bài lên lịch qua nginx", published_at=at, live=False).save_revision().publish()
leaving = make_article(section, "Bài hết hạn qua nginx", live=False)
leaving.expire_at = at
leaving.save_revision().publish()
print("AT", at.timestamp())
""",
    )
    at = float(next(line for line in scheduled.splitlines() if line.startswith("AT ")).split()[1])
    for path in (section_url, "/"):
        page = page_through_nginx(stack, path).body.decode()
        assert "Bài hết hạn qua nginx" in page and "Bài lên lịch qua nginx" not in page, path

    deadline = at + 75
    while time.time() < deadline:
        pages = [fetch(stack.base + path).body.decode() for path in (section_url, "/")]
        if all("Bài lên lịch qua nginx" in page and "Bài hết hạn qua nginx" not in page for page in pages):
            break
        assert time.time() > at or not any("Bài lên lịch qua nginx" in page for page in pages), "published early"
        time.sleep(0.5)
    seen = time.time()
    tick = math.ceil((at - 1) / 60) * 60 + 1  # the scheduler's first run at or after `at`
    print(f"publish-to-reader delay through nginx: {seen - at:.1f} s after the scheduled time,", end=" ")
    print(f"{seen - tick:.1f} s after the scheduler's run")
    assert seen < deadline, "the scheduled article did not reach readers within 75 s"


def test_start_again_finds_it_running(stack):
    again = serve("start", stack.env)
    assert again.returncode == 0 and "Đã đang chạy" in again.stdout


def test_stop_leaves_no_process_and_frees_the_ports(stack):
    pids = stack.pids()
    assert len(pids) >= 4  # gunicorn and its workers, nginx and its workers
    assert (stack.var_dir / "serve" / "scheduler" / "scheduler.pid").exists()
    stopped = serve("stop", stack.env)
    assert stopped.returncode == 0, stopped.stdout + stopped.stderr
    assert [pid for pid in pids if alive(pid)] == []
    assert not listening(int(stack.env["SERVE_PORT"])) and not listening(int(stack.env["APP_PORT"]))
    assert serve("status", stack.env).returncode == 1


def test_busy_port_is_reported_and_nothing_starts(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = serve(
            "start", {"CONGTIN_VAR_DIR": str(tmp_path), "SERVE_PORT": str(port), "APP_PORT": str(free_port())}
        )
    assert result.returncode == 1
    assert f"Cổng {port} đang bận" in result.stderr
    assert not (tmp_path / "db.sqlite3").exists()
