"""Which pages carry a tag: a set per tag that any number of processes add to at once.

A purge drops every page recorded under its tags, so a record must never lose a path: no
read-modify-write that two workers can interleave, and no cap that a crawler walking
`?page=1…600` can push paths out of. Each record lives as long as the pages it lists
(`seconds` from the last page added): after that every copy of them has expired anyway.

- Redis: a Redis set per tag (SADD, SUNION, DEL), under the cache's own key prefix and version
  (Django's Redis backend, or django-redis's, whose calls degrade to misses when Redis is down).
- A folder (FileBasedCache, the app processes of one machine): a directory per tag, a
  file per page in it, each written whole and renamed into place.
- In this process (LocMemCache): a set in the cache, changed under a lock; only this
  process reads it. (Another backend shared by processes would need its own kind here.)
"""

import hashlib
import os
import random
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable
from typing import Any, Protocol

from django.core.cache import BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from django_redis.cache import RedisCache as DjangoRedisCache

KEY_PREFIX = "tagset:"


class TagRecords(Protocol):
    """What the page cache asks of a kind of record."""

    def add(self, path: str, tags: Iterable[str], seconds: int) -> None: ...

    def paths(self, tags: Iterable[str]) -> set[str]: ...

    def forget(self, tags: Iterable[str]) -> None: ...


def tag_records(cache: BaseCache) -> TagRecords:
    """The records of this cache, kept the way its backend allows."""
    if isinstance(cache, RedisCache):
        return RedisTagRecords(cache)
    if isinstance(cache, DjangoRedisCache):
        return DjangoRedisTagRecords(cache)
    if isinstance(cache, FileBasedCache):
        return FolderTagRecords(cache)
    return LockedTagRecords(cache)


class RedisTagRecords:
    def __init__(self, cache: RedisCache) -> None:
        self.cache = cache

    def _client(self) -> Any:
        return self.cache._cache.get_client(write=True)

    def _keys(self, tags: Iterable[str]) -> list[str]:
        return [self.cache.make_and_validate_key(KEY_PREFIX + tag) for tag in tags]

    def add(self, path: str, tags: Iterable[str], seconds: int) -> None:
        pipe = self._client().pipeline(transaction=False)
        for key in self._keys(tags):
            pipe.sadd(key, path)
            pipe.expire(key, seconds)
        pipe.execute()

    def paths(self, tags: Iterable[str]) -> set[str]:
        return {path.decode() for path in self._client().sunion(self._keys(tags))}

    def forget(self, tags: Iterable[str]) -> None:
        self._client().delete(*self._keys(tags))


class DjangoRedisTagRecords:
    """The same Redis sets through django-redis's own calls, which answer a miss (nothing
    recorded, no path found) rather than raise while Redis is down (IGNORE_EXCEPTIONS, and
    congtin.core.outage for the set commands, which django-redis itself lets raise)."""

    def __init__(self, cache: DjangoRedisCache) -> None:
        self.cache = cache

    def add(self, path: str, tags: Iterable[str], seconds: int) -> None:
        for tag in tags:
            self.cache.sadd(KEY_PREFIX + tag, path)
            self.cache.expire(KEY_PREFIX + tag, seconds)

    def paths(self, tags: Iterable[str]) -> set[str]:
        return set(self.cache.sunion(*(KEY_PREFIX + tag for tag in tags)) or ())

    def forget(self, tags: Iterable[str]) -> None:
        self.cache.delete_many([KEY_PREFIX + tag for tag in tags])


class FolderTagRecords:
    """<cache folder>/tags/<tag digest>/<path digest>, holding the path. FileBasedCache's
    clear() and culling only touch its own files at the top of the folder."""

    SWEEP_CHANCE = 0.01  # now and then, a new record drops its tag's expired ones

    def __init__(self, cache: FileBasedCache) -> None:
        self.root = os.path.join(cache._dir, "tags")

    def _folder(self, tag: str) -> str:
        return os.path.join(self.root, hashlib.sha256(tag.encode()).hexdigest()[:40])

    def add(self, path: str, tags: Iterable[str], seconds: int) -> None:
        name = hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()
        for tag in tags:
            folder = self._folder(tag)
            record = os.path.join(folder, name)
            try:
                os.utime(record)  # known: it lives on from now
                continue
            except FileNotFoundError:
                pass
            for _ in range(3):  # the folder may be dropped by a purge in between: make it again
                try:
                    os.makedirs(folder, exist_ok=True)
                    self._write(folder, record, path)
                    break
                except FileNotFoundError:
                    continue
            if random.random() < self.SWEEP_CHANCE:
                self._sweep(folder, seconds)

    @staticmethod
    def _write(folder: str, record: str, path: str) -> None:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".new-")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(path)
            os.replace(temporary, record)
        except BaseException:
            if os.path.exists(temporary):
                os.remove(temporary)
            raise

    @staticmethod
    def _sweep(folder: str, seconds: int) -> None:
        oldest = time.time() - seconds
        for entry in os.scandir(folder):
            try:
                if entry.stat().st_mtime < oldest:
                    os.remove(entry.path)
            except FileNotFoundError:
                pass

    def paths(self, tags: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for tag in tags:
            try:
                entries = list(os.scandir(self._folder(tag)))
            except FileNotFoundError:
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                try:
                    with open(entry.path, encoding="utf-8") as handle:
                        found.add(handle.read())
                except FileNotFoundError:
                    pass
        return found

    def forget(self, tags: Iterable[str]) -> None:
        for tag in tags:
            folder = self._folder(tag)
            gone = f"{folder}.gone-{os.getpid()}-{threading.get_ident()}"
            try:
                os.rename(folder, gone)  # at once: a page tagged from now on starts a new folder
            except FileNotFoundError:
                continue
            shutil.rmtree(gone, ignore_errors=True)


_lock = threading.Lock()


class LockedTagRecords:
    def __init__(self, cache: BaseCache) -> None:
        self.cache = cache

    def add(self, path: str, tags: Iterable[str], seconds: int) -> None:
        keys = [KEY_PREFIX + tag for tag in tags]
        with _lock:
            known = self.cache.get_many(keys)
            updated = {key: known.get(key, frozenset()) | {path} for key in keys}
            self.cache.set_many(updated, seconds)

    def paths(self, tags: Iterable[str]) -> set[str]:
        found = self.cache.get_many([KEY_PREFIX + tag for tag in tags])
        return set().union(*found.values())

    def forget(self, tags: Iterable[str]) -> None:
        with _lock:
            self.cache.delete_many([KEY_PREFIX + tag for tag in tags])
