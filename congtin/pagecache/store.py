"""Where whole pages and their tags are kept: the `pages` cache (in-process by default,
Redis or a shared folder when several app processes run)."""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches

# A tag's record outlives every page it lists, so a purge finds them all.
MAX_PATHS_PER_TAG = 500


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


def generation():
    """Part of every page's key: a new generation drops every page at once."""
    return version("pages")


def new_generation():
    new_version("pages")


def page_key(path):
    return f"page:{generation()}:" + hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()


def _tag_key(tag):
    return "tag:" + tag


def get_page(path):
    return _cache().get(page_key(path))


def put_page(path, response, seconds):
    _cache().set(page_key(path), response, seconds)


def remember(path, tags):
    """Note a page under each of its tags, wherever it is kept (here, nginx, a CDN)."""
    if not tags:
        return
    cache = _cache()
    keys = {_tag_key(tag): tag for tag in tags}
    known = cache.get_many(list(keys))
    updated = {}
    for key in keys:
        paths = known.get(key, [])
        if path not in paths:
            updated[key] = (paths + [path])[-MAX_PATHS_PER_TAG:]
    if updated:
        cache.set_many(updated, settings.CONGTIN_PAGE_CACHE_SECONDS * 2)


def paths_tagged(tags):
    """Every path kept under any of these tags."""
    found = _cache().get_many([_tag_key(tag) for tag in tags])
    return {path for paths in found.values() for path in paths}


def forget(paths, tags=()):
    cache = _cache()
    cache.delete_many([page_key(path) for path in paths] + [_tag_key(tag) for tag in tags])
