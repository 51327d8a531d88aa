"""What publishing, unpublishing, moving, deleting, scheduling and importing a page does, and in
which order: the one place that says so.

Wagtail's signals are connected here and nowhere else (`connect_signals`, from the app's
ready()); each calls one function below, and the importer calls `after_import` once per
batch. A change to articles runs these steps, in this order:

1. section kept: `ArticlePage.section`, the copy of the tree that listings filter on, follows
   the tree (`ArticlePage.keep_section`; saving the article keeps it, a move does not save it);
2. search entry: the live articles are handed to the readers' search afresh (their entries,
   congtin.news.search_entries) and the others taken out of it; an import also hands its
   batch to Wagtail's admin search at once;
3. renditions: the photos' renditions are queued for the task worker (publication, import);
4. page cache: the version of the live articles is renewed and every page that showed them
   is purged (congtin.news.freshness says which pages those are).

The purge comes last so that the first reader after it finds the listings, the search
entry and the queued renditions already in their new state. A home or section page's
change renews the site version (the menu) and purges the pages that show it.

- Deleting: Wagtail unpublishes a live page before deleting it (its own pre_delete handler
  sends page_unpublished), so a deletion is `after_unpublish` and then the rows going; the
  search entry goes with the article's row.
- Scheduling: publishing with a go-live date ahead sends page_published while the article
  is not live yet: the steps keep it out of search and queue its renditions ahead; Wagtail's
  `publish_scheduled` command later publishes it (page_published) or lets it expire
  (page_unpublished), and the same functions run. It runs every minute: a systemd timer in
  production (deploy/systemd/congtin-publish-scheduled.timer), scripts/scheduler.sh under
  make demo and make serve. When an article goes live is decided by `go_live_for`.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.db.models.signals import post_save
from django.utils import timezone
from modelsearch.signal_handlers import post_save_signal_handler as wagtail_index_on_save
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import update_reference_index_on_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from congtin import pagecache

from .freshness import new_articles_version, site_path, stale_for_articles, stale_for_page
from .models import ArticlePage, HomePage, SectionPage
from .renditions import enqueue_renditions
from .search_entries import index_articles

# Inside an import: each article's publication leaves its steps to the batch (after_import).
_importing: ContextVar[bool] = ContextVar("congtin_news_importing", default=False)


def connect_signals() -> None:
    """Connect Wagtail's page signals to the functions below (called once, from NewsConfig.ready)."""
    page_published.connect(_on_published, dispatch_uid="congtin.news.lifecycle.published")
    page_unpublished.connect(_on_unpublished, dispatch_uid="congtin.news.lifecycle.unpublished")
    post_page_move.connect(_on_moved, dispatch_uid="congtin.news.lifecycle.moved")


def go_live_for(published_at: datetime | None, now: datetime | None = None) -> datetime | None:
    """An article's go-live time (Wagtail's `go_live_at`) for its publication time ("Thời gian
    đăng"): the publication time itself when it is ahead, none when it is past or empty.

    One time, one meaning. Readers see `published_at` as the article's time and every listing
    orders by it, so an article live before it would top the home page with a date still to
    come; and a separate go-live time that could disagree with it is a second meaning editors
    must keep in step. So the publication time is the only time an editor sets (the article's
    form has no go-live field, congtin.news.models.ArticlePage): ahead, publishing schedules
    the article and `publish_scheduled` makes it live at that minute, never earlier (a live
    article keeps its live version until then); past or empty, publishing is at once, as it
    always was. ArticlePage.full_clean applies it to every revision saved, the admin form's
    and a script's alike (the importer's archive articles are published as they are)."""
    if published_at is None:
        return None
    return published_at if published_at > (now or timezone.now()) else None


def after_publish(page: Page) -> None:
    """A page published (or scheduled: then not live yet) by an editor, a scheduled job or a draft's author."""
    page = page.specific
    if isinstance(page, ArticlePage):
        if not _importing.get():  # the importer runs the steps once for its whole batch
            _articles_changed([page], renditions=True)
    elif isinstance(page, (HomePage, SectionPage)):
        _listing_page_changed(page)


def after_unpublish(page: Page) -> None:
    """A page taken off the site: unpublished, expired, or about to be deleted."""
    page = page.specific
    if isinstance(page, ArticlePage):
        _articles_changed([page], renditions=False)
    elif isinstance(page, (HomePage, SectionPage)):
        _listing_page_changed(page)


def after_move(page: Page, parent_before: Page, parent_after: Page, url_path_before: str) -> None:
    """A page moved in the tree (Wagtail's move(): the page is not saved, only its path)."""
    if issubclass(page.specific_class or type(page), ArticlePage):
        article = ArticlePage.objects.get(pk=page.pk)  # fresh: the move changed its path
        article._cached_parent_obj = parent_after
        article.keep_section(commit=True)
        _articles_changed(
            [article],
            renditions=False,
            moved_between=(parent_before.pk, parent_after.pk),
            url_paths_before=[url_path_before],
        )
    elif issubclass(page.specific_class or type(page), (HomePage, SectionPage)):
        _listing_page_changed(page.specific, url_paths_before=[url_path_before])


# What Wagtail does each time an article is saved, done for a whole batch by after_import.
_WAGTAIL_ON_SAVE = (wagtail_index_on_save, update_reference_index_on_save)


@contextmanager
def importing() -> Iterator[None]:
    """While an import runs, Wagtail neither indexes an article for its admin search nor
    records its references (to photos, tags, its section) each time it is saved, and an
    article's publication runs none of the steps: the importer calls `after_import` for each
    batch instead."""
    token = _importing.set(True)
    deferred = [handler for handler in _WAGTAIL_ON_SAVE if post_save.disconnect(handler, sender=ArticlePage)]
    try:
        yield
    finally:
        for handler in deferred:
            post_save.connect(handler, sender=ArticlePage)
        _importing.reset(token)


def after_import(articles: Sequence[ArticlePage], *, published: bool = True) -> None:
    """A batch of imported articles, after its transaction committed: Wagtail's bookkeeping
    (references, admin search) and then the steps, once for the lot. Drafts
    (`published=False`) left the live pages as they were: only Wagtail's records, which
    cover drafts too, learn of them."""
    if not articles:
        return
    for article in articles:
        ReferenceIndex.create_or_update_for_object(article)
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(ArticlePage, list(articles))
    if published:
        _articles_changed(articles, renditions=True)


def _articles_changed(
    articles: Sequence[ArticlePage],
    *,
    renditions: bool,
    moved_between: Iterable[int] = (),
    url_paths_before: Iterable[str] = (),
) -> None:
    """Steps 2 to 4 (each article's section is kept by its save or its move, step 1)."""
    index_articles(articles)
    if renditions:
        enqueue_renditions([article.pk for article in articles])
    new_articles_version()
    pagecache.purge(*stale_for_articles(articles, moved_between, url_paths_before))


def _listing_page_changed(page: HomePage | SectionPage, url_paths_before: Iterable[str] = ()) -> None:
    pagecache.new_site_version()  # the menu
    paths, tags = stale_for_page(page)
    pagecache.purge(paths | {site_path(url_path) for url_path in url_paths_before}, tags)


def _on_published(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    after_publish(instance)


def _on_unpublished(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    after_unpublish(instance)


def _on_moved(
    sender: type[Page],
    instance: Page,
    parent_page_before: Page,
    parent_page_after: Page,
    url_path_before: str,
    **kwargs: Any,
) -> None:
    after_move(instance, parent_page_before, parent_page_after, url_path_before)
