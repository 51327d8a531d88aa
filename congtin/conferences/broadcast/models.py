"""What the nginx-rtmp engine keeps about a conference: the secret key its encoder publishes
with. The conference itself only knows whether it is on air."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..models.tokens import new_token


class RtmpStream(models.Model):
    """The main hall's RTMP stream of one conference, made the first time it is asked for."""

    conference = models.OneToOneField(
        "conferences.Conference",
        verbose_name=_("Hội nghị"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="rtmp_stream",
    )
    key = models.CharField(_("Khóa phát sóng"), max_length=64, unique=True, default=new_token, editable=False)

    class Meta:
        verbose_name = _("luồng phát sóng RTMP")
        verbose_name_plural = _("luồng phát sóng RTMP")

    def __str__(self) -> str:
        return str(self.conference)
