"""One public origin (congtin.core.origin): the Wagtail Site follows SITE_URL, `manage.py check`
warns (congtin.W001) when they differ and is silent when they agree or before `migrate`, and
congtin.settings.dev reads the origin make demo or make serve recorded in var/origin.env."""

import io
import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from wagtail.models import Site

from congtin.conferences.broadcast.conf import rtmp_publish_base
from congtin.core.origin import align_default_site, check_default_site_follows_site_url

ROOT = Path(__file__).resolve().parents[2]


def default_site() -> Site:
    return Site.objects.get(is_default_site=True)


def fresh(page):
    """The page as a new request loads it (a page keeps the site root paths it has seen)."""
    return type(page).objects.get(pk=page.pk)


def warnings_ids() -> list[str]:
    return [message.id for message in check_default_site_follows_site_url()]


def test_site_follows_site_url_and_canonical_links_with_it(home, settings):
    settings.SITE_URL = "https://tin.hoaphuong.example.vn"
    assert align_default_site() == "testserver:80 → tin.hoaphuong.example.vn:443"
    assert (default_site().hostname, default_site().port) == ("tin.hoaphuong.example.vn", 443)
    assert fresh(home).full_url == "https://tin.hoaphuong.example.vn/"
    assert align_default_site() is None  # already in line

    settings.SITE_URL = "http://127.0.0.1:9000"
    call_command("align_site", stdout=io.StringIO())
    assert fresh(home).full_url == "http://127.0.0.1:9000/"


def test_check_warns_when_site_and_site_url_differ_and_is_silent_when_they_agree(home, settings):
    assert warnings_ids() == []
    settings.SITE_URL = "http://127.0.0.1:9000"
    assert warnings_ids() == ["congtin.W001"]
    align_default_site()
    assert warnings_ids() == []
    site = default_site()
    site.port = 8000
    site.save()
    assert warnings_ids() == ["congtin.W001"]


def test_rtmp_publish_address_follows_the_environment_or_the_public_host(settings):
    settings.RTMP_PUBLISH_BASE = "rtmp://phat.example.vn:1936/live/"
    assert rtmp_publish_base() == "rtmp://phat.example.vn:1936/live"
    settings.RTMP_PUBLISH_BASE = ""
    settings.SITE_URL, settings.LIVE_RTMP_PORT = "https://tin.hoaphuong.example.vn", 19350
    assert rtmp_publish_base() == "rtmp://tin.hoaphuong.example.vn:19350/live"


def manage(var_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """manage.py with the development settings on a var folder of its own, as typed in a terminal."""
    clean = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SITE_URL", "RTMP_PUBLISH_BASE", "LIVE_RTMP_PORT")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={**clean, "CONGTIN_VAR_DIR": str(var_dir), **env},
    )


PRINT_ORIGIN = (
    "from django.conf import settings; from congtin.conferences.broadcast.conf import rtmp_publish_base; "
    "print(settings.SITE_URL, rtmp_publish_base())"
)


def test_check_is_silent_before_migrate_and_manage_py_elsewhere_follows_the_served_origin(tmp_path):
    fresh = manage(tmp_path, "check", "--fail-level", "WARNING")  # a fresh clone: no table yet
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert "W001" not in fresh.stdout + fresh.stderr

    assert manage(tmp_path, "migrate", "--noinput", "-v", "0").returncode == 0
    served = {"SITE_URL": "http://127.0.0.1:9000", "RTMP_PUBLISH_BASE": "rtmp://127.0.0.1:19350/live"}
    aligned = manage(tmp_path, "align_site", **served)  # what make demo PORT=9000 does at start
    assert aligned.returncode == 0, aligned.stderr
    assert "127.0.0.1:8000 → 127.0.0.1:9000" in aligned.stdout

    # Another terminal, nothing set: the links of the running demo, and nothing to warn about.
    elsewhere = manage(tmp_path, "shell", "-v", "0", "-c", PRINT_ORIGIN)
    assert elsewhere.stdout.split() == ["http://127.0.0.1:9000", "rtmp://127.0.0.1:19350/live"], elsewhere.stderr
    checked = manage(tmp_path, "check", "--fail-level", "WARNING")
    assert checked.returncode == 0 and "W001" not in checked.stderr, checked.stderr
    # SITE_URL given by hand still wins, and then the check says the Site is elsewhere.
    mismatched = manage(tmp_path, "check", "--fail-level", "WARNING", SITE_URL="http://127.0.0.1:7000")
    assert mismatched.returncode != 0 and "congtin.W001" in mismatched.stderr
