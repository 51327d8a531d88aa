"""Reads counted between two flushes, kept off the database: one beacon is one call here.

- `RedisTally` when the `default` cache is Redis (production, `make serve` with REDIS_URL):
  every app process and the minute's command (`manage.py every_minute`) share the counts.
  A beacon is one round trip (a Lua script: the reader's once-an-hour key, the address's caps,
  the day's counter), a flush swaps the counters for a new batch atomically (RENAME).
- `LocalTally` otherwise (the embedded default, `runserver`; a shared folder cannot count
  atomically): the counts live in the process that received the beacons, which the minute's
  command cannot see, so that process flushes them itself, at most once a minute, on a beacon.

Both hand counts over as batches with an id: a batch stays pending until the database has
recorded it (`done`), and the database records each id once (`FlushedBatch`), so a flush that
fails, runs twice or runs twice at once neither loses nor doubles a count.
"""

import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.core.cache import BaseCache, caches
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis import Redis
from redis.exceptions import RedisError

logger = logging.getLogger("congtin.readership")

# A reader (address and browser) counts once per article within this long: a reload, a tab
# restored, a reader coming back to finish the article.
SEEN_SECONDS = 3600
# However many browsers one address claims to be (an office or a mobile carrier's NAT puts
# many readers behind one), it adds at most this many reads an hour to one article...
CAP_PER_ADDRESS_ARTICLE = 20
# ...and this many to all articles together: more is a robot walking the site.
CAP_PER_ADDRESS = 300
CAP_WINDOW_SECONDS = 3600
# How often a process that keeps its own counts writes them to the database.
LOCAL_FLUSH_SECONDS = 60
# What a process keeps of who read what (LocalTally) before it stops counting new readers.
LOCAL_MAX_KEYS = 200_000

ALIAS = "default"

Counts = dict[tuple[date, int], int]  # (day, article pk) -> reads


@dataclass(frozen=True)
class Hit:
    """One read to count: `reader` and `address` are short hashes, never the address itself."""

    article: int
    day: date
    reader: str
    address: str


class Tally(Protocol):
    flushes_itself: bool

    def count(self, hit: Hit, now: float) -> bool:
        """Whether the hit was counted (not a repeat, not over a cap)."""

    def batches(self) -> Iterator[tuple[str, Counts]]:
        """Every batch waiting for the database, the counts since the last flush included."""

    def done(self, batch_id: str) -> None:
        """The database has this batch: forget it."""

    def due(self, now: float) -> bool:
        """Whether this process should flush now (only a tally the minute's command cannot see)."""


def _field(day: date, article: int) -> str:
    return f"{day.isoformat()}:{article}"


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _parse(field: str | bytes) -> tuple[date, int]:
    day, article = _text(field).split(":")
    return date.fromisoformat(day), int(article)


# KEYS: the reader's key for this article, the address's cap for the article, the address's
# cap, the counters. ARGV: SEEN_SECONDS, the two caps, the cap window, the counter's field.
COUNT_SCRIPT = """
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
local article = redis.call('INCR', KEYS[2])
if article == 1 then redis.call('EXPIRE', KEYS[2], ARGV[4]) end
local all = redis.call('INCR', KEYS[3])
if all == 1 then redis.call('EXPIRE', KEYS[3], ARGV[4]) end
if article > tonumber(ARGV[2]) or all > tonumber(ARGV[3]) then return 0 end
redis.call('HINCRBY', KEYS[4], ARGV[5], 1)
return 1
"""

# KEYS: the counters, the new batch's key, the set of pending batch ids. ARGV: the batch id.
# Atomic: a beacon counts either into this batch or into the next one, never into none.
SWAP_SCRIPT = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('SADD', KEYS[3], ARGV[1])
return 1
"""


class RedisTally:
    flushes_itself = False

    def __init__(self, cache: RedisCache) -> None:
        self.cache = cache

    def _key(self, name: str) -> str:
        return self.cache.make_key(f"readership:{name}")

    def _client(self) -> Redis:
        return self.cache.client.get_client(write=True)  # refused at once while Redis is known down

    def count(self, hit: Hit, now: float) -> bool:
        window = int(now // CAP_WINDOW_SECONDS)
        keys = [
            self._key(f"seen:{hit.reader}:{hit.article}"),
            self._key(f"cap:{hit.address}:{hit.article}:{window}"),
            self._key(f"cap:{hit.address}:{window}"),
            self._key("counts"),
        ]
        caps = [CAP_PER_ADDRESS_ARTICLE, CAP_PER_ADDRESS, CAP_WINDOW_SECONDS]
        args: list[int | str] = [SEEN_SECONDS, *caps, _field(hit.day, hit.article)]
        client = self._client()
        return bool(client.register_script(COUNT_SCRIPT)(keys=keys, args=args, client=client))

    def batches(self) -> Iterator[tuple[str, Counts]]:
        client, batch_id = self._client(), uuid.uuid4().hex
        keys = [self._key("counts"), self._key(f"batch:{batch_id}"), self._key("batches")]
        client.register_script(SWAP_SCRIPT)(keys=keys, args=[batch_id], client=client)
        for pending in sorted(map(_text, client.smembers(self._key("batches")))):
            stored = client.hgetall(self._key(f"batch:{pending}"))
            yield pending, {_parse(field): int(value) for field, value in stored.items()}

    def done(self, batch_id: str) -> None:
        pipe = self._client().pipeline()
        pipe.delete(self._key(f"batch:{batch_id}"))
        pipe.srem(self._key("batches"), batch_id)
        pipe.execute()

    def due(self, now: float) -> bool:
        return False

    def failed(self) -> None:
        """Called inside an `except`: the outage is logged once, as the caches log it
        (congtin.core.outage), and Redis is left alone for a second."""
        (getattr(self.cache, "logger", None) or logger).exception("readership: Redis failed")


class LocalTally:
    flushes_itself = True

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[date, int]] = Counter()
        self._pending: dict[str, Counts] = {}
        self._seen: dict[str, float] = {}  # reader:article -> until when it is a repeat
        self._caps: Counter[tuple[str, int]] = Counter()  # (address[:article], window) -> reads
        self._last_flush = time.monotonic()

    def count(self, hit: Hit, now: float) -> bool:
        window = int(now // CAP_WINDOW_SECONDS)
        seen = f"{hit.reader}:{hit.article}"
        with self._lock:
            if len(self._seen) + len(self._caps) > LOCAL_MAX_KEYS:
                self._forget_before(now, window)
                if len(self._seen) + len(self._caps) > LOCAL_MAX_KEYS:
                    return False
            if self._seen.get(seen, 0.0) > now:
                return False
            self._seen[seen] = now + SEEN_SECONDS
            self._caps[(f"{hit.address}:{hit.article}", window)] += 1
            self._caps[(hit.address, window)] += 1
            if (
                self._caps[(f"{hit.address}:{hit.article}", window)] > CAP_PER_ADDRESS_ARTICLE
                or self._caps[(hit.address, window)] > CAP_PER_ADDRESS
            ):
                return False
            self._counts[(hit.day, hit.article)] += 1
            return True

    def _forget_before(self, now: float, window: int) -> None:
        self._seen = {key: until for key, until in self._seen.items() if until > now}
        self._caps = Counter({key: n for key, n in self._caps.items() if key[1] >= window})

    def batches(self) -> Iterator[tuple[str, Counts]]:
        with self._lock:
            self._last_flush = time.monotonic()
            if self._counts:
                self._pending[uuid.uuid4().hex] = dict(self._counts)
                self._counts = Counter()
            pending = sorted(self._pending.items())
        yield from pending

    def done(self, batch_id: str) -> None:
        with self._lock:
            self._pending.pop(batch_id, None)

    def due(self, now: float) -> bool:
        return time.monotonic() - self._last_flush >= LOCAL_FLUSH_SECONDS and bool(self._counts or self._pending)

    def failed(self) -> None:
        logger.exception("readership: counting failed")


_local = LocalTally()


def tally() -> RedisTally | LocalTally:
    """Where this process counts: Redis when the `default` cache is Redis, else in itself."""
    cache: BaseCache = caches[ALIAS]
    return RedisTally(cache) if isinstance(cache, RedisCache) else _local


# What a failed Redis raises through django-redis and our client (congtin.core.outage).
TALLY_ERRORS = (ConnectionInterrupted, RedisError)
