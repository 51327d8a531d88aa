"""Finding and driving nginx and ffmpeg for the broadcast tests."""

import shutil
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass

from congtin.conferences.management.commands.render_nginx_config import find_rtmp_module


def nginx_path() -> str | None:
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def rtmp_module_path() -> str | None:
    return find_rtmp_module()


def ffmpeg_path() -> str | None:
    return shutil.which("ffmpeg")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes


def fetch(url: str, method: str = "GET", data: bytes | None = None) -> Response:
    request = urllib.request.Request(url, method=method, data=data)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return Response(answer.status, dict(answer.headers), answer.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, dict(error.headers), error.read())
