"""Every address of the app, gathered from its parts: the live pages and their endpoints,
the after-event files, the QR sheet, and the broadcast hooks nginx calls."""

from django.urls import include, path

from .after import urls as after_urls
from .live import urls as live_urls
from .programme import urls as programme_urls

app_name = "conferences"

urlpatterns = [
    path("", include((live_urls.endpoints + after_urls.endpoints, "live"))),
    path("", include("congtin.conferences.broadcast.urls")),
    *live_urls.pages,
    *programme_urls.pages,
]
