import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext_lazy

from congtin.backup import services


def default_folder() -> Path:
    """CONGTIN_BACKUP_DIR (the environment, as congtin-backup.service sets it), or var/backups."""
    return Path(os.environ.get("CONGTIN_BACKUP_DIR") or Path(settings.VAR_DIR) / "backups")


class Command(BaseCommand):
    help = gettext_lazy(
        "Sao lưu toàn bộ cổng thông tin (cơ sở dữ liệu, thư mục media, manifest có mã kiểm tra) vào một tệp .tar."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="Thư mục chứa bản sao lưu (mặc định: CONGTIN_BACKUP_DIR hoặc var/backups)."
        )
        parser.add_argument(
            "--keep", type=int, metavar="NGÀY", help="Xoá các bản sao lưu cũ hơn số ngày này (luôn giữ bản mới nhất)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder = options["output"] or default_folder()
        try:
            archive = services.backup(folder)
        except services.BackupError as error:
            raise CommandError(f"Sao lưu thất bại / backup failed: {error}") from error
        manifest = services.peek_manifest(archive)  # just written: no second read of it all
        counts = ", ".join(f"{name} {count}" for name, count in manifest["counts"].items())
        self.stdout.write(self.style.SUCCESS(f"Đã sao lưu vào {archive} ({len(manifest['files'])} tệp; {counts})."))
        if options["keep"] is not None:
            for path in services.prune(folder, options["keep"]):
                self.stdout.write(f"Đã xoá bản sao lưu cũ {path}.")
