"""Wagtail frontend cache backends: the app's own page cache, and nginx's."""

import http.client
import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from wagtail.contrib.frontend_cache.backends import BaseBackend

from . import store
from .purge import path_of

logger = logging.getLogger("congtin.pagecache")


class AppCacheBackend(BaseBackend):
    """Drops pages from the app's `pages` cache."""

    def purge(self, url: str) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls: Iterable[str]) -> None:
        store.forget([path_of(url) for url in urls])


class NginxBackend(BaseBackend):
    """Sends PURGE requests to nginx's ngx_cache_purge on one kept-alive connection.

    Wagtail's HTTPBackend opens a connection per URL and logs an error for the 404 nginx
    answers about a page it had not kept, which is the usual case.
    """

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        location = urlsplit(params["LOCATION"])
        self.host, self.port = location.hostname, location.port or 80
        self.timeout = params.get("TIMEOUT", 5)

    def purge(self, url: str) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls: list[str]) -> None:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            for url in urls:
                connection.request("PURGE", path_of(url), headers={"Host": urlsplit(url).netloc})
                response = connection.getresponse()
                response.read()
                if response.status not in (200, 404):
                    logger.warning("nginx answered %s to PURGE %s", response.status, url)
        except OSError as error:
            logger.error("Could not purge %d URL(s) from nginx at %s:%s: %s", len(urls), self.host, self.port, error)
        finally:
            connection.close()
