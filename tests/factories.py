"""Small builders for pages in tests."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from congtin import vietnamese
from congtin.news.models import ArticlePage, HomePage, SectionPage


def ensure_home() -> HomePage:
    """The portal's home page and default site; transactional tests flush what migrations made."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or Page.add_root(title="Root", locale=Locale.get_default())
        Page.objects.filter(depth=2).delete()
        root.refresh_from_db()
        home = root.add_child(instance=HomePage(title="Trang chủ", slug="home"))
    if not Site.objects.filter(root_page=home, is_default_site=True).exists():
        Site.objects.all().delete()
        origin = urlsplit(settings.SITE_URL)
        Site.objects.create(hostname=origin.hostname, port=origin.port or 80, root_page=home, is_default_site=True)
    return home


def make_section(home, title, **fields) -> SectionPage:
    section = SectionPage(title=title, slug=vietnamese.slugify(title), show_in_menus=True, **fields)
    home.add_child(instance=section)
    return section


def make_article(section, title, published_at=None, live=True, **fields) -> ArticlePage:
    article = ArticlePage(
        title=title,
        slug=vietnamese.slugify(title),
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
