"""The broadcast interface: what the rest of conferences asks of whatever carries the video.

- `publish_url(conference)`: where the main hall's encoder publishes;
- `playlist_url(conference, bridge_point)`: the HLS playlist a bridge point's player loads;
- `admits(token, stream)`: whether a player's request for `stream` may be served;
- `hook_secret()`: the secret the engine's callbacks prove themselves with.

nginx with the RTMP module is the engine behind it (nginx_rtmp.py), with the HTTP hooks
nginx calls beside it (hooks.py, urls.py) and its settings readers (conf.py). Nothing else
in the project needs to know which engine runs.
"""

from ..models import BridgePoint, Conference
from . import nginx_rtmp
from .conf import hook_secret, live_video_enabled

__all__ = ["admits", "hook_secret", "live_video_enabled", "playlist_url", "publish_url"]


def publish_url(conference: Conference) -> str:
    """Where the main hall's encoder (OBS, vMix) publishes; it carries the conference's secret."""
    return nginx_rtmp.publish_url(conference)


def playlist_url(conference: Conference, bridge_point: BridgePoint) -> str:
    """The HLS playlist `bridge_point`'s player loads, carrying its token."""
    return nginx_rtmp.playlist_url(conference, bridge_point)


def admits(token: str, stream: str) -> bool:
    """Whether `token` may play `stream`; an admitted request is also a presence heartbeat."""
    return nginx_rtmp.admits_to_stream(token, stream)
