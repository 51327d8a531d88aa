import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from congtin.conferences.programme.spec import SpecError, apply_spec, parse_spec, setup_summary


class Command(BaseCommand):
    help = (
        "Tạo hoặc cập nhật một hội nghị (theo “slug”) từ tệp JSON, rồi in ra một đối tượng JSON: "
        "publish_url, dashboard_url và đường dẫn của từng điểm cầu. Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp JSON mô tả hội nghị, hoặc - để đọc từ đầu vào chuẩn")

    def handle(self, *args, file, **options):
        try:
            spec = parse_spec(self.read_json(file))
        except SpecError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(f"Không thiết lập được hội nghị: {len(error.messages)} lỗi.") from error
        conference = apply_spec(spec)
        self.stdout.write(json.dumps(setup_summary(conference), ensure_ascii=False, indent=2))

    def read_json(self, file):
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8-sig")
        except FileNotFoundError as error:
            raise CommandError(f"Không tìm thấy tệp: {file}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"Tệp {file} không ở mã UTF-8.") from error
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"Tệp {file} không phải JSON hợp lệ: {error.msg} (dòng {error.lineno}, cột {error.colno})."
            ) from error
