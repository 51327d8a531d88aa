import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from congtin.search import service


class Command(BaseCommand):
    help = gettext_lazy(
        "Lập lại chỉ mục tìm kiếm tiếng Việt cho mọi trang đang hiển thị thuộc các loại được tìm kiếm, "
        "rồi học lại cách viết các từ cho gợi ý chính tả."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        show = sys.stderr.isatty() and options["verbosity"] > 0
        with tqdm(disable=not show, file=sys.stderr, unit=" trang") as bar:
            count = service.rebuild(on_batch=bar.update)
        self.stdout.write(self.style.SUCCESS(_("Đã lập chỉ mục %(count)s trang.") % {"count": count}))
