from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadershipConfig(AppConfig):
    name = "congtin.readership"
    label = "readership"
    verbose_name = _("Lượt đọc")
