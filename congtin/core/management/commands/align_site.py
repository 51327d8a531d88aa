from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congtin.core.origin import align_default_site

ORIGIN_FILE = "origin.env"  # congtin.settings.dev reads it
ORIGIN_HEADER = "# Written by `manage.py align_site` (make demo, make serve): the origin this folder's database serves."


class Command(BaseCommand):
    help = gettext_lazy(
        "Đặt tên máy và cổng của trang web mặc định (Wagtail Site) theo SITE_URL: liên kết chuẩn, sơ đồ trang, "
        "RSS, mã QR. Với cơ sở dữ liệu SQLite trong var/, ghi SITE_URL và địa chỉ phát RTMP vào var/origin.env "
        "để manage.py chạy ở cửa sổ khác in đúng địa chỉ."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changed = align_default_site()
        if changed:
            self.stdout.write(
                _("Trang web mặc định theo SITE_URL (%(site_url)s): %(changed)s")
                % {"site_url": settings.SITE_URL, "changed": changed}
            )
        if self.uses_var_database():
            recorded = {"SITE_URL": settings.SITE_URL, "RTMP_PUBLISH_BASE": getattr(settings, "RTMP_PUBLISH_BASE", "")}
            (Path(settings.VAR_DIR) / ORIGIN_FILE).write_text(
                f"{ORIGIN_HEADER}\n" + "".join(f"{name}={value}\n" for name, value in recorded.items() if value),
                encoding="utf-8",
            )

    def uses_var_database(self) -> bool:
        """Only var/'s own SQLite database has its origin recorded there (not PostgreSQL, not a test database)."""
        name = connection.settings_dict["NAME"]
        return (
            connection.vendor == "sqlite"
            and Path(str(name)).resolve() == (Path(settings.VAR_DIR) / "db.sqlite3").resolve()
        )
