from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "congtin.news"
    label = "news"
    verbose_name = _("Tin tức")

    def ready(self):
        from .lifecycle import connect_signals

        connect_signals()
