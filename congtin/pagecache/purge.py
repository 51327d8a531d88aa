"""Dropping stale pages: from the app's cache at once, from every cache when the change commits."""

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

from . import store

APP_BACKEND = "app"


def purge(paths: Iterable[str] = (), tags: Iterable[str] = ()) -> None:
    """Drop these paths (site-relative, with their query) and every page tagged with these tags.

    Runs now for the app's own cache, so the editor's next page and a rolled-back test see
    the change, and again once the transaction commits for every cache: the app's at once,
    nginx or a CDN through the task worker (HTTP round trips the editor need not wait for).
    A reader's request rendered before the commit cannot leave the old page behind.
    """
    paths, tags = set(paths), set(tags)
    if not paths and not tags:
        return
    in_transaction = transaction.get_connection().in_atomic_block
    if in_transaction:
        _purge(paths, tags, backends=[APP_BACKEND], forget_tags=False)
    transaction.on_commit(lambda: _purge(paths, tags))


def _purge(paths: set[str], tags: set[str], backends: list[str] | None = None, forget_tags: bool = True) -> None:
    everything = paths | store.paths_tagged(tags)
    if forget_tags:
        store.forget((), tags)
    urls = [absolute_url(path) for path in sorted(everything)]
    if backends is None:  # at commit: the app's cache now, the caches in front by the worker
        backends, in_front = [APP_BACKEND], caches_in_front()
        if in_front and urls:
            from .tasks import purge_caches_in_front

            purge_caches_in_front.enqueue(urls, in_front)
    purge_urls_from_cache(urls, backends=backends)


def caches_in_front() -> list[str]:
    """Names of the frontend cache backends other than the app's own (nginx, a CDN)."""
    return sorted(set(settings.WAGTAILFRONTENDCACHE) - {APP_BACKEND})


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def path_of(url: str) -> str:
    """The cache's key for a URL: its path and query, whatever its host."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
