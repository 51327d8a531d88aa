"""Small builders for pages in tests."""

from datetime import timedelta

from django.utils import timezone

from congtin import vietnamese
from congtin.news.models import ArticlePage, HomePage, SectionPage


def ensure_home() -> HomePage:
    """The home page the data migration made (transactional tests need serialized rollback)."""
    home = HomePage.objects.first()
    assert home, "no HomePage: a live_server test must request django_db_serialized_rollback"
    return home


def make_section(home, title, **fields) -> SectionPage:
    section = SectionPage(title=title, slug=vietnamese.slugify(title), show_in_menus=True, **fields)
    home.add_child(instance=section)
    return section


def make_article(section, title, published_at=None, live=True, **fields) -> ArticlePage:
    article = ArticlePage(
        title=title,
        slug=fields.pop("slug", None) or vietnamese.slugify(title),
        lead=fields.pop("lead", f"Sa-pô của bài {title}."),
        published_at=published_at or timezone.now(),
        live=live,
        **fields,
    )
    section.add_child(instance=article)
    return article


def make_articles(section, count, prefix="Bài", start=None):
    start = start or timezone.now()
    return [make_article(section, f"{prefix} số {i}", published_at=start - timedelta(hours=i)) for i in range(count)]


def with_photos(articles, photo):
    """Give each article `photo` and publish the change."""
    for article in articles:
        article.image = photo
        article.save_revision().publish()
    return articles
