"""Secret files are readable by their owner only: the demo admin's password, the SQLite
database and its -wal/-shm. The demo still signs in with the printed account in one step."""

import stat

import pytest
from django.contrib.auth.password_validation import validate_password
from django.db.utils import ConnectionHandler

from congtin.demo.management.commands import load_demo

from .conftest import visible_text


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def var_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(load_demo, "CREDENTIALS_FILE", tmp_path / "demo-admin.txt")
    monkeypatch.setattr(load_demo, "NEWSROOM_FILE", tmp_path / "demo-newsroom.txt")
    return tmp_path


def test_load_demo_writes_the_admin_password_0600_and_it_passes_the_validators(db, var_dir, capsys):
    load_demo.Command().ensure_admin()
    credentials = var_dir / "demo-admin.txt"
    assert mode(credentials) == 0o600
    username, password = credentials.read_text(encoding="utf-8").split()
    assert username == "admin"
    validate_password(password)
    assert password in capsys.readouterr().out  # printed for whoever runs the demo


def test_an_older_world_readable_credentials_file_is_made_private(db, var_dir):
    credentials = var_dir / "demo-admin.txt"
    load_demo.Command().ensure_admin()
    credentials.chmod(0o644)
    load_demo.Command().ensure_admin()
    assert mode(credentials) == 0o600


def test_the_demo_admin_signs_in_in_one_step(client, db, var_dir, settings):
    settings.CONGTIN_REQUIRE_2FA = False  # as congtin.settings.demo says
    load_demo.Command().ensure_admin()
    username, password = (var_dir / "demo-admin.txt").read_text(encoding="utf-8").split()
    response = client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Bảng điều khiển" in visible_text(dashboard) or "Trang chủ" in visible_text(dashboard)


def test_the_sqlite_database_and_its_wal_and_shm_are_0600(db, tmp_path):
    database = tmp_path / "db.sqlite3"
    for path in (database, tmp_path / "db.sqlite3-wal", tmp_path / "db.sqlite3-shm"):
        path.touch(mode=0o644)  # left by an older version, world-readable
        path.chmod(0o644)
    # A connection of its own to that file, opened as the app opens its SQLite database.
    connection = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(database)}})[
        "default"
    ]
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("CREATE TABLE bi_mat (x)")
            cursor.execute("INSERT INTO bi_mat VALUES ('mat khau')")
        files = sorted(tmp_path.glob("db.sqlite3*"))
        assert [f.name for f in files] == ["db.sqlite3", "db.sqlite3-shm", "db.sqlite3-wal"]
        assert {f.name: mode(f) for f in files} == dict.fromkeys((f.name for f in files), 0o600)
    finally:
        connection.close()
