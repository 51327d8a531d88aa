"""What the live server answers in browser tests (`pytest.mark.urls("tests.browser.urls")`):
the site's URLs plus what a web server serves beside them in production. With DEBUG=False the
live server serves static files only: uploaded media (the articles' photos) and the test's HLS
stream (the `on_air` fixture's, in place of nginx-rtmp's) are served here."""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.urls import re_path
from django.views.static import serve

from congtin.urls import urlpatterns as site_urlpatterns

HLS_PATH = "/hls-test/index.m3u8"
HLS_TYPES = {".m3u8": "application/vnd.apple.mpegurl", ".ts": "video/mp2t"}
hls_folder: dict[str, Path] = {}  # "path": the folder the `on_air` fixture made the stream in


def serve_hls(request, name):
    """The test stream, as nginx would serve it: the playlist and its segments."""
    path = (hls_folder["path"] / name).resolve()
    if path.parent != hls_folder["path"] or not path.is_file() or path.suffix not in HLS_TYPES:
        raise Http404(name)
    return FileResponse(path.open("rb"), content_type=HLS_TYPES[path.suffix])


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    re_path(r"^hls-test/(?P<name>[\w.]+)$", serve_hls),
    *site_urlpatterns,
]
