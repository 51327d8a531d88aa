"""One public origin: SITE_URL. Wagtail builds canonical links, og:url, JSON-LD, sitemaps, feeds
and QR codes from its default Site record, so that record must carry SITE_URL's host and port.

`align_default_site` brings it in line (make demo and make serve call it at every start, through
load_demo and serve.sh's preparation); the system check `congtin.W001` says when they differ.
"""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.db import DatabaseError


def site_address(url: str) -> tuple[str, int]:
    """The (hostname, port) a Wagtail Site needs to produce `url`'s origin."""
    parts = urlsplit(url)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def align_default_site() -> str | None:
    """Give the default Site SITE_URL's host and port; what changed ("old → new"), else None."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    hostname, port = site_address(settings.SITE_URL)
    if (site.hostname, site.port) == (hostname, port):
        return None
    before = f"{site.hostname}:{site.port}"
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return f"{before} → {hostname}:{port}"


@checks.register("congtin")
def check_default_site_follows_site_url(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Warn when canonical links would not start with SITE_URL. Silent while there is no
    database or no Site table yet (a fresh clone before `migrate`)."""
    from wagtail.models import Site

    try:
        site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    except DatabaseError:
        return []
    if site is None or (site.hostname, site.port) == site_address(settings.SITE_URL):
        return []
    return [
        checks.Warning(
            f"The default Wagtail Site is {site.hostname}:{site.port}, but SITE_URL is {settings.SITE_URL}: "
            "canonical links, sitemaps, feeds and QR codes would point elsewhere.",
            hint="Run `manage.py align_site` (make demo and make serve do it at every start).",
            obj=site,
            id="congtin.W001",
        )
    ]


def site_url(path: str) -> str:
    """An absolute URL on the canonical origin: what QR codes, join links and printed cards carry."""
    return settings.SITE_URL.rstrip("/") + path
