from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from congtin.news.renditions import articles_lacking_renditions, enqueue_renditions
from congtin.news.tasks import make_article_renditions


class Command(BaseCommand):
    help = _(
        "Tìm bài đang xuất bản còn thiếu ảnh các cỡ (AVIF/WebP/JPEG) và giao lại cho tiến trình nền "
        "(sau khi tiến trình nền bị dừng giữa chừng hoặc một tác vụ lỗi); --now: làm ngay tại đây."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help=_("Làm ngay trong tiến trình này, không qua hàng đợi"))

    def handle(self, *args, now: bool = False, **options) -> None:
        lacking = articles_lacking_renditions()
        if not lacking:
            self.stdout.write(self.style.SUCCESS(_("Mọi bài đã đủ ảnh các cỡ.")))
            return
        if now:
            made = make_article_renditions.call(lacking)
            self.stdout.write(self.style.SUCCESS(_("Đã làm ảnh cho %(count)d bài.") % {"count": made}))
        else:
            enqueue_renditions(lacking)
            self.stdout.write(
                self.style.SUCCESS(_("Đã giao tiến trình nền làm ảnh cho %(count)d bài.") % {"count": len(lacking)})
            )
