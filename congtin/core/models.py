"""Site-wide settings an editor manages in the back office: who we are, where we are social."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

# The organisation's logo for sharers and search engines: a raster image no larger than
# they use (Google asks for at least 112 px square; an SVG upload stays SVG).
LOGO_SIZE = "max-600x600|format-png"


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    name = models.CharField(_("Tên cơ quan"), max_length=200, default="Cổng thông tin Thành phố Hoa Phượng")
    tagline = models.CharField(_("Khẩu hiệu"), max_length=255, blank=True)
    address = models.CharField(_("Địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("Điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("Thư điện tử"), blank=True)
    licence = models.CharField(_("Giấy phép"), max_length=255, blank=True)
    facebook_url = models.URLField(_("Fanpage Facebook"), blank=True)
    zalo_url = models.URLField(_("Trang Zalo"), blank=True)
    youtube_url = models.URLField(_("Kênh YouTube"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Biểu trưng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Hiện khi chia sẻ trang và trong dữ liệu cho công cụ tìm kiếm (ảnh vuông, PNG hoặc JPEG)."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("tagline"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("licence"),
                FieldPanel("logo"),
            ],
            heading=_("Thông tin cơ quan"),
        ),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("zalo_url"), FieldPanel("youtube_url")],
            heading=_("Mạng xã hội"),
        ),
    ]

    class Meta:
        verbose_name = _("Thông tin cơ quan và mạng xã hội")

    @property
    def social_links(self) -> list[tuple[str, str]]:
        """The social pages that are set, in the order the page shows them."""
        links = [("Facebook", self.facebook_url), ("Zalo", self.zalo_url), ("YouTube", self.youtube_url)]
        return [(label, url) for label, url in links if url]

    def logo_rendition(self) -> Any:
        """The logo as sharers and search engines take it (a raster image at most 600 px), or None."""
        return self.logo.get_rendition(LOGO_SIZE) if self.logo else None
