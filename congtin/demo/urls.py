"""The demo's URLs: the site's, plus media files from MEDIA_ROOT, which Django serves only
with DEBUG on and nginx serves in production; as there, not the files whose access the app
checks (Wagtail's documents, what units send the follow-up)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from congtin.urls import *  # noqa: F403  (handler404 and the like, when the site sets them)
from congtin.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(r"^media/(?!documents/|followup/)(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
