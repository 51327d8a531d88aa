"""The production stack (scripts/serve.sh) under attack and faults, through its nginx: a bogus
cookie or credentials get the cached page, only a signed-in editor's pass skips the cache
(nginx and the app agree on it), only PURGE purges, a login storm meets 429 while readers are
served, the live pool answers bridge points while the main pool is stuck, HLS plays on from
nginx's kept token answers while both pools are, and HTTPS works when a certificate is given."""

import http.client
import json
import os
import re
import signal
import ssl
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from congtin.pagecache import editor_pass
from tests.conferences.broadcast.tools import Response, free_port, nginx_path
from tests.deploy.support import ARTICLE, Stack, fetch, manage_shell, require_nginx_with_purge, serving
from tests.support import installed

SITE = (
    ARTICLE
    + """
from congtin.conferences.models import Conference
from congtin.conferences.broadcast.nginx_rtmp import stream_name
from congtin.pagecache import editor_pass
conference = Conference.objects.order_by("pk").first()
point = conference.active_bridge_points().first()
print("LIVE", conference.slug, point.token, stream_name(conference))
print("SECRET", editor_pass.secret())
"""
)


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[Stack]:
    require_nginx_with_purge()
    # The demo's account signs in with its password alone (docs/operators.md: two-factor off by choice).
    with serving(tmp_path_factory.mktemp("hardening") / "var", CONGTIN_REQUIRE_2FA="off") as started:
        yield started


@pytest.fixture(scope="module")
def site(stack) -> dict[str, str]:
    """The newest article, the demo conference's first bridge point, the pass's secret."""
    lines = dict(line.split(" ", 1) for line in manage_shell(stack, SITE).splitlines() if " " in line)
    _pk, article_url, _section = lines["ARTICLE"].split()
    slug, token, stream = lines["LIVE"].split()
    return {"article": article_url, "slug": slug, "token": token, "stream": stream, "secret": lines["SECRET"]}


def cached(stack: Stack, path: str) -> None:
    fetch(stack.base + path)
    assert fetch(stack.base + path).headers["X-Cache"] == "HIT", path


@contextmanager
def stuck(*pid_files: Path) -> Iterator[None]:
    """Stop whole gunicorn pools (master and workers: their process group) and go on afterwards:
    they hold their ports but answer nothing, as a pool saturated or a process frozen."""
    groups = [os.getpgid(int(path.read_text())) for path in pid_files]
    for group in groups:
        os.killpg(group, signal.SIGSTOP)
    try:
        yield
    finally:
        for group in groups:
            os.killpg(group, signal.SIGCONT)


def send(
    stack: Stack, method: str, path: str, body: str = "", cookies: dict | None = None, headers: dict | None = None
) -> tuple[Response, dict]:
    """One request through nginx, with cookies; the answer and the cookies it set."""
    headers = {**({"Content-Type": "application/x-www-form-urlencoded"} if body else {}), **(headers or {})}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    connection = http.client.HTTPConnection("127.0.0.1", int(stack.env["SERVE_PORT"]), timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        answer = connection.getresponse()
        set_cookies = dict(
            line.split(";", 1)[0].split("=", 1) for line in answer.msg.get_all("Set-Cookie") or () if "=" in line
        )
        return Response(answer.status, dict(answer.getheaders()), answer.read()), set_cookies
    finally:
        connection.close()


def sign_in(stack: Stack) -> dict[str, str]:
    """Signs the demo's administrator in through nginx, as a browser does; its cookies."""
    username, password = (stack.var_dir / "demo-admin.txt").read_text(encoding="utf-8").splitlines()[:2]
    form, cookies = send(stack, "GET", "/admin/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body).group(1).decode()
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    answer, given = send(stack, "POST", "/admin/login/", body, cookies)
    assert answer.status == 302, answer.body[:300]
    return {**cookies, **given}


def test_a_bogus_session_cookie_or_credentials_get_the_cached_page(stack, site):
    cached(stack, site["article"])
    for headers in (
        {"Cookie": "sessionid=khong-hop-le"},
        {"Authorization": "Basic YWRtaW46bWF0LWtoYXU="},
        {"Cookie": f"sessionid=x; {editor_pass.COOKIE_NAME}=AAAAAAAAAAAAAAAAAAAAAA.4102444800"},
    ):
        answer = fetch(stack.base + site["article"], headers=headers)
        assert answer.status == 200 and answer.headers["X-Cache"] == "HIT", headers


def test_a_signed_in_editor_skips_the_cache_and_gets_a_fresh_private_page(stack, site):
    cached(stack, site["article"])
    cookies = sign_in(stack)
    assert editor_pass.COOKIE_NAME in cookies and "sessionid" in cookies
    header = {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}
    page = fetch(stack.base + site["article"], headers=header)
    assert page.status == 200 and page.headers["X-Cache"] == "BYPASS"
    assert "private" in page.headers["Cache-Control"] and b"wagtail-userbar" in page.body
    assert fetch(stack.base + "/admin/", headers=header).status == 200  # the back office works
    assert b"wagtail-userbar" not in fetch(stack.base + site["article"]).body  # readers' copy untouched


def test_nginx_and_the_app_agree_on_the_editor_pass(stack, site):
    cached(stack, site["article"])
    now = int(time.time())
    valid = editor_pass.make(now + 600, site["secret"])
    hash_, expires = valid.split(".")
    passes = {
        "valid": (valid, True),
        "expired": (editor_pass.make(now - 10, site["secret"]), False),
        "later expiry": (f"{hash_}.{int(expires) + 86400}", False),
        "tampered": (f"{'B' if hash_[0] == 'A' else 'A'}{hash_[1:]}.{expires}", False),
        "other secret": (editor_pass.make(now + 600, "khong-phai-bi-mat"), False),
    }
    for name, (value, expected) in passes.items():
        assert editor_pass.verifies(value, site["secret"], time.time()) is expected, name
        answer = fetch(stack.base + site["article"], headers={"Cookie": f"{editor_pass.COOKIE_NAME}={value}"})
        assert (answer.headers["X-Cache"] == "BYPASS") is expected, (name, answer.headers["X-Cache"])


def test_only_purge_purges(stack):
    cached(stack, "/")
    assert fetch(stack.base + "/", method="FOO").status in (403, 405)
    assert fetch(stack.base + "/").headers["X-Cache"] == "HIT"
    assert fetch(stack.base + "/", method="PURGE").status == 200
    assert fetch(stack.base + "/").headers["X-Cache"] == "MISS"


def test_a_login_storm_meets_429_in_vietnamese_while_readers_are_served(stack, site):
    cached(stack, site["article"])
    page_429 = (stack.var_dir / "serve" / "nginx-web" / "429.html").read_bytes()
    statuses = []
    for _ in range(12):  # the burst is 5 beyond the rate (10 a minute)
        answer, _ = send(stack, "POST", "/admin/login/", "username=admin&password=sai-mat-khau")
        statuses.append(answer.status)
        if answer.status == 429:
            assert answer.body == page_429 and 'lang="vi"' in answer.body.decode()
        assert fetch(stack.base + site["article"]).headers["X-Cache"] == "HIT"
    assert statuses.count(429) >= 5, statuses
    assert 429 not in statuses[:4], statuses  # a person's few attempts are not refused


def test_the_live_pool_answers_bridge_points_while_the_main_pool_is_stuck(stack, site):
    state = f"/hoi-nghi/{site['slug']}/diem-cau/{site['token']}/trang-thai.json"
    assert fetch(stack.base + state).status == 200
    cached(stack, site["article"])
    with stuck(stack.var_dir / "serve" / "gunicorn.pid"):
        answer = fetch(stack.base + state)
        assert answer.status == 200 and answer.headers["Content-Type"].startswith("application/json")
        assert fetch(stack.base + site["article"]).headers["X-Cache"] == "HIT"


def state_status(stack: Stack, point: str, cookies: dict, poll: dict) -> int:
    fresh = {**poll, "X-Congtin-Fresh": "1"}
    return send(stack, "POST", point + "trang-thai.json", cookies=cookies, headers=fresh)[0].status


def own_questions(state: Response) -> list[str]:
    return [question["text"] for question in json.loads(state.body)["own_questions"]]


def test_screens_on_one_link_share_each_second_of_its_state_and_see_their_own_question_at_once(stack, site):
    point = f"/hoi-nghi/{site['slug']}/diem-cau/{site['token']}/"
    _page, cookies = send(stack, "GET", point)  # the page sets the CSRF cookie its script sends back
    poll = {"X-CSRFToken": cookies["csrftoken"], "Accept": "application/json", "X-Requested-With": "fetch"}

    def state(**extra: str) -> Response:
        answer, _ = send(stack, "POST", point + "trang-thai.json", cookies=cookies, headers={**poll, **extra})
        assert answer.status == 200 and answer.headers["Content-Type"].startswith("application/json")
        return answer

    first, second = state(), state()  # two screens in the same moment: the app answers one
    assert second.headers["X-Cache"] == "HIT" and second.body == first.body
    question = "Điểm cầu phường hỏi về kinh phí hoạt động hè năm tới"
    body = urllib.parse.urlencode({"text": question, "client_key": "khoa-cua-man-hinh-1"})
    asked, _ = send(stack, "POST", point + "cau-hoi/", body, cookies, poll)
    assert asked.status == 201, asked.body[:300]
    fresh = state(**{"X-Congtin-Fresh": "1"})  # bridge-point.js, right after its question is sent
    assert fresh.headers["X-Cache"] == "BYPASS" and question in own_questions(fresh)
    assert question in own_questions(state())  # and that answer is what the other screens get

    refused = [state_status(stack, point, cookies, poll) for _ in range(15)]  # past the copy, again and again
    assert 429 in refused and refused[:5] == [200] * 5, refused
    assert state().headers["X-Cache"] in ("HIT", "EXPIRED")  # the screens' polls go on meanwhile

    time.sleep(3.1)  # past the copy's time (2 s, which nginx counts in whole seconds: 2 to 3 s)
    with stuck(stack.var_dir / "serve" / "gunicorn.pid", stack.var_dir / "serve" / "gunicorn-live.pid"):
        started = time.monotonic()
        kept = state()
        assert kept.headers["X-Cache"] == "STALE" and question in own_questions(kept)
        assert time.monotonic() - started < 8


def test_hls_plays_on_from_the_kept_token_check_while_the_app_pools_are_stuck(stack, site):
    hls = stack.var_dir / "serve" / "nginx-rtmp" / "hls"
    hls.mkdir(parents=True, exist_ok=True)
    (hls / f"{site['stream']}.m3u8").write_text("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nx-1.ts\n")
    playlist = f"/hls/{site['stream']}.m3u8?t={site['token']}"
    assert fetch(stack.base + playlist).status == 200
    time.sleep(6)  # past the 5 s nginx keeps a fresh "yes": from here on only a stale one is left
    with stuck(stack.var_dir / "serve" / "gunicorn.pid", stack.var_dir / "serve" / "gunicorn-live.pid"):
        again = fetch(stack.base + playlist)
        assert again.status == 200 and b"#EXTM3U" in again.body
        never_seen = fetch(stack.base + f"/hls/{site['stream']}.m3u8?t={'Q' * 22}")
        assert never_seen.status in (403, 500, 502, 503, 504)


def test_a_playlist_nginx_rtmp_rewrites_is_served_new_at_once(stack, site):
    hls = stack.var_dir / "serve" / "nginx-rtmp" / "hls"
    hls.mkdir(parents=True, exist_ok=True)
    playlist = hls / f"{site['stream']}.m3u8"
    url = stack.base + f"/hls/{site['stream']}.m3u8?t={site['token']}"
    for number in range(1, 4):  # as nginx-rtmp writes it: a new file, renamed over the old one
        written = hls / f"{site['stream']}.m3u8.tmp"
        written.write_text(f"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n{site['stream']}-{number}.ts\n")
        written.rename(playlist)
        assert f"{site['stream']}-{number}.ts".encode() in fetch(url).body


def test_https_when_a_certificate_is_given_and_http_redirects(stack, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from congtin.deploy.nginx import find_purge_module

    openssl = installed("openssl", "openssl", "the test makes a self-signed certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    http_port, https_port, run_dir = free_port(), free_port(), tmp_path / "web"
    call_command(
        "render_nginx_config",
        role="web",
        run_dir=run_dir,
        live_dir=stack.var_dir / "serve" / "nginx-rtmp",
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
        purge_module=find_purge_module(),
        app_port=int(stack.env["APP_PORT"]),
        live_app_port=int(stack.env["LIVE_APP_PORT"]),
        http_port=http_port,
        https_port=https_port,
        tls_cert=str(cert),
        tls_key=str(key),
        stdout=StringIO(),
    )
    conf, log = run_dir / "congtin-web.conf", run_dir / "logs" / "error.log"
    check = subprocess.run(
        [nginx_path(), "-t", "-p", str(run_dir), "-e", str(log), "-c", str(conf)], capture_output=True
    )
    assert check.returncode == 0, check.stderr
    subprocess.run([nginx_path(), "-p", str(run_dir), "-e", str(log), "-c", str(conf)], check=True)
    try:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        secure = http.client.HTTPSConnection("127.0.0.1", https_port, timeout=30, context=context)
        secure.request("GET", "/", headers={"Host": "127.0.0.1"})
        answer = secure.getresponse()
        assert answer.status == 200 and b"<html" in answer.read()
        assert secure.sock.version() in ("TLSv1.2", "TLSv1.3")
        secure.close()
        plain = fetch(f"http://127.0.0.1:{http_port}/tin-tuc/?page=2")
        assert plain.status == 301
        assert plain.headers["Location"] == f"https://127.0.0.1:{https_port}/tin-tuc/?page=2"
        assert fetch(f"http://127.0.0.1:{http_port}/", method="PURGE").status in (200, 404)  # the app's purge stays
    finally:
        pid = int((run_dir / "nginx.pid").read_text())
        os.kill(pid, signal.SIGQUIT)
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
