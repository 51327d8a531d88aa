"""An article's photos are resized and encoded when it is published, not on a reader's first
view: AVIF is slow to make (about 0.4 s a photo in its nine sizes and formats), and the first
reader after a purge would wait for it while nginx holds the others behind its cache lock.

Bulk imports leave this to the first view, or an import of thousands of articles with photos
would take hours.
"""

from django.dispatch import receiver
from wagtail.images.models import Filter
from wagtail.signals import page_published

from .models import LISTING_PICTURE, SOCIAL_IMAGE, ArticlePage

# The body photo's <picture> (templates/news/blocks/captioned_image.html says the same).
BODY_PICTURE = tuple(Filter.expand_spec("width-{480,800,1200} format-{avif,webp,jpeg}"))


def make_renditions(article):
    if article.image:
        article.image.get_renditions(*LISTING_PICTURE, SOCIAL_IMAGE)
    for block in article.body:
        if block.block_type == "image" and block.value["image"]:
            block.value["image"].get_renditions(*BODY_PICTURE)


@receiver(page_published, sender=ArticlePage)
def renditions_for_published_article(sender, instance, **kwargs):
    make_renditions(instance)
