from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "congtin.pagecache"
    label = "pagecache"
    verbose_name = "Bộ nhớ đệm trang"

    def ready(self) -> None:
        from . import checks  # noqa: F401
