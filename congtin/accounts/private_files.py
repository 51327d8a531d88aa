"""Files that hold secrets (the demo admin's password, the SQLite database) are readable by
their owner only (0600), whatever the umask."""

import os
from pathlib import Path

PRIVATE = 0o600


def write_private(path: Path, text: str) -> None:
    """Write `text` to a file no one else can read, not even for an instant."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    os.fchmod(descriptor, PRIVATE)  # an existing file keeps its mode through O_CREAT
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def make_private(path: Path) -> None:
    """Take group and world access away from an existing file."""
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(PRIVATE)
    except FileNotFoundError:
        pass


def sqlite_files(database: str) -> list[Path]:
    """The database file and the write-ahead log and shared memory beside it. SQLite gives
    new -wal and -shm files the mode of the database, but files made before keep theirs."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return []
    return [Path(database), Path(f"{database}-wal"), Path(f"{database}-shm")]
