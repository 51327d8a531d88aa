"""Keeping ArticlePage.section true when Wagtail moves a page (move() does not call save())."""

from django.dispatch import receiver
from wagtail.signals import post_page_move

from .models import ArticlePage


@receiver(post_page_move)
def follow_moved_article(sender, instance, parent_page_after, **kwargs):
    if issubclass(instance.specific_class or type(instance), ArticlePage):
        ArticlePage.objects.filter(pk=instance.pk).update(section_id=parent_page_after.pk)
