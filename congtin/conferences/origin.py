"""Absolute links on the site's one public origin (SITE_URL): what QR codes, join links and
printed cards carry."""

from django.conf import settings


def site_url(path: str) -> str:
    """An absolute URL on the canonical origin: what QR codes and printed links carry."""
    return settings.SITE_URL.rstrip("/") + path
