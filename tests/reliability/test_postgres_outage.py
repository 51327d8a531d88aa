"""PostgreSQL restarts under a running app: the first request after a restart is served (the
dead connection is noticed, not used), cached pages are served while it is down, everything
else answers 503 with Retry-After and a Vietnamese page (never 500), and the app recovers alone.

The app is gunicorn (one sync worker, so one persistent connection) in a child process, on a
PostgreSQL cluster of the test's own (initdb, tests/reliability/servers.py) holding a copy of
the test database (pg_dump | pg_restore): the schema in seconds, not a migration run. So it runs
in the suite's PostgreSQL pass (DATABASE_URL=postgres://…), as CI's second pass does.
"""

import http.cookiejar
import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.factories import ensure_home, make_article, make_section
from tests.support import conference_under_way, require

from .servers import OwnPostgres, answers, free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


_browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def fetch(url: str, data: dict | None = None) -> tuple[int, dict, str]:
    """(status, headers, body) as a bridge point's browser gets them: with its cookies, and a
    post carries the CSRF token its page gave it, as the page's script sends it."""
    headers = {}
    if data is not None:
        headers = {"Accept": "application/json", "X-CSRFToken": _cookies().get("csrftoken", "")}
    body = None if data is None else urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with _browser.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def _cookies() -> dict[str, str]:
    for handler in _browser.handlers:
        if isinstance(handler, urllib.request.HTTPCookieProcessor):
            return {cookie.name: cookie.value for cookie in handler.cookiejar}
    return {}


@pytest.fixture
def own_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass (DATABASE_URL=postgres://…): it copies the test database")
    major = connection.pg_version // 10000
    bin_dir = Path(f"/usr/lib/postgresql/{major}/bin")
    require((bin_dir / "pg_ctl").exists(), f"PostgreSQL {major}'s server binaries are absent ({bin_dir})")
    cluster = OwnPostgres(bin_dir)
    cluster.create()
    yield cluster
    cluster.close()


@pytest.fixture
def app(own_postgres, tmp_path):
    """The test database, copied into the own cluster, served by gunicorn."""
    test = connection.settings_dict
    source = f"postgres://{test['USER']}:{test['PASSWORD']}@{test['HOST'] or '127.0.0.1'}:{test['PORT'] or 5432}"
    dump = subprocess.run(
        [str(own_postgres.bin / "pg_dump"), "--format=custom", f"--dbname={source}/{test['NAME']}"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    subprocess.run(
        [str(own_postgres.bin / "pg_restore"), "--no-owner", f"--dbname={own_postgres.url}"],
        input=dump.stdout,
        capture_output=True,
        check=True,
        timeout=60,
    )
    port = free_port()
    environment = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "CACHE_DIR")}
    environment.update(
        DJANGO_SETTINGS_MODULE="congtin.settings.base",
        DATABASE_URL=own_postgres.url,
        ALLOWED_HOSTS="127.0.0.1",
        CONGTIN_VAR_DIR=str(tmp_path / "var"),
        MEDIA_ROOT=str(tmp_path / "media"),
        CONGTIN_TASKS="immediate",
    )
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    log = open(tmp_path / "gunicorn.log", "w")  # open while the server runs
    server = subprocess.Popen(
        [gunicorn, "--config", "/dev/null", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "1"]
        + ["--worker-class", "sync", "congtin.wsgi:application"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    wait_until(lambda: answers(port), "gunicorn listens")
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=20)
    log.close()


@pytest.fixture
def event():
    section = make_section(ensure_home(), "Thời sự")
    article = make_article(section, "Hội đồng nhân dân thành phố khai mạc kỳ họp thứ mười hai")
    conference, _agenda, points = conference_under_way("ky-hop-hdnd")
    point_url = f"/hoi-nghi/{conference.slug}/diem-cau/{points[0].token}"
    return {
        "article": article.get_url(),
        "join": point_url + "/",
        "state": point_url + "/trang-thai.json",
        "ask": point_url + "/cau-hoi/",
    }


def test_postgres_restarts_and_stops_under_a_running_app(own_postgres, event, app):
    article, state, ask = app + event["article"], app + event["state"], app + event["ask"]
    assert fetch(article)[0] == 200
    assert fetch(article)[0] == 200  # kept in the page cache now
    assert fetch(state)[0] == 200
    assert fetch(app + event["join"])[0] == 200  # the bridge point's page: its CSRF cookie

    own_postgres.stop()
    own_postgres.start()
    # Not cached (its own query string), so it needs the database at once: the worker's
    # connection died with the old server, and is checked and replaced, not used.
    first = fetch(article + "?sau-khoi-dong-lai=1")
    assert first[0] == 200, first

    own_postgres.stop()
    cached = fetch(article)
    assert cached[0] == 200 and "khai mạc kỳ họp thứ mười hai" in cached[2]
    page = fetch(article + "?trang-khac=1")  # not cached: needs the database
    assert page[0] == 503 and page[1]["Retry-After"].isdigit()
    assert "Hệ thống đang tạm gián đoạn" in page[2]
    assert fetch(state)[0] in (200, 503)  # its micro-cached state, or a 503 the page polls again
    question = {"text": "Điểm cầu xã hỏi về kinh phí năm tới", "client_key": "khoa-trong-luc-mat-csdl"}
    refused = fetch(ask, question)
    assert refused[0] == 503 and refused[1]["Retry-After"].isdigit() and json.loads(refused[2])["ok"] is False
    assert "vui lòng thử lại" in json.loads(refused[2])["error"]
    # nginx-rtmp's update call: any answer but 2xx would cut the encoder off mid-broadcast.
    update = {"call": "update_publish", "app": "live", "name": "k" * 32, "clientid": "7"}
    assert fetch(app + "/hoi-nghi/phat-song/on-update/", update)[0] == 200

    own_postgres.start()
    assert fetch(state)[0] == 200
    assert fetch(article + "?trang-khac=1")[0] == 200
    assert fetch(ask, question)[0] == 201  # sent again once the database is back: stored
    assert fetch(ask, question)[0] == 200  # and a retry of it is not stored twice
    with psycopg.connect(own_postgres.url) as database:
        stored = database.execute(
            "SELECT count(*) FROM conferences_question WHERE client_key = %s", [question["client_key"]]
        ).fetchone()
    assert stored == (1,)
