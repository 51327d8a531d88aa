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
    part of the key of whatever is computed from what it names.

    While the cache cannot be reached (Redis down: every call a miss), a number never used
    before, so what is kept under it is never found again. A constant would make fragments
    kept during one outage look fresh in the next, after changes no one could record."""
    value = _shared_version(name)
    return value if value is not None else time.time_ns()


# Renewals (and purges) that could not reach the cache, made once it answers again: with a
# Redis that kept its data through the outage, the old numbers would otherwise come back.
_lost_renewals: set[str] = set()


def _shared_version(name: str) -> int | None:
    """The shared number, or None when the cache does not answer."""
    cache, key = _cache(), f"version:{name}"
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), None)
        value = cache.get(key)
    if value is not None and _lost_renewals:
        for lost in list(_lost_renewals):
            _lost_renewals.discard(lost)
            new_version(lost)
        value = cache.get(key, value)
    return value


def new_version(name: str) -> None:
    cache, key, value = _cache(), f"version:{name}", time.time_ns()
    cache.set(key, value, None)
    if cache.get(key) is None:  # not recorded: the cache is down
        _lost_renewals.add(name)


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
    numbers = [_shared_version(name) for name in versions]
    if None in numbers:  # the shared cache is down: nothing kept could be told stale later
        return compute()
    versioned_key = ":".join([key, *map(str, numbers)])
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
    if (paths or tags) and _shared_version(SITE_VERSION) is None:
        _lost_renewals.add(SITE_VERSION)  # the cache is down: drop every page once it is back
        return
    if paths:
        _cache().delete_many([page_key(path) for path in paths])
    if tags:
        tag_records(_cache()).forget(tags)
