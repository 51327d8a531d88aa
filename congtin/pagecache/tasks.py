"""Purges that need not hold up the request that caused them, run by the task worker."""

from django_tasks import task
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache


@task(backend="background", priority=50)  # ahead of renditions: readers wait for these
def purge_caches_in_front(urls: list[str], backends: list[str]) -> int:
    """PURGE these URLs from nginx or a CDN (the app's own cache was purged at commit).
    Purging twice is harmless, so a retried task does no wrong. Returns the URL count."""
    purge_urls_from_cache(urls, backends=backends)
    return len(urls)
