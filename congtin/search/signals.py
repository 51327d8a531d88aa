"""Publishing, unpublishing, moving and importing articles keep the search index current."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from congtin.news.models import ArticlePage
from congtin.news.signals import articles_imported

from .indexing import index_articles, unindex


@receiver(page_published)
@receiver(post_page_move)
def index_published_article(sender, instance, **kwargs):
    if issubclass(instance.specific_class or type(instance), ArticlePage):
        index_articles(ArticlePage.objects.filter(pk=instance.pk))  # fresh: a move changed its path


@receiver(page_unpublished)
def unindex_unpublished_article(sender, instance, **kwargs):
    unindex([instance.pk])


@receiver(articles_imported)
def index_imported_articles(sender, articles, **kwargs):
    index_articles(articles)
