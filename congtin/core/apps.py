from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "congtin.core"
    label = "core"
    verbose_name = "Cấu hình chung"

    def ready(self) -> None:
        from . import chrome, origin  # noqa: F401  (origin registers the SITE_URL check)
