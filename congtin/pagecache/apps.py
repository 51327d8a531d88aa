from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "congtin.pagecache"
    label = "pagecache"
    verbose_name = _("Bộ nhớ đệm trang")

    def ready(self) -> None:
        from . import checks  # noqa: F401
