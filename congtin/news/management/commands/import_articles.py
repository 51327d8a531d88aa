import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from congtin.news.importer import count_lines, import_file
from congtin.news.models import HomePage


class Command(BaseCommand):
    help = _("Nhập bài viết từ tệp JSON Lines (.jsonl hoặc .jsonl.gz); nhập lại cùng 'id' sẽ cập nhật bài.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("Tệp .jsonl hoặc .jsonl.gz, mỗi dòng một bài viết"))
        parser.add_argument(
            "--drafts",
            action="store_true",
            help=_(
                "Lưu thành bản nháp để biên tập viên gửi duyệt theo quy trình (workflow) của chuyên mục; "
                "mặc định: xuất bản thẳng, không qua quy trình duyệt"
            ),
        )

        parser.add_argument(
            "--media-dir",
            metavar="DIR",
            help=_(
                "Thư mục chứa ảnh: đường dẫn ảnh trong tệp tính từ đây và không được ra ngoài nó; "
                "mặc định: thư mục của tệp nhập"
            ),
        )

    def handle(self, *args, file: str, drafts: bool = False, media_dir: str | None = None, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp: %(path)s") % {"path": path})
        if media_dir is not None and not Path(media_dir).is_dir():
            raise CommandError(_("--media-dir không phải là thư mục: %(path)s") % {"path": media_dir})
        show_progress = sys.stderr.isatty() and options["verbosity"] > 0
        total = count_lines(path) if show_progress else None
        with tqdm(total=total, unit=_(" dòng"), desc=_("Đang nhập"), disable=not show_progress, file=sys.stderr) as bar:
            try:
                report = import_file(path, on_line=bar.update, media_dir=media_dir, publish=not drafts)
            except HomePage.DoesNotExist as error:
                raise CommandError(str(error)) from error
        for line, reason in report.errors:
            self.stderr.write(_("Dòng %(line)d: %(reason)s") % {"line": line, "reason": reason})
        if report.bypassed_workflow:
            self.stderr.write(
                self.style.WARNING(
                    _(
                        "Xuất bản thẳng, không qua quy trình duyệt (workflow) của chuyên mục: %(count)d bài "
                        "(--drafts để lưu thành bản nháp chờ duyệt)."
                    )
                    % {"count": report.bypassed_workflow}
                )
            )
        if report.drafts:
            self.stdout.write(_("Lưu thành bản nháp chờ duyệt: %(count)d bài.") % {"count": report.drafts})
        summary = _("Tạo mới: %(created)d, cập nhật: %(updated)d, lỗi: %(failed)d") % {
            "created": report.created,
            "updated": report.updated,
            "failed": report.failed,
        }
        if report.failed:
            self.stderr.write(self.style.ERROR(summary))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(summary))
