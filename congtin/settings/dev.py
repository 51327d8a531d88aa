import os
from pathlib import Path

from .base import *
from .base import VAR_DIR

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"] + ALLOWED_HOSTS
# Signing in takes a password only, unless CONGTIN_REQUIRE_2FA=on (base); users may still enrol.


def served_origin(path: Path) -> dict[str, str]:
    """The origin `manage.py align_site` recorded when make demo or make serve last started on
    this var folder's database (NAME=value lines): manage.py in another terminal then prints
    links that work there."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


_served = served_origin(VAR_DIR / "origin.env")
if "SITE_URL" not in os.environ:
    SITE_URL = _served.get("SITE_URL", SITE_URL).rstrip("/")
    WAGTAILADMIN_BASE_URL = SITE_URL
if "RTMP_PUBLISH_BASE" not in os.environ:
    RTMP_PUBLISH_BASE = _served.get("RTMP_PUBLISH_BASE", RTMP_PUBLISH_BASE)
