"""The blocks an article body is made of: paragraphs, captioned photos, quotes, embeds."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3", "h4"]


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="Ảnh")
    caption = blocks.CharBlock(label="Chú thích", required=False, max_length=500)
    alt = blocks.CharBlock(
        label="Mô tả ảnh (alt)",
        required=False,
        max_length=500,
        help_text="Cho người dùng trình đọc màn hình; để trống thì dùng chú thích.",
    )

    class Meta:
        icon = "image"
        label = "Ảnh có chú thích"
        template = "news/blocks/captioned_image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="Trích dẫn")
    attribution = blocks.CharBlock(label="Người nói", required=False)

    class Meta:
        icon = "openquote"
        label = "Trích dẫn"
        template = "news/blocks/quote.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label="Đoạn văn", features=RICH_TEXT_FEATURES)
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label="Nhúng (video, mạng xã hội)", icon="media")
