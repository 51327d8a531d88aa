"""Where whole pages and their tags are kept: the `pages` cache (in-process by default,
Redis or a shared folder when several app processes run)."""

import hashlib
import time
from collections.abc import Callable, Collection, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpResponse

from .tag_records import tag_records

# The version of what every page shows (the menu, the organisation's settings): part of the
# key of every kept page and every chrome fragment, so renewing it drops them all at once.
SITE_VERSION = "site"


def _cache() -> BaseCache:
    return caches[settings.CONGTIN_PAGE_CACHE_ALIAS]


def version(name: str) -> int:
    """A number that changes when `new_version(name)` is called, shared by every process:
    part of the key of whatever is computed from what it names."""
    cache, key = _cache(), f"version:{name}"
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), None)
        value = cache.get(key)
    return value


def new_version(name: str) -> None:
    _cache().set(f"version:{name}", time.time_ns(), None)


def site_version() -> int:
    """The number of the site version (SITE_VERSION): in every page's key and every chrome fragment's."""
    return version(SITE_VERSION)


def new_site_version() -> None:
    """Every page and chrome fragment in the app's cache, dropped at once, for a change every page
    shows (the menu, the organisation's name). nginx keeps its copies until they expire: it
    cannot be told to drop all pages, only named ones (docs/deploy.md)."""
    new_version(SITE_VERSION)


T = TypeVar("T")


def fragment(key: str, compute: Callable[[], T], *, seconds: int, versions: Iterable[str] = ()) -> T:
    """What `compute()` returns, kept in the `fragments` cache under `key` and the current
    number of each named version: renewing a version retires every fragment made from it,
    so a kept fragment is never stale and nothing has to find it to delete it."""
    versioned_key = ":".join([key, *(str(version(name)) for name in versions)])
    fragments = caches["fragments"]
    value = fragments.get(versioned_key)
    if value is None:
        value = compute()
        fragments.set(versioned_key, value, seconds)
    return value


def page_key(path: str) -> str:
    return f"page:{site_version()}:" + hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()


def get_page(path: str) -> HttpResponse | None:
    return _cache().get(page_key(path))


def put_page(path: str, response: HttpResponse, seconds: int) -> None:
    _cache().set(page_key(path), response, seconds)


def remember(path: str, tags: Collection[str]) -> None:
    """Note a page under each of its tags, wherever it is kept (here, nginx, a CDN)."""
    if tags:
        tag_records(_cache()).add(path, tags, settings.CONGTIN_PAGE_CACHE_SECONDS * 2)


def paths_tagged(tags: Collection[str]) -> set[str]:
    """Every path kept under any of these tags."""
    return tag_records(_cache()).paths(tags) if tags else set()


def forget(paths: Collection[str], tags: Collection[str] = ()) -> None:
    if paths:
        _cache().delete_many([page_key(path) for path in paths])
    if tags:
        tag_records(_cache()).forget(tags)
