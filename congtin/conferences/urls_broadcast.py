"""nginx-rtmp callbacks and the HLS auth_request check (see broadcast.py).

Only nginx calls these: from loopback, or with the shared secret. The nginx configuration
(deploy/nginx/congtin-live.conf.template) refuses this prefix to everyone else.
"""

from django.urls import path

from . import broadcast

app_name = "broadcast"
urlpatterns = [
    path("phat-song/on-publish/", broadcast.on_publish, name="on_publish"),
    path("phat-song/on-publish-done/", broadcast.on_publish_done, name="on_publish_done"),
    path("phat-song/on-update/", broadcast.on_update, name="on_update"),
    path("phat-song/hls-auth/", broadcast.hls_auth, name="hls_auth"),
]
