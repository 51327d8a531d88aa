"""nginx-rtmp callbacks and the HLS auth_request check (hooks.py).

Only nginx calls these: from loopback, or with the shared secret. The nginx configuration
(deploy/nginx/congtin-live.conf.template) refuses this prefix to everyone else.
"""

from django.urls import path

from . import hooks

app_name = "broadcast"
urlpatterns = [
    path("phat-song/on-publish/", hooks.on_publish, name="on_publish"),
    path("phat-song/on-publish-done/", hooks.on_publish_done, name="on_publish_done"),
    path("phat-song/on-update/", hooks.on_update, name="on_update"),
    path("phat-song/on-relay/", hooks.on_relay, name="on_relay"),
    path("phat-song/hls-auth/", hooks.hls_auth, name="hls_auth"),
]
