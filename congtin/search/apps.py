from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "congtin.search"
    label = "congtin_search"
    verbose_name = _("Tìm kiếm")
