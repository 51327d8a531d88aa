import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from congtin.news.importer import ImportMode, ImportRefused, ImportReport, count_lines, import_file
from congtin.news.models import HomePage

# What each mode is called in the summary's first line.
MODE_NAMES = {
    ImportMode.PUBLISH: gettext_lazy("Xuất bản thẳng (không qua duyệt) – dùng cho chuyển dữ liệu lưu trữ"),
    ImportMode.DRAFT: gettext_lazy("Lưu nháp"),
    ImportMode.SUBMIT: gettext_lazy("Gửi duyệt"),
}


class Command(BaseCommand):
    help = _(
        "Nhập bài viết từ tệp JSON Lines (.jsonl hoặc .jsonl.gz); nhập lại cùng 'id' sẽ cập nhật bài. "
        "Mặc định xuất bản thẳng (chuyển dữ liệu lưu trữ); --draft lưu nháp; --submit --user TÊN gửi duyệt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("Tệp .jsonl hoặc .jsonl.gz, mỗi dòng một bài viết"))
        parser.add_argument(
            "--draft",
            "--drafts",
            dest="draft",
            action="store_true",
            help=_("Lưu thành bản nháp để biên tập viên gửi duyệt; mặc định: xuất bản thẳng, không qua duyệt"),
        )
        parser.add_argument(
            "--submit",
            action="store_true",
            help=_(
                "Lưu nháp rồi gửi duyệt theo quy trình (workflow) của chuyên mục, như người dùng --user bấm 'Gửi duyệt'"
            ),
        )
        parser.add_argument("--user", metavar=_("TÊN"), help=_("Tên đăng nhập của người gửi duyệt (cùng --submit)"))
        parser.add_argument(
            "--media-dir",
            metavar="DIR",
            help=_(
                "Thư mục chứa ảnh: đường dẫn ảnh trong tệp tính từ đây và không được ra ngoài nó; "
                "mặc định: thư mục của tệp nhập"
            ),
        )

    def handle(
        self,
        *args,
        file: str,
        draft: bool = False,
        submit: bool = False,
        user: str | None = None,
        media_dir: str | None = None,
        **options,
    ) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp: %(path)s") % {"path": path})
        if media_dir is not None and not Path(media_dir).is_dir():
            raise CommandError(_("--media-dir không phải là thư mục: %(path)s") % {"path": media_dir})
        mode, submitter = self.mode_and_user(draft, submit, user)
        show_progress = sys.stderr.isatty() and options["verbosity"] > 0
        total = count_lines(path) if show_progress else None
        with tqdm(total=total, unit=_(" dòng"), desc=_("Đang nhập"), disable=not show_progress, file=sys.stderr) as bar:
            try:
                report = import_file(path, on_line=bar.update, media_dir=media_dir, mode=mode, user=submitter)
            except (HomePage.DoesNotExist, ImportRefused) as error:
                raise CommandError(str(error)) from error
        self.write_summary(report, submitter)

    @staticmethod
    def mode_and_user(draft: bool, submit: bool, username: str | None) -> tuple[ImportMode, AbstractBaseUser | None]:
        if draft and submit:
            raise CommandError(_("Chọn một trong hai: --draft (lưu nháp) hoặc --submit (gửi duyệt)."))
        if not submit:
            if username is not None:
                raise CommandError(_("--user chỉ dùng cùng --submit (người gửi duyệt)."))
            return (ImportMode.DRAFT if draft else ImportMode.PUBLISH), None
        if not username:
            raise CommandError(_("--submit cần --user TÊN: người gửi duyệt, có quyền trong các chuyên mục."))
        User = get_user_model()
        try:
            submitter = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist as error:
            raise CommandError(_("Không có người dùng '%(user)s'.") % {"user": username}) from error
        return ImportMode.SUBMIT, submitter

    def write_summary(self, report: ImportReport, submitter: AbstractBaseUser | None) -> None:
        for line, reason in report.errors:
            self.stderr.write(_("Dòng %(line)d: %(reason)s") % {"line": line, "reason": reason})
        for line, note in report.notes:
            self.stdout.write(_("Dòng %(line)d: %(note)s") % {"line": line, "note": note})
        mode = str(MODE_NAMES[report.mode])
        if submitter is not None:
            mode += _(" (người gửi: %(user)s)") % {"user": submitter.get_username()}
        self.stdout.write(_("Chế độ: %(mode)s") % {"mode": mode})
        counts = {
            "published": _("Xuất bản: %(count)d bài."),
            "scheduled": _("Lên lịch: %(count)d bài (lên trang đúng thời gian đăng)."),
            "submitted": _("Gửi duyệt: %(count)d bài."),
            "in_review": _("Đang chờ duyệt từ trước (cập nhật bản nháp, không gửi lại): %(count)d bài."),
            "drafts": _("Lưu nháp: %(count)d bài."),
            "kept": _("Giữ nguyên (bài bị khóa hoặc đang chờ duyệt ở bước người gửi không duyệt): %(count)d bài."),
        }
        always = {
            ImportMode.PUBLISH: ("published", "scheduled"),
            ImportMode.DRAFT: ("drafts",),
            ImportMode.SUBMIT: ("submitted",),
        }[report.mode]
        for name, text in counts.items():
            if name in always or getattr(report, name):
                self.stdout.write(text % {"count": getattr(report, name)})
        if report.bypassed_workflow:
            self.stderr.write(
                self.style.WARNING(
                    _(
                        "Xuất bản thẳng, không qua quy trình duyệt (workflow) của chuyên mục: %(count)d bài "
                        "(--draft để lưu nháp, --submit --user TÊN để gửi duyệt)."
                    )
                    % {"count": report.bypassed_workflow}
                )
            )
        summary = _("Tạo mới: %(created)d, cập nhật: %(updated)d, lỗi: %(failed)d") % {
            "created": report.created,
            "updated": report.updated,
            "failed": report.failed,
        }
        if report.failed:
            self.stderr.write(self.style.ERROR(summary))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(summary))
