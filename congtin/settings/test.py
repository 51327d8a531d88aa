"""Tests: same as production in behaviour, quicker hashing, media in a throwaway folder."""

import tempfile

from .base import *

DEBUG = False
ALLOWED_HOSTS = ["*"]
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
RTMP_PUBLISH_BASE = "rtmp://127.0.0.1:1935/live"
CONGTIN_LIVE_VIDEO = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="congtin-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # django.core.mail.outbox
# Background tasks run where they are enqueued, so tests see their work; tests of the queue
# itself (tests/news/test_background_tasks.py) switch to the database backend.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}

# A page type only tests know (tests/searchable): a second kind of searchable content, made
# searchable through congtin.search's door without a line of congtin/search naming it.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.searchable"]
