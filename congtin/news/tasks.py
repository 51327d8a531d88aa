"""News work that can wait, run by the task worker (settings.TASKS["background"])."""

from django_tasks import task

from .models import ArticlePage
from .renditions import make_renditions, photos_made


@task(backend="background")
def make_article_renditions(article_ids: list[int]) -> int:
    """Make the photo renditions of these articles, then purge the pages that showed the
    stored photos in their place. Idempotent: a retry makes only what is still missing, and
    an article deleted meanwhile is skipped. Returns how many articles it went through."""
    articles = list(ArticlePage.objects.filter(pk__in=article_ids))
    for article in articles:
        make_renditions(article)
    if articles:
        photos_made(articles)
    return len(articles)
