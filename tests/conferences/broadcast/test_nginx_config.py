"""`render_nginx_config` writes the nginx configuration the broadcast needs, with the
paths and ports asked for, and nginx accepts it."""

import io
import subprocess
from unittest.mock import patch

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conferences.broadcast.tools import nginx_path, rtmp_module_path
from tests.support import require


def render(tmp_path, *args, **options) -> str:
    output = tmp_path / "congtin-live.conf"
    options = {
        "app_port": 8123,
        "http_port": 8124,
        "rtmp_port": 19355,
        "run_dir": tmp_path,
        "output": output,
        "rtmp_module": "none",
        **options,
    }
    call_command("render_nginx_config", *args, stdout=io.StringIO(), **options)
    return output.read_text()


def test_rendered_config_listens_where_asked_and_calls_the_app_on_its_port(tmp_path):
    conf = render(tmp_path)
    assert "listen 127.0.0.1:19355;" in conf and "listen 127.0.0.1:8124;" in conf
    assert "on_publish http://127.0.0.1:8123/hoi-nghi/phat-song/on-publish/?relay=127.0.0.1:19355;" in conf
    assert "on_publish_done http://127.0.0.1:8123/hoi-nghi/phat-song/on-publish-done/;" in conf
    assert "proxy_pass http://127.0.0.1:8123/hoi-nghi/phat-song/hls-auth/;" in conf
    assert f"hls_path {tmp_path}/hls;" in conf and f"pid {tmp_path}/nginx.pid;" in conf
    assert "load_module" not in conf
    assert all((tmp_path / folder).is_dir() for folder in ("hls", "logs", "tmp"))


def test_rendered_config_stops_outside_callers_of_the_hooks_and_rtmp_players(tmp_path):
    conf = render(tmp_path)
    assert "location ^~ /hoi-nghi/phat-song/ {\n            return 404;" in conf
    assert conf.count("deny play all;") == 2
    assert "auth_request /_congtin/hls-auth;" in conf


def test_public_bind_relays_through_loopback(tmp_path):
    conf = render(tmp_path, bind="0.0.0.0")
    assert "listen 0.0.0.0:19355;" in conf and "?relay=127.0.0.1:19355;" in conf
    assert "allow publish 127.0.0.1;" in conf


def test_hook_secret_goes_into_the_hook_urls_and_the_auth_header(tmp_path, settings):
    settings.BROADCAST_HOOK_SECRET = "bi-mat_123"
    conf = render(tmp_path)
    assert "?relay=127.0.0.1:19355&hook=bi-mat_123;" in conf
    assert "on-publish-done/?hook=bi-mat_123;" in conf
    assert 'proxy_set_header X-Congtin-Hook "bi-mat_123";' in conf


def test_hook_secret_that_would_break_the_config_is_refused(tmp_path, settings):
    settings.BROADCAST_HOOK_SECRET = 'bí mật; "x"'
    with pytest.raises(CommandError, match="BROADCAST_HOOK_SECRET"):
        render(tmp_path)


def test_missing_rtmp_module_says_how_to_install_it(tmp_path):
    with pytest.raises(CommandError, match="apt-get install nginx libnginx-mod-rtmp"):
        render(tmp_path, rtmp_module=str(tmp_path / "khong-co.so"))
    with pytest.raises(CommandError, match="apt-get install nginx libnginx-mod-rtmp"):
        with patch("congtin.deploy.nginx.RTMP_MODULE_PATHS", ()):
            render(tmp_path, rtmp_module="auto")


def test_nginx_accepts_the_rendered_config(tmp_path):
    nginx, module = nginx_path(), rtmp_module_path()
    require(
        bool(nginx and module), "nginx or its RTMP module is not installed (apt-get install nginx libnginx-mod-rtmp)"
    )
    render(tmp_path, rtmp_module=module)
    error_log, conf = tmp_path / "logs" / "error.log", tmp_path / "congtin-live.conf"
    check = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-e", str(error_log), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert check.returncode == 0, check.stderr
