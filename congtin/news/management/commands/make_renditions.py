from django.core.management.base import BaseCommand

from congtin.news.renditions import articles_lacking_renditions, enqueue_renditions
from congtin.news.tasks import make_article_renditions


class Command(BaseCommand):
    help = (
        "Tìm bài đang xuất bản còn thiếu ảnh các cỡ (AVIF/WebP/JPEG) và giao lại cho tiến trình nền "
        "(sau khi tiến trình nền bị dừng giữa chừng hoặc một tác vụ lỗi); --now: làm ngay tại đây."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Làm ngay trong tiến trình này, không qua hàng đợi")

    def handle(self, *args, now=False, **options):
        lacking = articles_lacking_renditions()
        if not lacking:
            self.stdout.write(self.style.SUCCESS("Mọi bài đã đủ ảnh các cỡ."))
            return
        if now:
            made = make_article_renditions.call(lacking)
            self.stdout.write(self.style.SUCCESS(f"Đã làm ảnh cho {made} bài."))
        else:
            enqueue_renditions(lacking)
            self.stdout.write(self.style.SUCCESS(f"Đã giao tiến trình nền làm ảnh cho {len(lacking)} bài."))
