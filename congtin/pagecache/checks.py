from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register


@register()
def shared_cache_for_several_processes(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Several app processes behind nginx must share the cache that holds pages' tags, or a
    purge sent by one process misses the pages another one rendered."""
    backend = settings.CACHES[settings.CONGTIN_PAGE_CACHE_ALIAS]["BACKEND"]
    if getattr(settings, "CONGTIN_PURGE_URL", "") and backend.endswith("LocMemCache"):
        return [
            Warning(
                "The page cache is in-process while nginx purges are configured.",
                hint="Set REDIS_URL (or CACHE_DIR for one machine) so every app process shares it.",
                id="pagecache.W001",
            )
        ]
    return []
