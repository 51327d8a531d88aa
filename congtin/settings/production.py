"""Production: everything secret or host-specific comes from the environment."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment for production.")

# collectstatic writes here and nginx serves it (deploy/nginx/congtin-web.conf.template).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", STATIC_ROOT))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [SITE_URL]
SESSION_COOKIE_SECURE = SITE_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Superusers and approvers sign in with a second factor (congtin.accounts); off only by choice.
CONGTIN_REQUIRE_2FA = os.environ.get("CONGTIN_REQUIRE_2FA", "on") != "off"
