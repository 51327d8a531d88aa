import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congtin.conferences.programme.spec import SpecError, apply_spec, parse_spec, setup_summary


class Command(BaseCommand):
    help = gettext_lazy(
        "Tạo hoặc cập nhật một hội nghị (theo “slug”) từ tệp JSON, rồi in ra một đối tượng JSON: "
        "publish_url, dashboard_url và đường dẫn của từng điểm cầu. Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Tệp JSON mô tả hội nghị, hoặc - để đọc từ đầu vào chuẩn"))

    def handle(self, *args, file, **options):
        try:
            spec = parse_spec(self.read_json(file))
        except SpecError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(
                _("Không thiết lập được hội nghị: %(count)d lỗi.") % {"count": len(error.messages)}
            ) from error
        conference = apply_spec(spec)
        self.stdout.write(json.dumps(setup_summary(conference), ensure_ascii=False, indent=2))

    def read_json(self, file):
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8-sig")
        except FileNotFoundError as error:
            raise CommandError(_("Không tìm thấy tệp: %(file)s") % {"file": file}) from error
        except UnicodeDecodeError as error:
            raise CommandError(_("Tệp %(file)s không ở mã UTF-8.") % {"file": file}) from error
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            message = _("Tệp %(file)s không phải JSON hợp lệ: %(reason)s (dòng %(line)d, cột %(column)d).")
            raise CommandError(
                message % {"file": file, "reason": error.msg, "line": error.lineno, "column": error.colno}
            ) from error
