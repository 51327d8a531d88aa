"""Finding and driving nginx and ffmpeg for the broadcast tests."""

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from congtin.deploy.nginx import find_rtmp_module


def nginx_path() -> str | None:
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def rtmp_module_path() -> str | None:
    return find_rtmp_module()


def ffmpeg_path() -> str | None:
    return shutil.which("ffmpeg")


def publish_test_pattern(
    url: str,
    seconds: int,
    log,
    ffmpeg: str | None = None,
    video_bitrate: str | None = None,
    audio_bitrate: str | None = None,
) -> subprocess.Popen:
    """ffmpeg publishing a test pattern with a tone to `url` for `seconds`, as the main hall's
    encoder would (H.264 with a keyframe every 2 s, AAC, FLV over RTMP); its messages go to `log`."""
    command = [ffmpeg or ffmpeg_path(), "-hide_banner", "-nostdin", "-loglevel", "warning", "-re"]
    command += ["-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440"]
    command += ["-t", str(seconds), "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "50"]
    if video_bitrate:
        command += ["-b:v", video_bitrate]
    command += ["-c:a", "aac"]
    if audio_bitrate:
        command += ["-b:a", audio_bitrate]
    command += ["-f", "flv", url]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_for(check, seconds: float, what: str, process: subprocess.Popen | None = None):
    """Poll `check` until it returns something truthy; fail saying what did not happen."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            output = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise AssertionError(f"process ended (exit {process.returncode}) while waiting for {what}: {output}")
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def stop(process: subprocess.Popen | None) -> None:
    """End a child process, politely first."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


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
