"""A Redis and a PostgreSQL cluster of the test's own, on free loopback ports, that a test may
stop and start again: never the machine's shared ones, which other work uses."""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.support import require

WAIT_SECONDS = 20  # the longest a server may take to answer after it starts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(ready, what: str, seconds: float = WAIT_SECONDS) -> None:
    """Poll `ready()` until it is true; fail naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {seconds} s")
        time.sleep(0.05)


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class OwnRedis:
    """`redis-server` in the foreground, without persistence: a restart empties it, as a
    restart of a cache-only Redis does, unless `snapshot()` wrote its data down first."""

    def __init__(self) -> None:
        self.binary = shutil.which("redis-server")
        require(bool(self.binary), "redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.folder = tempfile.mkdtemp(prefix="congtin-redis-")
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--daemonize", "no", "--dir", self.folder, "--dbfilename", "dump.rdb"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: self.ping(), f"redis-server on port {self.port} answers PING")

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=WAIT_SECONDS)
        wait_until(lambda: not answers(self.port), f"redis-server on port {self.port} stops listening")

    def snapshot(self) -> None:
        """Write the data down (SAVE): the next start loads it, as a Redis that kept its data
        through an outage (persistence on, or a network cut) comes back with it."""
        import redis

        redis.Redis(port=self.port).save()

    def close(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def postgres_bin() -> Path:
    """The newest /usr/lib/postgresql/<major>/bin with initdb and pg_ctl."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda path: int(path.split("/")[4]))
    require(bool(found), "PostgreSQL's server binaries are absent (apt-get install postgresql)")
    return Path(found[-1]).parent


class OwnPostgres:
    """A throwaway cluster (initdb) in a temporary folder, run by the postgres user, trusting
    loopback, listening on a free port: stopping it disturbs no one."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        try:
            self.user = pwd.getpwnam("postgres")
        except KeyError:
            self.user = None
        require(self.user is not None, "no postgres system user to run a PostgreSQL cluster as")
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="congtin-pg-"))
        os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
        self.data = self.folder / "data"
        self.url = f"postgres://congtin@127.0.0.1:{self.port}/congtin"

    def _as_postgres(self, *command: str) -> None:
        prefix = [] if os.getuid() == self.user.pw_uid else ["runuser", "-u", "postgres", "--"]
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=60)

    def create(self) -> None:
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "congtin", "-A", "trust", "-E", "UTF8", "--no-sync"
        )
        self.start()
        subprocess.run(
            [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "congtin", "congtin"],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off"
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"
        )

    def stop(self) -> None:
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def close(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)
