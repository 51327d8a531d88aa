"""The blocks an article body is made of: paragraphs, captioned photos, quotes, embeds."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3", "h4"]


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Ảnh"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=500)
    alt = blocks.CharBlock(
        label=_("Mô tả ảnh (alt)"),
        required=False,
        max_length=500,
        help_text=_("Cho người dùng trình đọc màn hình; để trống thì dùng chú thích."),
    )

    class Meta:
        icon = "image"
        label = _("Ảnh có chú thích")
        template = "news/blocks/captioned_image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Trích dẫn"))
    attribution = blocks.CharBlock(label=_("Người nói"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Trích dẫn")
        template = "news/blocks/quote.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Đoạn văn"), features=RICH_TEXT_FEATURES)
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label=_("Nhúng (video, mạng xã hội)"), icon="media")
