"""Where whole pages and their tags are kept: the `pages` cache (in-process by default,
Redis or a shared folder when several app processes run)."""

import hashlib
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches

from .tag_records import tag_records


def _cache():
    return caches[settings.CONGTIN_PAGE_CACHE_ALIAS]


def version(name):
    """A number that changes when `new_version(name)` is called, shared by every process:
    part of the key of whatever is computed from what it names."""
    cache, key = _cache(), f"version:{name}"
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), None)
        value = cache.get(key)
    return value


def new_version(name):
    _cache().set(f"version:{name}", time.time_ns(), None)


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


def generation():
    """Part of every page's key: a new generation drops every page at once."""
    return version("pages")


def new_generation():
    new_version("pages")


def page_key(path):
    return f"page:{generation()}:" + hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()


def get_page(path):
    return _cache().get(page_key(path))


def put_page(path, response, seconds):
    _cache().set(page_key(path), response, seconds)


def remember(path, tags):
    """Note a page under each of its tags, wherever it is kept (here, nginx, a CDN)."""
    if tags:
        tag_records(_cache()).add(path, tags, settings.CONGTIN_PAGE_CACHE_SECONDS * 2)


def paths_tagged(tags):
    """Every path kept under any of these tags."""
    return tag_records(_cache()).paths(tags) if tags else set()


def forget(paths, tags=()):
    if paths:
        _cache().delete_many([page_key(path) for path in paths])
    if tags:
        tag_records(_cache()).forget(tags)
