"""Production: everything secret or host-specific comes from the environment."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from congtin.core.mail import email_settings

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
# HTTPS when SITE_URL says so (docs/deploy.md, "Security headers"). nginx ends TLS and says so in
# X-Forwarded-Proto; a plain-HTTP request is sent to https:// and every secure answer says that
# browsers must come back only over HTTPS (HSTS), and cookies travel only over HTTPS.
HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
# nginx's own calls come over loopback HTTP (nginx-rtmp's on_publish, the HLS token check:
# congtin/conferences/broadcast/urls.py): a redirect would refuse a publish or a player.
SECURE_REDIRECT_EXEMPT = [r"^hoi-nghi/phat-song/"]
# A year, once TLS works for good (a first deployment may start with SECURE_HSTS_SECONDS=3600).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "on") != "off"
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "off") == "on"
if not SECURE_HSTS_PRELOAD:
    # Preloading is asked for a whole registrable domain (the province's .gov.vn), with all its
    # sites on HTTPS: the domain's owner decides, not one site (then SECURE_HSTS_PRELOAD=on).
    SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "security.W021"]
# Superusers and approvers sign in with a second factor (congtin.accounts); off only by choice.
CONGTIN_REQUIRE_2FA = os.environ.get("CONGTIN_REQUIRE_2FA", "on") != "off"
# The mail server: EMAIL_URL, or EMAIL_HOST and its companions; neither, mail goes to the log.
globals().update(email_settings(os.environ))
