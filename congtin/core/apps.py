from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "congtin.core"
    label = "core"
    verbose_name = "Cấu hình chung"

    def ready(self):
        from . import chrome  # noqa: F401
