from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congtin.conferences.after.attendance import REPORT_FORMATS
from congtin.conferences.models import Conference


class Command(BaseCommand):
    help = gettext_lazy(
        "Xuất báo cáo điểm danh theo điểm cầu (CSV hoặc XLSX) ra tệp, hoặc ra đầu ra chuẩn khi không có --output."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help=_("“slug” của hội nghị"))
        parser.add_argument(
            "--format",
            dest="report_format",
            choices=sorted(REPORT_FORMATS),
            default="csv",
            help=_("csv (mặc định) hoặc xlsx"),
        )
        parser.add_argument("--output", help=_("Tệp để ghi; bỏ trống để ghi ra đầu ra chuẩn"))

    def handle(self, *args, slug, report_format, output, **options):
        conference = Conference.objects.filter(slug=slug).first()
        if conference is None:
            raise CommandError(_("Không có hội nghị nào có slug “%(slug)s”.") % {"slug": slug})
        report = REPORT_FORMATS[report_format](conference)
        if output:
            Path(output).write_bytes(report)
            self.stderr.write(
                _("Đã ghi báo cáo %(size)d byte vào %(output)s") % {"size": len(report), "output": output}
            )
            return
        self.write_bytes_to_stdout(report)

    def write_bytes_to_stdout(self, data: bytes):
        """Write the report's own bytes (a BOM-marked CSV, a zip) whatever the terminal's encoding."""
        binary = getattr(self.stdout, "buffer", None)
        if binary is None:
            raise CommandError(_("Đầu ra chuẩn không ghi được dữ liệu nhị phân; hãy dùng --output TỆP."))
        self.stdout.flush()
        binary.write(data)
        binary.flush()
