"""Settings of the broadcast, with defaults, so base settings need not know them.

Read on each call so tests and deployments can override them in settings (and, for the
hook secret and the HLS origin, in the environment).
"""

import os
from urllib.parse import urlsplit

from django.conf import settings


def rtmp_publish_base() -> str:
    """Where the main hall's encoder publishes: nginx-rtmp's application URL, no trailing slash.

    RTMP_PUBLISH_BASE when set (the environment, e.g. rtmp://phat.example.vn:1935/live), else
    the public host of SITE_URL on LIVE_RTMP_PORT: the address shown to organisers must be one
    their encoder reaches, not this machine's loopback.
    """
    base = getattr(settings, "RTMP_PUBLISH_BASE", "")
    if not base:
        host = urlsplit(settings.SITE_URL).hostname or "127.0.0.1"
        base = f"rtmp://{host}:{getattr(settings, 'LIVE_RTMP_PORT', 1935)}/live"
    return base.rstrip("/")


def live_video_enabled() -> bool:
    """False when no nginx serves /hls/ beside this app (make demo without nginx-rtmp): bridge
    point pages then say so instead of offering a player whose playlist would be 404."""
    return getattr(settings, "CONGTIN_LIVE_VIDEO", True)


def hook_secret() -> str:
    """The shared secret for callers not on this machine (BROADCAST_HOOK_SECRET, setting or
    environment); empty: only loopback callers."""
    return getattr(settings, "BROADCAST_HOOK_SECRET", None) or os.environ.get("BROADCAST_HOOK_SECRET", "")


def hls_base_url() -> str:
    """Where HLS is served when not on the site's own origin (HLS_BASE_URL), no trailing slash."""
    return (getattr(settings, "HLS_BASE_URL", None) or os.environ.get("HLS_BASE_URL", "")).rstrip("/")
