from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "congtin.search"
    label = "congtin_search"
    verbose_name = "Tìm kiếm"

    def ready(self) -> None:
        from . import signals  # noqa: F401
