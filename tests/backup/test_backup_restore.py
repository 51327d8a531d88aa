"""A backup brought back into an empty instance is the same site: the same rows, the same
revisions, byte-identical photos, the same passwords, pages that render. A damaged archive
is refused before anything changes.

The restore runs as an operator runs it, `manage.py restore` in a separate process pointed at an
empty database and an empty media folder; another process then reads the restored instance.
SQLite by default; PostgreSQL when DATABASE_URL is set (a fresh database beside the test one).
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Revision

from congtin.backup import services
from congtin.conferences.models import Question
from tests.factories import ensure_home, make_article, make_section
from tests.support import conference_under_way

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "mat-khau-bien-tap-vien-dai"
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def file_digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def content():
    """Pages with two revisions, a photo with a rendition, a live conference with questions, a user."""
    section = make_section(ensure_home(), "Thời sự")
    article = make_article(section, "Khai mạc kỳ họp thứ mười hai Hội đồng nhân dân thành phố")
    article.save_revision().publish()
    article.lead = "Sa-pô đã sửa: kỳ họp bàn về ngân sách và đầu tư công."
    article.save_revision().publish()
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), (200, 30, 40)).save(buffer, "JPEG")
    image = get_image_model().objects.create(
        title="Quang cảnh kỳ họp", file=ImageFile(io.BytesIO(buffer.getvalue()), name="ky-hop.jpg")
    )
    image.get_rendition("fill-160x100")
    conference, _agenda, points = conference_under_way("so-ket-doan")
    Question.ask(points[0], "Kế hoạch chuyển đổi số năm tới ra sao?", asked_by="Chị Lan", client_key="k1")
    Question.ask(points[1], "Kinh phí cho điểm cầu xã được cấp khi nào?", asked_by="Anh Minh")
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        get_user_model().objects.create_user("bientap", "bientap@example.vn", PASSWORD)
    return {
        "article_url": article.get_url(),
        "join_url": reverse("conferences:join", args=[conference.slug, points[0].token]),
    }


def restored_instance(tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    """The environment of a second, empty instance: its own database and media folder."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "CACHE_DIR", "MEDIA_ROOT", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="congtin.settings.base",
        CONGTIN_VAR_DIR=str(tmp_path / "restored"),
        MEDIA_ROOT=str(tmp_path / "restored" / "media"),
        ALLOWED_HOSTS="testserver",
        CONGTIN_TASKS="immediate",
    )
    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"] + "_restored"
        environment["DATABASE_URL"] = postgres_database(name, create=True)
        request.addfinalizer(lambda: postgres_database(name, create=False))
    return environment


def postgres_database(name: str, create: bool) -> str:
    """A database on the test server (dropped first, then made empty if `create`), as a URL."""
    import psycopg

    test = connection.settings_dict
    url = f"postgres://{test['USER']}:{test['PASSWORD']}@{test['HOST'] or '127.0.0.1'}:{test['PORT'] or 5432}"
    with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            admin.execute(f'CREATE DATABASE "{name}"')
    return f"{url}/{name}"


INSPECT = """
import hashlib, json, os
from pathlib import Path
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from wagtail.models import Revision
from congtin.backup import services
urls = json.loads(os.environ["CHECK_URLS"])
client = Client()
pages = {}
for url in urls:
    response = client.get(url)
    pages[url] = [response.status_code, response.content.decode()]
media = Path(settings.MEDIA_ROOT)
print(json.dumps({
    "counts": services.row_counts(),
    "revisions": {str(r.pk): r.content for r in Revision.objects.order_by("pk")},
    "files": {p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in sorted(media.rglob("*")) if p.is_file()},
    "login": authenticate(RequestFactory().post("/admin/login/"), username="bientap",
                          password=os.environ["CHECK_PASSWORD"]) is not None,
    "pages": pages,
}))
"""


def run(environment: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_restore_brings_back_the_same_site_into_an_empty_instance(content, tmp_path, request):
    revisions = {str(r.pk): r.content for r in Revision.objects.order_by("pk")}
    media = file_digests(Path(settings.MEDIA_ROOT))
    counts = services.row_counts()
    assert counts["revisions"] >= 2 and counts["renditions"] >= 1 and counts["questions"] == 2

    call_command("backup", output=tmp_path / "backups", stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").glob("congtin-backup-*.tar")
    assert archive.stat().st_mode & 0o777 == 0o600
    manifest = services.read_manifest(archive)
    assert manifest["counts"] == counts
    assert manifest["congtin_version"] and manifest["created_at"]

    environment = restored_instance(tmp_path, request)
    restored = run(environment, "manage.py", "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "Đã khôi phục" in restored.stdout

    search = "/tim-kiem/?q=khai+m%E1%BA%A1c+k%E1%BB%B3+h%E1%BB%8Dp"  # "khai mạc kỳ họp": the index came along
    urls = ["/", content["article_url"], content["join_url"], search]
    environment.update(CHECK_URLS=json.dumps(urls), CHECK_PASSWORD=PASSWORD)
    inspected = run(environment, "manage.py", "shell", "-c", INSPECT)
    assert inspected.returncode == 0, inspected.stderr
    found = json.loads(inspected.stdout.strip().splitlines()[-1])
    assert found["counts"] == counts
    assert found["revisions"] == revisions
    assert found["files"] == media  # originals and renditions, byte for byte
    assert any(name.startswith("original_images/") for name in media)
    assert found["login"] is True
    home, article, join, searched = (found["pages"][url] for url in urls)
    assert home[0] == 200 and "Thời sự" in home[1]
    assert article[0] == 200 and "kỳ họp bàn về ngân sách và đầu tư công" in article[1]
    assert join[0] == 200 and "Quận đoàn Trung Tâm" in join[1]
    assert searched[0] == 200 and content["article_url"] in searched[1]

    again = run(environment, "manage.py", "restore", str(archive))
    assert again.returncode != 0
    assert "đã có dữ liệu" in again.stderr and "--force" in again.stderr


def test_a_damaged_archive_is_refused_and_nothing_changes(content, tmp_path):
    call_command("backup", output=tmp_path, stdout=io.StringIO())
    (archive,) = tmp_path.glob("congtin-backup-*.tar")
    with tarfile.open(archive) as opened:
        photo = next(member for member in opened.getmembers() if member.name.startswith("media/original_images/"))
    data = bytearray(archive.read_bytes())
    data[photo.offset_data + 10] ^= 0xFF  # one changed byte in the photo
    archive.write_bytes(bytes(data))
    counts, media = services.row_counts(), file_digests(Path(settings.MEDIA_ROOT))

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), force=True, stdout=io.StringIO())

    assert photo.name in str(refused.value) and "sha256" in str(refused.value)
    assert services.row_counts() == counts
    assert file_digests(Path(settings.MEDIA_ROOT)) == media


def test_backup_keep_prunes_old_archives_but_never_the_newest(tmp_path):
    old = tmp_path / "congtin-backup-20200101-000000.tar"
    old.write_bytes(b"")
    os.utime(old, (0, 0))
    call_command("backup", output=tmp_path, keep=7, stdout=io.StringIO())
    assert not old.exists()
    assert len(list(tmp_path.glob("congtin-backup-*.tar"))) == 1
