from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadershipConfig(AppConfig):
    name = "congtin.readership"
    label = "readership"
    verbose_name = _("Lượt đọc")

    def ready(self) -> None:
        from congtin.core.signals import minute_passed

        from .service import on_minute

        minute_passed.connect(on_minute, dispatch_uid="congtin.readership.on_minute")
