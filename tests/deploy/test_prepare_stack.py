"""`manage.py prepare_stack` (what scripts/serve.sh runs before starting anything) turns an
empty folder into a stack ready to start: database migrated with the demo content, static
files collected with their .gz, and both nginx configurations, which nginx accepts. Run again,
it keeps what is there."""

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from congtin.deploy.management.commands.prepare_stack import gzip_static_files
from congtin.deploy.nginx import find_purge_module, find_rtmp_module
from tests.conferences.broadcast.tools import free_port, nginx_path
from tests.deploy.support import ROOT, without_test_settings
from tests.support import require

DEMO_LOADED = "[serve] Cơ sở dữ liệu chưa có bài viết: nạp dữ liệu mẫu (manage.py load_demo)."


def prepare_stack(var_dir: Path, *options: str) -> subprocess.CompletedProcess:
    """The command as serve.sh runs it: production settings, this folder, nothing to purge yet."""
    port = free_port()
    env = {
        **without_test_settings(),
        "DJANGO_SETTINGS_MODULE": "congtin.settings.production",
        "CONGTIN_VAR_DIR": str(var_dir),
        "STATIC_ROOT": str(var_dir / "static"),
        "CACHE_DIR": str(var_dir / "cache"),
        "SECRET_KEY": "prepare-stack-test",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "CONGTIN_PURGE_URL": "",
    }
    command = ["manage.py", "prepare_stack", "--http-port", str(port), "--app-port", str(free_port()), *options]
    return subprocess.run([sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def nginx_accepts(run_dir: Path, conf: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [nginx_path(), "-t", "-p", str(run_dir), "-e", str(run_dir / "logs" / "error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    """A stack prepared once from an empty folder, with both nginx modules."""
    purge, rtmp = find_purge_module(), find_rtmp_module()
    require(
        bool(nginx_path() and purge and rtmp),
        "nginx or its modules are missing (apt-get install nginx libnginx-mod-http-cache-purge libnginx-mod-rtmp)",
    )
    var_dir = tmp_path_factory.mktemp("prepare-stack") / "var"
    result = prepare_stack(
        var_dir,
        *("--web-dir", str(var_dir / "web"), "--live-dir", str(var_dir / "rtmp")),
        *("--rtmp-port", str(free_port()), "--rtmp-module", rtmp, "--purge-module", purge),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert DEMO_LOADED in result.stdout.splitlines()
    return var_dir


def test_empty_folder_gets_a_database_with_the_demo_content(prepared):
    assert (prepared / "db.sqlite3").is_file()
    assert (prepared / "origin.env").read_text().count("SITE_URL=http://127.0.0.1:") == 1  # align_site ran


def test_both_nginx_configurations_are_written_and_nginx_accepts_them(prepared):
    for run_dir, conf in ((prepared / "web", "congtin-web.conf"), (prepared / "rtmp", "congtin-live.conf")):
        check = nginx_accepts(run_dir, run_dir / conf)
        assert check.returncode == 0, check.stderr
    web = (prepared / "web" / "congtin-web.conf").read_text()
    assert f"root {prepared / 'rtmp'};" in web  # HLS from the RTMP nginx's folder
    assert f"alias {prepared / 'static'}/;" in web and "proxy_cache_purge" in web


def test_static_text_files_are_collected_with_a_gzip_copy(prepared):
    stylesheets = [path for path in (prepared / "static").rglob("*.css") if path.stat().st_size >= 256]
    assert stylesheets, "collectstatic wrote no stylesheet"
    for stylesheet in stylesheets:
        assert gzip.decompress(stylesheet.with_name(stylesheet.name + ".gz").read_bytes()) == stylesheet.read_bytes()


def test_second_run_keeps_the_content_and_leaves_rtmp_off_when_asked(prepared):
    live_dir = prepared / "rtmp-off"
    again = prepare_stack(
        prepared,
        *("--web-dir", str(prepared / "web"), "--live-dir", str(live_dir)),
        *("--rtmp-module", "off", "--purge-module", "off"),
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert DEMO_LOADED not in again.stdout
    assert not (live_dir / "congtin-live.conf").exists()
    web = (prepared / "web" / "congtin-web.conf").read_text()
    assert "proxy_cache_purge" not in web and f"root {live_dir};" in web


def test_gzip_copies_are_made_for_text_files_only_and_kept_while_up_to_date(tmp_path):
    script = tmp_path / "app.js"
    script.write_text("console.log('xin chào');\n" * 40)
    (tmp_path / "small.css").write_text("a{}")  # below the size worth compressing
    (tmp_path / "photo.png").write_bytes(b"\x89PNG" * 100)
    assert gzip_static_files(tmp_path) == 1
    assert sorted(path.name for path in tmp_path.glob("*.gz")) == ["app.js.gz"]
    assert gzip.decompress((tmp_path / "app.js.gz").read_bytes()) == script.read_bytes()
    assert gzip_static_files(tmp_path) == 0
    os.utime(script, (script.stat().st_atime, (tmp_path / "app.js.gz").stat().st_mtime + 10))
    assert gzip_static_files(tmp_path) == 1
