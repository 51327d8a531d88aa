"""Which cached pages a change to the news leaves stale (congtin.news.lifecycle purges them).

An article shows on its own page, on its section's pages, on the home page, in the feeds
and sitemaps, and in other articles' "Tin khác" and "Tin liên quan". Pages say what they
show while they render (tags); a change purges the pages tagged with what changed.
"Tin khác" lists the articles published just before an article (the oldest few of a section:
and just after), so a new article only enters the "Tin khác" of the few published after it
and of the oldest few, found here by two indexed queries.

Site-wide changes (a section renamed in the menu, the organisation's settings) reach pages
in nginx's cache when those expire (CONGTIN_PAGE_CACHE_SECONDS): see docs/deploy.md.
"""

from collections.abc import Iterable

from django.db import transaction
from wagtail.models import Page, Site

from congtin import pagecache
from congtin.pagecache import page_tag

from . import feeds, sitemaps
from .models import ARTICLES, CORRECTIONS_TAG, HOME_TAG, ArticlePage, SectionPage, section_tag, topic_tag
from .tags import topic_slugs_of

FEEDS, SITEMAPS = feeds.CACHE_TAG, sitemaps.CACHE_TAG
FIXED_PATHS = {"/", "/rss/", "/sitemap.xml", "/sitemap-tin-moi.xml"}


Stale = tuple[set[str], set[str]]  # (paths, tags) for congtin.pagecache.purge


def site_path(url_path: str) -> str:
    """A page's path as readers request it, from its tree url_path ("/home/kinh-te/x/")."""
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return url_path[len(root.root_path) - 1 :]
    return url_path


def listing_neighbours(article: ArticlePage, section_id: int) -> list[tuple[int, str]]:
    """(pk, url_path) of the articles whose "Tin khác" lists this one (ArticlePage.other_articles):
    the few published just after it in its section; and, when it has at most that many
    earlier ones, all of those: they are the oldest of the section, whose lists are filled
    up with the articles just after them."""
    count = ArticlePage.other_news_count
    others = (
        ArticlePage.objects.filter(section_id=section_id).live().exclude(pk=article.pk).values_list("pk", "url_path")
    )
    newer = list(others.filter(article.published_after()).order_by("published_at", "pk")[:count])
    older = list(others.filter(article.published_before()).order_by("-published_at", "-pk")[: count + 1])
    return newer + (older if len(older) <= count else [])


def stale_for_articles(
    articles: Iterable[ArticlePage], moved_between: Iterable[int] = (), url_paths: Iterable[str] = ()
) -> Stale:
    """(paths, tags) a change to these articles leaves stale, in the sections they are in (and,
    for a move, `moved_between`): their sections' paths come in one query for the batch."""
    articles, moved_between = list(articles), set(moved_between)
    section_ids = ({article.section_id for article in articles} | set(moved_between)) - {None}
    paths = set(FIXED_PATHS) | {site_path(url_path) for url_path in url_paths}
    for url_path in SectionPage.objects.filter(pk__in=section_ids).values_list("url_path", flat=True):
        paths |= {site_path(url_path), feeds.section_feed_path(site_path(url_path))}
    tags = {HOME_TAG, FEEDS, SITEMAPS, CORRECTIONS_TAG} | {section_tag(section_id) for section_id in section_ids}
    for article in articles:
        paths.add(site_path(article.url_path))
        tags.add(page_tag(article))
        for section_id in ({article.section_id} | set(moved_between)) - {None}:
            for pk, url_path in listing_neighbours(article, section_id):
                tags.add(page_tag(pk))
                paths.add(site_path(url_path))
    tags |= {topic_tag(slug) for slug in topic_slugs_of(articles)}  # its tag pages, old tags' too
    return paths, tags


def stale_for_page(page: Page) -> Stale:
    """(paths, tags) for a home or section page's own change (title, intro, publication)."""
    paths = set(FIXED_PATHS) | {site_path(page.url_path)}
    tags = {page_tag(page), HOME_TAG, FEEDS, SITEMAPS}
    if isinstance(page, SectionPage):
        tags.add(section_tag(page))
        paths.add(feeds.section_feed_path(site_path(page.url_path)))
    return paths, tags


def new_articles_version() -> None:
    """Now, and again at commit: a list computed in between from the old rows is not kept."""
    pagecache.new_version(ARTICLES)
    transaction.on_commit(lambda: pagecache.new_version(ARTICLES))
