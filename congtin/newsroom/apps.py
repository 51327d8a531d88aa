from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "congtin.newsroom"
    label = "newsroom"
    verbose_name = _("Tòa soạn")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from congtin.core.signals import minute_passed
        from congtin.news.models import SectionPage

        from . import review, roles

        post_save.connect(roles.section_saved, sender=SectionPage, dispatch_uid="newsroom-section-reporters")
        minute_passed.connect(review.remind_overdue, dispatch_uid="newsroom-overdue")
