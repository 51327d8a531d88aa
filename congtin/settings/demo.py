"""`make demo` (scripts/demo.sh): the development settings as a visitor meets them. DEBUG is off,
so a mistyped address gets the portal's own Vietnamese 404 rather than Django's debug page;
runserver --insecure serves static files and congtin.demo.urls the media (the demo's photos)."""

from urllib.parse import urlsplit

from .dev import *

DEBUG = False
ROOT_URLCONF = "congtin.demo.urls"
ALLOWED_HOSTS = [urlsplit(SITE_URL).hostname or "127.0.0.1"] + ALLOWED_HOSTS
# The demo signs in with the account load_demo prints, in one step (no second factor asked).
CONGTIN_REQUIRE_2FA = False
