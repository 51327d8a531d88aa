"""Settings of the conferences app, with defaults, so base settings need not know them."""

from django.conf import settings


def rtmp_publish_base() -> str:
    """Where the main hall's encoder publishes: nginx-rtmp's application URL, no trailing slash.

    Read on each call so tests and deployments can override it in settings.
    """
    return getattr(settings, "RTMP_PUBLISH_BASE", "rtmp://127.0.0.1:1935/live").rstrip("/")


def site_url(path: str) -> str:
    """An absolute URL on the canonical origin: what QR codes and printed links carry."""
    return settings.SITE_URL.rstrip("/") + path
