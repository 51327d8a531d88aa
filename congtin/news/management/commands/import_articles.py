import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from congtin.news.importer import count_lines, import_file


class Command(BaseCommand):
    help = "Nhập bài viết từ tệp JSON Lines (.jsonl hoặc .jsonl.gz); nhập lại cùng 'id' sẽ cập nhật bài."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .jsonl hoặc .jsonl.gz, mỗi dòng một bài viết")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp: {path}")
        show_progress = sys.stderr.isatty() and options["verbosity"] > 0
        total = count_lines(path) if show_progress else None
        with tqdm(total=total, unit=" dòng", desc="Đang nhập", disable=not show_progress, file=sys.stderr) as bar:
            report = import_file(path, on_line=bar.update)
        for line, reason in report.errors:
            self.stderr.write(f"Dòng {line}: {reason}")
        summary = f"Tạo mới: {report.created}, cập nhật: {report.updated}, lỗi: {report.failed}"
        if report.failed:
            self.stderr.write(self.style.ERROR(summary))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(summary))
