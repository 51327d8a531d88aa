"""Living through a Redis or PostgreSQL outage: degrade, never fail.

- Redis is only a cache. `RedisCache` (django-redis with IGNORE_EXCEPTIONS, settings' `_cache()`)
  turns every failed call into a miss, logs the outage once (not a traceback per request) and,
  for a second after a failure, does not try again (`RedisClient`), so an unreachable host costs
  one connect timeout a second, not one per cache call.
- PostgreSQL: connections are checked before reuse (CONN_HEALTH_CHECKS), and while the database
  cannot be reached `DatabaseOutageMiddleware` answers 503 with Retry-After and a Vietnamese page
  instead of 500. Cached pages are still served: the page cache answers before anything asks
  the database.
"""

import functools
import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("congtin.outage")

RETRY_AFTER_SECONDS = 10  # what a 503 asks clients to wait: about a PostgreSQL restart
REDIS_RETRY_SECONDS = 1.0  # how long a failed Redis is left alone before it is tried again
QUIET_SECONDS = 60.0  # an outage ends, for the log, after this long without a failure


class OutageLog:
    """Logs the first failure of an outage, then only counts, until QUIET_SECONDS pass without
    a failure: a second outage is logged again, with how many failures the first one had."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._lock = threading.Lock()
        self._last: float | None = None
        self._count = 0

    def failed(self, error: BaseException | None) -> None:
        now = time.monotonic()
        with self._lock:
            new_outage = self._last is None or now - self._last > QUIET_SECONDS
            previous, self._count = (self._count, 1) if new_outage else (0, self._count + 1)
            self._last = now
        if new_outage:
            earlier = f" (the previous outage: {previous} failures)" if previous else ""
            logger.warning("%s unreachable, degrading: %s%s", self.what, error, earlier)


# One log per Redis server, however many named caches live in it: one outage, one line.
_redis_outages: dict[str, OutageLog] = {}


class _Skipped(ConnectionInterrupted):
    """Redis not tried: it failed less than REDIS_RETRY_SECONDS ago."""


class _FailureLog:
    """What django-redis calls, inside its `except`, for every failure it ignores."""

    def __init__(self, cache: "RedisCache") -> None:
        self.cache = cache

    def exception(self, message: str, *args: object, **kwargs: object) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, _Skipped):
            return
        self.cache.down_until = time.monotonic() + REDIS_RETRY_SECONDS
        self.cache.outage.failed(error.__cause__ if error is not None and error.__cause__ else error)


class RedisCache(DjangoRedisCache):
    """django-redis's cache that remembers a failure: see the module's docstring."""

    def __init__(self, server: str, params: dict) -> None:
        super().__init__(server, params)
        self.down_until = 0.0
        where = urlsplit(server)  # the host and port: never the password a URL may carry
        self.outage = _redis_outages.setdefault(server, OutageLog(f"Redis ({where.hostname}:{where.port or 6379})"))
        self._log_ignored_exceptions = True
        self.logger = _FailureLog(self)


class RedisClient(DefaultClient):
    """django-redis's client, which does not reach for Redis while it is known to be down."""

    def _refuse_while_down(self) -> None:
        if time.monotonic() < getattr(self._backend, "down_until", 0.0):
            raise _Skipped(connection=None) from RedisConnectionError("Redis failed a moment ago")

    def get_client(self, write: bool = True, tried: list[int] | None = None) -> Redis:
        self._refuse_while_down()
        return super().get_client(write=write, tried=tried)

    def get_client_with_index(self, write: bool = True, tried: list[int] | None = None) -> tuple[Redis, int]:
        self._refuse_while_down()
        return super().get_client_with_index(write=write, tried=tried)


def _forgiving(method: Callable[..., Any]) -> Callable[..., Any]:
    """`method` with a failed connection raised as ConnectionInterrupted: what the cache's
    IGNORE_EXCEPTIONS forgives (a miss, logged once) rather than a 500."""

    @functools.wraps(method)
    def call(self: DefaultClient, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            raise ConnectionInterrupted(connection=None) from error

    return call


# django-redis 7 forgives a failed connection in get, set and their kin, but lets these raise
# it: the set commands (the page cache's tag records), expiries and counters. A page rendered
# while Redis was down answered 500 when it noted its tags (SADD).
UNGUARDED_COMMANDS = (
    "persist", "expire", "pexpire", "pexpire_at", "expire_at", "incr", "decr", "ttl", "pttl", "touch",
    "sadd", "scard", "sdiff", "sdiffstore", "sinter", "sinterstore", "smismember", "sismember", "smembers",
    "smove", "spop", "srandmember", "srem", "sscan", "sunion", "sunionstore", "hset", "hdel", "hlen", "hexists",
)  # fmt: skip
for _command in UNGUARDED_COMMANDS:
    setattr(RedisClient, _command, _forgiving(getattr(DefaultClient, _command)))


DATABASE_ERRORS = (OperationalError, InterfaceError)
database_outage = OutageLog("The database")


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After, rendered without the database (no context processors): a page for
    a browser, a small JSON for what polls (the live pages' state)."""
    if request.path.endswith(".json") or "application/json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse(
            {"ok": False, "error": _("Hệ thống đang bảo trì, vui lòng thử lại sau ít phút.")}, status=503
        )
    else:
        response = HttpResponse(render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # logged once per outage (database_outage), not per request
    return response


class DatabaseOutageMiddleware:
    """The outermost middleware: a request that fails because the database cannot be reached
    gets `service_unavailable`, not a 500, whether the view or a middleware met the failure."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "_congtin_database_outage", False):
            return service_unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A view's failure: answered before Django logs a traceback for it."""
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        database_outage.failed(exception)
        return service_unavailable(request)


def _note_database_outage(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    """A middleware's failure has already become a 500 when it reaches the outermost middleware:
    note on the request that the database was the cause, while the exception is at hand."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        database_outage.failed(error)
        request._congtin_database_outage = True


got_request_exception.connect(_note_database_outage, dispatch_uid="congtin.core.outage")
