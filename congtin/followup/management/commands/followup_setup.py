import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congtin.conferences.management.commands.conference_setup import Command as ConferenceSetup
from congtin.followup.directives.spec import SpecError, apply_spec, parse_spec, setup_summary


class Command(BaseCommand):
    help = gettext_lazy(
        "Tạo hoặc cập nhật một văn bản chỉ đạo (theo “reference”, số ký hiệu) từ tệp JSON: đơn vị thực hiện, "
        "kết quả yêu cầu, lịch báo cáo tiến độ hằng tháng; rồi in ra một đối tượng JSON tóm tắt. "
        "Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Tệp JSON mô tả văn bản chỉ đạo, hoặc - để đọc từ đầu vào chuẩn"))

    def handle(self, *args, file, **options):
        try:
            directive = apply_spec(parse_spec(self.read_json(file)))
        except SpecError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(
                _("Không thiết lập được văn bản chỉ đạo: %(count)d lỗi.") % {"count": len(error.messages)}
            ) from error
        self.stdout.write(json.dumps(setup_summary(directive), ensure_ascii=False, indent=2))

    # The same reading of a JSON file (or standard input) and the same errors as conference_setup.
    read_json = ConferenceSetup.read_json
