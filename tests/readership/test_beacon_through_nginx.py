"""The beacon through the production stack (scripts/serve.sh: nginx, gunicorn, Redis): nginx
passes it to the app, never caches it, and the read reaches the database when the minute's
command (another process) flushes Redis."""

import io
from urllib.parse import quote

from django.core.management import call_command

from tests.deploy.support import ARTICLE, fetch, manage_shell, require_nginx_with_purge, serving
from tests.readership.support import CHROME
from tests.reliability.servers import OwnRedis


def test_nginx_sends_the_beacon_to_the_app_uncached_and_limited(tmp_path):
    output = io.StringIO()
    call_command(
        "render_nginx_config", role="web", stdout=output, app_port=18123, http_port=18124, run_dir=tmp_path,
        static_root=tmp_path / "static", media_root=tmp_path / "media", purge_module="none", rtmp_module="none",
    )  # fmt: skip
    conf = (tmp_path / output.getvalue().strip().rsplit("/", 1)[1]).read_text()
    location = conf.split("location ~ ^/_doc/[^/]+/$ {")[1].split("}")[0]
    assert "proxy_pass http://congtin_app;" in location  # not through the gate: no miss budget spent
    assert "proxy_cache" not in location
    assert "limit_req zone=congtin_reads" in location
    assert "limit_req_zone $binary_remote_addr zone=congtin_reads:10m rate=30r/m;" in conf


def test_a_beacon_through_nginx_is_answered_204_never_cached_and_counted_once(tmp_path):
    require_nginx_with_purge()
    redis = OwnRedis()
    redis.start()
    try:
        with serving(tmp_path / "var", REDIS_URL=redis.url, SERVE_LIVE="off") as stack:
            found = next(line for line in manage_shell(stack, ARTICLE).splitlines() if line.startswith("ARTICLE "))
            pk = found.split()[1]
            reader = {"User-Agent": CHROME, "Sec-Fetch-Site": "same-origin"}
            answers = [fetch(f"{stack.base}/_doc/{pk}/", method="POST", headers=reader) for _reload in range(3)]
            assert [answer.status for answer in answers] == [204, 204, 204]
            assert all("X-Cache" not in answer.headers for answer in answers)  # nginx's cache not even asked
            assert answers[0].headers["Cache-Control"] == "no-store"
            assert fetch(f"{stack.base}/_doc/{pk}/", headers=reader).status == 405  # a GET: refused, not kept
            assert fetch(f"{stack.base}/_doc/{quote('١٢')}/", method="POST", headers=reader).status == 400
            flushed = manage_shell(stack, "from congtin.readership.service import flush; print('ADDED', flush())")
            assert "ADDED 1" in flushed  # three posts from one reader: one read
    finally:
        redis.close()
