import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from congtin.news.models import ArticlePage
from congtin.search.indexing import rebuild


class Command(BaseCommand):
    help = gettext_lazy("Lập lại chỉ mục tìm kiếm tiếng Việt cho mọi bài viết đang hiển thị.")

    def handle(self, *args: Any, **options: Any) -> None:
        show = sys.stderr.isatty() and options["verbosity"] > 0
        with tqdm(total=ArticlePage.objects.live().count() if show else None, disable=not show, file=sys.stderr) as bar:
            count = rebuild(on_batch=bar.update)
        self.stdout.write(self.style.SUCCESS(_("Đã lập chỉ mục %(count)s bài viết.") % {"count": count}))
