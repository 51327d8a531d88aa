"""One archive holds a whole instance: the database, the media folder and a manifest.

An archive is a plain tar (mode 0600): `database.sqlite3` (SQLite's online backup API: a
consistent copy while the site runs) or `database.pgdump` (`pg_dump --format=custom`, from the
PostgreSQL tools of the server's own major version), `media/…`, and `manifest.json` last: the
congtin version, the time, the sha256 of every other member and the row counts of the main
tables, counted in the same snapshot the dump was taken from.

A restore checks every checksum before it changes anything, refuses an instance that holds
content unless forced, brings the database and the media back, then drops every cache.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path, PurePosixPath
from typing import IO

from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections, transaction

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
MEDIA_PREFIX = "media/"
ARCHIVE_PREFIX = "congtin-backup-"
CHUNK = 1024 * 1024

# What the manifest counts, and what a restore compares: (name, app label, model).
MAIN_TABLES = (
    ("pages", "wagtailcore", "Page"),
    ("revisions", "wagtailcore", "Revision"),
    ("images", "wagtailimages", "Image"),
    ("renditions", "wagtailimages", "Rendition"),
    ("documents", "wagtaildocs", "Document"),
    ("conferences", "conferences", "Conference"),
    ("bridge_points", "conferences", "BridgePoint"),
    ("questions", "conferences", "Question"),
    ("users", "auth", "User"),
)
# Content an empty instance has none of (pages: migrations make Wagtail's root and a home page).
CONTENT_TABLES = ("revisions", "images", "documents", "conferences", "users")


class BackupError(Exception):
    """What went wrong, in Vietnamese and English, for the operator who typed the command."""


def backup(output_dir: Path | str) -> Path:
    """Write one archive of this instance into `output_dir` and return its path."""
    output = Path(output_dir)
    output.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC)
    final = output / f"{ARCHIVE_PREFIX}{stamp:%Y%m%d-%H%M%S}.tar"
    partial = final.with_suffix(".tar.partial")
    with tempfile.TemporaryDirectory(dir=output, prefix=".congtin-backup-") as work:
        dump, counts = _dump_database(Path(work))
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as handle, tarfile.open(fileobj=handle, mode="w") as archive:
                checksums = {dump.name: _add(archive, dump.name, dump)}
                for path, name in _media_files():
                    checksums[name] = _add(archive, name, path)
                manifest = {
                    "format": FORMAT,
                    "congtin_version": _congtin_version(),
                    "created_at": stamp.isoformat(),
                    "database": {"engine": _engine(), "member": dump.name},
                    "counts": counts,
                    "files": checksums,
                }
                _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
            os.replace(partial, final)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return final


def peek_manifest(archive_path: Path | str) -> dict:
    """The manifest alone, unverified: what an archive says it holds (read_manifest verifies)."""
    with tarfile.open(archive_path, mode="r:") as archive:
        return json.loads(_extract(archive, archive.getmember(MANIFEST)).read())


def read_manifest(archive_path: Path | str) -> dict:
    """The manifest of an archive whose every member matches its checksum; BackupError otherwise."""
    path = Path(archive_path)
    try:
        with tarfile.open(path, mode="r:") as archive:
            member = archive.getmember(MANIFEST)
            manifest = json.loads(_extract(archive, member).read())
            listed = dict(manifest["files"])
            for member in archive.getmembers():
                if member.name == MANIFEST:
                    continue
                _check_member_name(member)
                expected = listed.pop(member.name, None)
                if expected is None:
                    raise BackupError(
                        _both(f"tệp lạ không có trong manifest: {member.name}", f"unlisted member {member.name}")
                    )
                if _sha256(_extract(archive, member)) != expected:
                    raise BackupError(
                        _both(
                            f"tệp {member.name} không khớp mã kiểm tra (sha256): bản sao lưu đã bị hỏng hoặc bị sửa",
                            f"{member.name} does not match its sha256: the archive is damaged or was altered",
                        )
                    )
            if listed:
                missing = ", ".join(sorted(listed))
                raise BackupError(_both(f"thiếu tệp: {missing}", f"missing members: {missing}"))
    except BackupError:
        raise
    except FileNotFoundError as error:
        raise BackupError(_both(f"không tìm thấy tệp {path}", f"no such file {path}")) from error
    except (tarfile.TarError, KeyError, ValueError, TypeError, OSError) as error:
        raise BackupError(
            _both(f"{path} không phải bản sao lưu congtin hợp lệ ({error})", f"{path} is no valid congtin archive")
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(_both("phiên bản định dạng không hỗ trợ", f"unsupported format {manifest.get('format')}"))
    if manifest["database"]["engine"] != _engine():
        raise BackupError(
            _both(
                f"bản sao lưu là của {manifest['database']['engine']}, nơi khôi phục dùng {_engine()}",
                "the archive's database engine differs from this instance's",
            )
        )
    return manifest


def restore(archive_path: Path | str, *, force: bool = False) -> dict:
    """Bring an archive into this instance (empty unless `force`); return its manifest.

    Nothing changes before every checksum is verified and the media are unpacked beside
    MEDIA_ROOT; the database follows (PostgreSQL: in one transaction), then the media folder is
    swapped in and every cache dropped.
    """
    manifest = read_manifest(archive_path)
    if not force:
        holding = instance_content()
        if holding:
            found = ", ".join(f"{name}: {count}" for name, count in holding.items())
            raise BackupError(
                _both(
                    f"nơi khôi phục đã có dữ liệu ({found}); thêm --force để ghi đè",
                    "this instance is not empty; add --force to overwrite it",
                )
            )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=media_root.parent, prefix=".congtin-restore-"))
    try:
        with tarfile.open(archive_path, mode="r:") as archive:
            for member in archive.getmembers():
                if member.name.startswith(MEDIA_PREFIX):
                    target = staging / member.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with open(target, "wb") as out:
                        shutil.copyfileobj(_extract(archive, member), out, CHUNK)
                    os.utime(target, (member.mtime, member.mtime))
            database = archive.getmember(manifest["database"]["member"])
            _restore_database(_extract(archive, database), staging)
        _swap_media(staging / "media", media_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for alias in settings.CACHES:
        caches[alias].clear()
    return manifest


def instance_content() -> dict[str, int]:
    """The main tables that hold rows here, and media files, with their counts ({} = empty)."""
    tables = set(connection.introspection.table_names())
    counts = {name: count for name, count in _counts(lambda table: table in tables).items() if count}
    found = {name: counts[name] for name in CONTENT_TABLES if name in counts}
    media = sum(1 for _ in _media_files())
    if media:
        found["media"] = media
    return found


def prune(folder: Path | str, keep_days: int, now: float | None = None) -> list[Path]:
    """Delete the archives in `folder` older than `keep_days` days, always keeping the newest."""
    archives = sorted(Path(folder).glob(f"{ARCHIVE_PREFIX}*.tar"), key=lambda path: path.stat().st_mtime)
    oldest_kept = (now or time.time()) - keep_days * 86400
    dropped = [path for path in archives[:-1] if path.stat().st_mtime < oldest_kept]
    for path in dropped:
        path.unlink()
    return dropped


def row_counts() -> dict[str, int]:
    """The main tables' row counts in this instance's database, now."""
    return _counts(lambda table: True)


# The database ------------------------------------------------------------------------------


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else connection.vendor


def _dump_database(work: Path) -> tuple[Path, dict[str, int]]:
    if connection.vendor == "sqlite":
        dump = work / SQLITE_MEMBER
        connection.ensure_connection()
        target = sqlite3.connect(dump)
        try:
            connection.connection.backup(target)  # pages copied consistently while others write
        finally:
            target.close()
        return dump, _sqlite_counts(dump)
    if connection.vendor == "postgresql":
        dump = work / POSTGRES_MEMBER
        # pg_dump reads the very snapshot the counts come from.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = row_counts()
            _run(
                [_pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"],
                settings.DATABASES["default"],
            )
        return dump, counts
    raise BackupError(_both(f"không hỗ trợ cơ sở dữ liệu {connection.vendor}", "unsupported database"))


def _restore_database(dump: IO[bytes], staging: Path) -> None:
    file = staging / "database"
    with open(file, "wb") as out:
        shutil.copyfileobj(dump, out, CHUNK)
    database = settings.DATABASES["default"]
    connections.close_all()
    if connection.vendor == "sqlite":
        _restore_sqlite(file, database["NAME"])
    else:
        _run(
            [_pg_tool("pg_restore"), "--no-owner", "--clean", "--if-exists", "--single-transaction", str(file)],
            database,
        )


def _restore_sqlite(file: Path, name: str) -> None:
    """Copy through the backup API into the configured database, whether a file or (tests) a
    database in memory; a file's old journal goes with it."""
    source = sqlite3.connect(file)
    try:
        if str(name).startswith("file:") or name == ":memory:":
            connection.ensure_connection()
            source.backup(connection.connection)
            return
        target_path = Path(name)
        target_path.parent.mkdir(parents=True, exist_ok=True)
        fresh = target_path.with_name(f".{target_path.name}.restoring")
        fresh.unlink(missing_ok=True)
        target = sqlite3.connect(fresh)
        try:
            source.backup(target)
        finally:
            target.close()
        os.chmod(fresh, 0o600)
        for suffix in ("-wal", "-shm"):
            Path(f"{target_path}{suffix}").unlink(missing_ok=True)
        os.replace(fresh, target_path)
    finally:
        source.close()


def _pg_tool(name: str) -> str:
    """The PostgreSQL tool of the server's major version (pg_dump refuses a newer server; a
    dump read by an older pg_restore may fail): /usr/lib/postgresql/<major>/bin first."""
    connection.ensure_connection()
    major = connection.pg_version // 10000
    candidate = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BackupError(_both(f"không tìm thấy {name} (cài postgresql-client-{major})", f"{name} not found"))
    return found


def _run(command: list[str], database: dict) -> None:
    environment = {**os.environ, "PGPASSWORD": str(database.get("PASSWORD") or "")}
    arguments = [f"--dbname={database['NAME']}", "--no-password"]
    if database.get("HOST"):
        arguments.append(f"--host={database['HOST']}")
    if database.get("PORT"):
        arguments.append(f"--port={database['PORT']}")
    if database.get("USER"):
        arguments.append(f"--username={database['USER']}")
    result = subprocess.run(
        [command[0], *arguments, *command[1:]], env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(_both(f"{tool} thất bại: {result.stderr.strip()}", f"{tool} failed"))


def _counts(present: Callable[[str], bool]) -> dict[str, int]:
    from django.apps import apps

    counts = {}
    for name, app_label, model_name in MAIN_TABLES:
        model = apps.get_model(app_label, model_name)
        counts[name] = model.objects.count() if present(model._meta.db_table) else 0
    return counts


def _sqlite_counts(file: Path) -> dict[str, int]:
    from django.apps import apps

    database = sqlite3.connect(file)
    try:
        counts = {}
        for name, app_label, model_name in MAIN_TABLES:
            table = apps.get_model(app_label, model_name)._meta.db_table
            counts[name] = database.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        return counts
    finally:
        database.close()


# Media and the archive's members -----------------------------------------------------------


def _media_files() -> Iterator[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for folder, _dirs, files in os.walk(root):
        for name in sorted(files):
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                yield path, MEDIA_PREFIX + path.relative_to(root).as_posix()


def _swap_media(unpacked: Path, media_root: Path) -> None:
    """The restored folder takes MEDIA_ROOT's place; the old one is removed after the swap."""
    unpacked.mkdir(exist_ok=True)
    old = media_root.with_name(f".{media_root.name}.before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if media_root.exists():
        os.replace(media_root, old)
    os.replace(unpacked, media_root)
    shutil.rmtree(old, ignore_errors=True)


class _Hashing(io.RawIOBase):
    """A file read once: into the archive and through sha256 at the same time."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add(archive: tarfile.TarFile, name: str, path: Path) -> str:
    with open(path, "rb") as handle:
        info = archive.gettarinfo(fileobj=handle, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        hashing = _Hashing(handle)
        archive.addfile(info, hashing)
    return hashing.digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
    archive.addfile(info, io.BytesIO(data))


def _extract(archive: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    handle = archive.extractfile(member)
    if handle is None:
        raise BackupError(_both(f"{member.name} không phải tệp thường", f"{member.name} is not a regular file"))
    return handle


def _check_member_name(member: tarfile.TarInfo) -> None:
    """Only the names a backup writes: nothing absolute, nothing that climbs out, files only."""
    path = PurePosixPath(member.name)
    allowed = member.name in (SQLITE_MEMBER, POSTGRES_MEMBER) or member.name.startswith(MEDIA_PREFIX)
    if not member.isfile() or path.is_absolute() or ".." in path.parts or not allowed:
        raise BackupError(_both(f"tệp không được phép trong bản sao lưu: {member.name}", "unsafe member"))


def _sha256(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _congtin_version() -> str:
    try:
        return package_version("congtin")
    except PackageNotFoundError:
        return "unknown"


def _both(vietnamese: str, english: str) -> str:
    return f"{vietnamese} / {english}"
