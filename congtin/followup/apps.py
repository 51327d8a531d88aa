from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "congtin.followup"
    label = "followup"
    verbose_name = _("Theo dõi sau hội nghị")

    def ready(self) -> None:
        from congtin.core.signals import minute_passed

        from . import reminders
        from .board import cache as board_cache

        minute_passed.connect(reminders.remind, dispatch_uid="followup-reminders")
        board_cache.connect()
