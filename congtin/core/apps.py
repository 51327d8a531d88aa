from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "congtin.core"
    label = "core"
    verbose_name = _("Cấu hình chung")

    def ready(self) -> None:
        from . import admin_text, chrome, origin, photo_metadata  # noqa: F401  (origin registers the SITE_URL check)

        admin_text.connect()  # Vietnamese where Wagtail and Django write English data or labels

        photo_metadata.connect_signals()  # uploads and imports are stored without EXIF GPS, serials
