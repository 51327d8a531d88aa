from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext_lazy

from congtin.backup import services


class Command(BaseCommand):
    help = gettext_lazy(
        "Khôi phục một bản sao lưu (manage.py backup) vào một cổng thông tin trống: kiểm tra mã kiểm tra trước, "
        "rồi khôi phục cơ sở dữ liệu và media, xoá bộ nhớ đệm. Dừng ứng dụng trước khi khôi phục."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="Tệp .tar do manage.py backup tạo.")
        parser.add_argument("--force", action="store_true", help="Ghi đè cả khi nơi khôi phục đã có dữ liệu.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = services.restore(options["archive"], force=options["force"])
        except services.BackupError as error:
            raise CommandError(f"Không khôi phục / not restored: {error}") from error
        counts = ", ".join(f"{name} {count}" for name, count in manifest["counts"].items())
        self.stdout.write(self.style.SUCCESS(f"Đã khôi phục bản sao lưu lúc {manifest['created_at']} ({counts})."))
