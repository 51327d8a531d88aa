"""`make demo` runs scripts/nginx-live.sh: it starts the broadcast nginx when nginx and its
RTMP module are there, and otherwise says how to install them and lets the demo go on."""

import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.conferences.broadcast.tools import free_port, listening, nginx_path, rtmp_module_path
from tests.support import require

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "nginx-live.sh"


def run_script(command: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(SCRIPT), command],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PY": sys.executable, **env},
    )


def test_without_nginx_the_demo_says_how_to_install_it_and_goes_on(tmp_path):
    result = run_script("start", NGINX=str(tmp_path / "khong-co-nginx"), LIVE_RUN_DIR=str(tmp_path))
    assert result.returncode == 0
    assert result.stdout.count("apt-get install nginx libnginx-mod-rtmp ffmpeg") == 2  # Vietnamese and English
    assert "Chưa có nginx" in result.stdout


def test_demo_script_starts_and_stops_the_broadcast_nginx(tmp_path):
    require(
        bool(nginx_path() and rtmp_module_path()),
        "nginx or its RTMP module is not installed (apt-get install nginx libnginx-mod-rtmp)",
    )
    ports = {"LIVE_RTMP_PORT": str(free_port()), "LIVE_HTTP_PORT": str(free_port())}
    env = {**ports, "LIVE_RUN_DIR": str(tmp_path), "APP_PORT": str(free_port())}
    try:
        started = run_script("start", **env)
        assert started.returncode == 0, started.stdout + started.stderr
        assert f"rtmp://127.0.0.1:{ports['LIVE_RTMP_PORT']}/live/" in started.stdout
        assert listening(int(ports["LIVE_RTMP_PORT"])) and listening(int(ports["LIVE_HTTP_PORT"]))
        assert run_script("status", **env).returncode == 0
        assert (tmp_path / "congtin-live.conf").is_file()
    finally:
        stopped = run_script("stop", **env)
    assert stopped.returncode == 0
    assert not listening(int(ports["LIVE_RTMP_PORT"]))
    assert run_script("status", **env).returncode == 1


def test_busy_port_leaves_the_demo_running_without_live_video(tmp_path):
    require(
        bool(nginx_path() and rtmp_module_path()),
        "nginx or its RTMP module is not installed (apt-get install nginx libnginx-mod-rtmp)",
    )
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        env = {
            "LIVE_RTMP_PORT": str(busy.getsockname()[1]),
            "LIVE_HTTP_PORT": str(free_port()),
            "LIVE_RUN_DIR": str(tmp_path),
        }
        result = run_script("start", **env)
    run_script("stop", **env)
    assert result.returncode == 0
    assert "Address already in use" in result.stdout and "LIVE_RTMP_PORT" in result.stdout
