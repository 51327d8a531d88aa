"""`render_nginx_config --role web` writes the site's nginx (page cache with purge, static,
media, gzip, HLS) and `--role rtmp` the one-worker RTMP nginx beside it; nginx accepts both."""

import io
import subprocess
from unittest.mock import patch

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from congtin.deploy import nginx
from congtin.deploy.nginx import find_purge_module, find_rtmp_module
from tests.conferences.broadcast.tools import nginx_path
from tests.support import require


def render(tmp_path, role="web", **options) -> str:
    run_dir = tmp_path / role
    options = {
        "role": role,
        "app_port": 18123,
        "http_port": 18124,
        "rtmp_port": 19356,
        "run_dir": run_dir,
        "live_dir": tmp_path / "rtmp",
        "static_root": tmp_path / "static",
        "media_root": tmp_path / "media",
        "purge_module": "none",
        "rtmp_module": "none",
        **options,
    }
    if role != "web":
        for name in ("live_dir", "static_root", "media_root", "purge_module"):
            options.pop(name)
    output = io.StringIO()
    call_command("render_nginx_config", stdout=output, **options)
    return (run_dir / output.getvalue().strip().rsplit("/", 1)[1]).read_text()


def nginx_accepts(run_dir, conf) -> subprocess.CompletedProcess:
    return subprocess.run(
        [nginx_path(), "-t", "-p", str(run_dir), "-e", str(run_dir / "logs" / "error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_site_caches_what_the_app_marks_under_the_path_and_query(tmp_path):
    conf = render(tmp_path)
    assert 'proxy_cache_key "$request_uri";' in conf
    assert "proxy_cache_valid " not in conf.split("proxy_cache congtin_pages;")[1]  # X-Accel-Expires decides
    assert "proxy_ignore_headers Cache-Control Expires Vary;" in conf
    assert "proxy_cache_lock on;" in conf and "proxy_cache_background_update on;" in conf
    assert "proxy_cache_use_stale updating error timeout http_429 http_500 http_502 http_503 http_504;" in conf
    assert "add_header X-Cache $upstream_cache_status always;" in conf


def test_editors_and_loopback_measurements_bypass_the_cache_and_tell_the_app(tmp_path):
    conf = render(tmp_path)
    assert 'map "$congtin_editor$congtin_bypass_asked" $congtin_cache_bypass' in conf
    assert "secure_link $congtin_editor_pass;" in conf and "$cookie_congtin_editor" in conf
    assert "sessionid" not in conf and "$http_authorization" not in conf  # neither proves anything
    assert '"1:1" 1;' in conf and "127.0.0.1 1;" in conf  # X-Cache-Bypass: 1 counts from loopback only
    assert "proxy_cache_bypass $congtin_cache_bypass;" in conf and "proxy_no_cache $congtin_cache_bypass;" in conf
    assert "proxy_set_header X-Cache-Bypass $congtin_cache_bypass;" in conf


def test_back_office_and_conferences_are_never_cached(tmp_path):
    conf = render(tmp_path)
    uncached = conf.split("location ~ ^/(admin|django-admin|hoi-nghi)/ {")[1].split("}")[0]
    assert "proxy_cache" not in uncached
    assert "location ^~ /hoi-nghi/phat-song/ {\n            return 404;" in conf  # nginx-rtmp hooks


def test_purge_from_this_machine_only_with_the_cache_key(tmp_path):
    conf = render(tmp_path)
    purge = conf.split("location @congtin_purge {")[1].split("\n        }\n")[0]
    assert "allow 127.0.0.1;" in purge and "allow ::1;" in purge and "deny all;" in purge
    assert 'proxy_cache_purge congtin_pages "$request_uri";' in purge
    assert "if ($request_method != PURGE) {\n                return 405;" in purge  # only PURGE purges
    assert "error_page 403 = @congtin_purge;" in conf and "if (" not in conf.split("location / {")[-1]
    assert "proxy_cache_purge" not in render(tmp_path, purge_module="off")


def test_static_files_with_hashed_names_are_immutable_and_media_long_lived(tmp_path):
    conf = render(tmp_path)
    assert f"alias {tmp_path / 'static'}/;" in conf and "gzip_static on;" in conf
    assert 'add_header Cache-Control "public, max-age=31536000, immutable";' in conf
    assert f"alias {tmp_path / 'media'}/;" in conf and 'add_header Cache-Control "public, max-age=2592000";' in conf
    assert "location ^~ /media/documents/ {\n                return 404;" in conf  # privacy checked by Wagtail
    assert "location ^~ /media/followup/ {\n                return 404;" in conf  # by congtin.followup
    assert "gzip on;" in conf and "gzip_vary on;" in conf and "application/rss+xml" in conf


def test_site_serves_hls_written_by_the_rtmp_nginx_behind_the_token_check(tmp_path):
    conf = render(tmp_path)
    assert f"root {tmp_path / 'rtmp'};" in conf and "auth_request /_congtin/hls-auth;" in conf
    assert "proxy_pass http://congtin_live/hoi-nghi/phat-song/hls-auth/;" in conf
    assert "server 127.0.0.1:18123;" in conf and "keepalive 16;" in conf
    assert "worker_processes auto;" in conf and "rtmp {" not in conf and "load_module" not in conf


def test_rtmp_role_is_one_worker_without_http(tmp_path):
    conf = render(tmp_path, role="rtmp")
    assert "worker_processes 1;" in conf and "listen 127.0.0.1:19356;" in conf
    assert "on_publish http://127.0.0.1:18123/hoi-nghi/phat-song/on-publish/?relay=127.0.0.1:19356;" in conf
    assert "http {" not in conf
    assert f"hls_path {tmp_path / 'rtmp' / 'hls'};" in conf


def test_missing_purge_module_says_how_to_install_it(tmp_path):
    with patch.object(nginx, "PURGE_MODULE_PATHS", ()):
        with pytest.raises(CommandError, match="apt-get install libnginx-mod-http-cache-purge"):
            render(tmp_path, purge_module="auto")


def test_nginx_accepts_the_site_and_rtmp_configs(tmp_path):
    purge, rtmp = find_purge_module(), find_rtmp_module()
    require(
        bool(nginx_path() and purge and rtmp),
        "nginx or its modules are missing (apt-get install nginx libnginx-mod-http-cache-purge libnginx-mod-rtmp)",
    )
    render(tmp_path, purge_module=purge)
    check = nginx_accepts(tmp_path / "web", tmp_path / "web" / "congtin-web.conf")
    assert check.returncode == 0, check.stderr
    render(tmp_path, role="rtmp", rtmp_module=rtmp)
    check = nginx_accepts(tmp_path / "rtmp", tmp_path / "rtmp" / "congtin-live.conf")
    assert check.returncode == 0, check.stderr


def test_the_rendered_site_config_is_readable_by_its_owner_only(tmp_path):
    render(tmp_path)
    assert (tmp_path / "web" / "congtin-web.conf").stat().st_mode & 0o777 == 0o600  # it holds the pass's secret


def test_real_ip_is_believed_only_from_the_trusted_proxies(tmp_path):
    assert "real_ip_header" not in render(tmp_path) and "set_real_ip_from" not in render(tmp_path)
    conf = render(tmp_path, trusted_proxies="10.0.0.5, 192.168.1.0/24")
    assert "set_real_ip_from 10.0.0.5/32;" in conf and "set_real_ip_from 192.168.1.0/24;" in conf
    assert "real_ip_header X-Forwarded-For;" in conf
    assert "proxy_set_header X-Forwarded-Proto $congtin_scheme;" in conf  # the proxy's, from the proxy only
    assert "geo $realip_remote_addr $congtin_via_proxy {" in conf and "        10.0.0.5/32 1;" in conf
    with pytest.raises(CommandError, match="TRUSTED_PROXIES: 'proxy.example.vn'"):
        render(tmp_path, trusted_proxies="proxy.example.vn")


def test_limits_apply_to_what_reaches_the_app_and_never_to_hits_or_files(tmp_path):
    conf = render(tmp_path)
    assert "limit_req_status 429;" in conf and "limit_conn_status 429;" in conf
    front = conf.split("listen 127.0.0.1:18124;")[1]
    cached = front.split("        location / {")[1]
    assert "limit_req" not in cached and "proxy_pass http://congtin_gate;" in cached  # misses pass the gate
    gate = conf.split("listen unix:")[1].split("\n    }\n")[0]
    assert "limit_req zone=congtin_misses" in gate and "limit_req zone=congtin_search" in gate
    for files in ("location ^~ /static/ {", "location ^~ /media/ {", "location ^~ /hls/ {"):
        assert "limit_" not in front.split(files)[1].split("\n        }\n")[0], files
    login = front.split("location ~ ^/(admin|django-admin)/login/$ {")[1].split("}")[0]
    assert "limit_req zone=congtin_login" in login and "error_page 429 /_congtin/429.html;" in login
    questions = front.split("location ~ ^/hoi-nghi/[^/]+/diem-cau/[^/]+/cau-hoi/$ {")[1].split("}")[0]
    assert "limit_req zone=congtin_questions" in questions and "proxy_pass http://congtin_live;" in questions
    page = (tmp_path / "web" / "429.html").read_text()
    assert 'lang="vi"' in page and "Quá nhiều yêu cầu" in page


def test_live_endpoints_and_the_token_check_have_their_own_pool(tmp_path):
    conf = render(tmp_path, live_app_port=18125)
    live = conf.split("upstream congtin_live {")[1].split("}")[0]
    # Never called down for a slow request: one token check timing out made every bridge point 502.
    assert "server 127.0.0.1:18125 max_fails=0;" in live and "server 127.0.0.1:18123 backup max_fails=0;" in live
    others = conf.split("(diem-cau/[^/]+/so-nguoi-du/|dieu-hanh/trang-thai\\.json)$ {")[1].split("}")[0]
    assert others.strip() == "proxy_pass http://congtin_live;"
    state = conf.split("location ~ ^/hoi-nghi/[^/]+/diem-cau/[^/]+/trang-thai\\.json$ {")[1].split("}")[0]
    assert "proxy_pass http://congtin_live;" in state and "proxy_cache congtin_live_state;" in state
    assert "proxy_cache_methods GET HEAD POST;" in state and "proxy_cache_valid 200 2s;" in state
    assert "limit_req zone=congtin_fresh" in state  # the way past the copy is limited per bridge point
    rtmp = render(tmp_path, role="rtmp", live_app_port=18125)
    assert "on_publish http://127.0.0.1:18125/hoi-nghi/phat-song/on-publish/" in rtmp


def test_the_token_check_answers_from_a_kept_answer_when_the_app_cannot(tmp_path):
    conf = render(tmp_path)
    check = conf.split("location = /_congtin/hls-auth {")[1].split("}")[0]
    assert "proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;" in check
    assert "proxy_cache_background_update on;" in check and "proxy_read_timeout 2s;" in check
    assert "keys_zone=congtin_hls_auth:2m max_size=20m inactive=10m;" in conf


def test_publishing_into_hls_needs_the_relay_key(tmp_path):
    conf = render(tmp_path, role="rtmp")
    hls = conf.split("application hls {")[1].split("}")[0]
    assert "on_publish http://127.0.0.1:18123/hoi-nghi/phat-song/on-relay/;" in hls


def test_tls_needs_both_files(tmp_path):
    (tmp_path / "cert.pem").write_text("x")
    with pytest.raises(CommandError, match="TLS_KEY"):
        render(tmp_path, tls_cert=str(tmp_path / "cert.pem"))
