from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "congtin.news"
    label = "news"
    verbose_name = _("Tin tức")

    def ready(self):
        from congtin.search.entries import register

        from .lifecycle import connect_signals
        from .search_entries import ARTICLE

        connect_signals()
        register(ARTICLE)  # readers' search finds articles
