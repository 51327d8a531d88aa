"""Settings shared by every environment.

The environment picks the heavy parts: DATABASE_URL (default: embedded SQLite under
var/), REDIS_URL (default: in-process cache; CACHE_DIR: a folder shared by the app
processes of one machine), CONGTIN_PURGE_URL (nginx in front, to purge), SITE_URL (the
canonical origin), CONGTIN_TASKS (the background task queue: database, or immediate).
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from congtin.core.inline_assets import csp_hashes

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CONGTIN_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
# Where the main hall's encoder publishes (congtin.conferences.broadcast.conf.rtmp_publish_base): given
# whole, or else rtmp://<SITE_URL's host>:<LIVE_RTMP_PORT>/live.
RTMP_PUBLISH_BASE = os.environ.get("RTMP_PUBLISH_BASE", "")
LIVE_RTMP_PORT = int(os.environ.get("LIVE_RTMP_PORT", 1935))
# off: no nginx serves /hls/ here, so bridge point pages say there is no live video.
CONGTIN_LIVE_VIDEO = os.environ.get("CONGTIN_LIVE_VIDEO", "on") != "off"
# Questions one bridge point may send per calendar minute and hour (conferences.live.limits).
CONGTIN_QUESTIONS_PER_MINUTE = int(os.environ.get("CONGTIN_QUESTIONS_PER_MINUTE", 5))
CONGTIN_QUESTIONS_PER_HOUR = int(os.environ.get("CONGTIN_QUESTIONS_PER_HOUR", 30))
WAGTAIL_SITE_NAME = "Cổng thông tin Thành phố Hoa Phượng"

INSTALLED_APPS = [
    "congtin.core",
    "congtin.news",
    "congtin.search",
    "congtin.conferences",
    "congtin.pagecache",
    "congtin.demo",
    "congtin.deploy",
    "congtin.accounts",
    "congtin.backup",
    "congtin.newsroom",
    "congtin.readership",
    "congtin.followup",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "congtin.core.security.SecurityHeadersMiddleware",  # first: its headers go on every response
    "congtin.core.outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "congtin.pagecache.middleware.PageCacheMiddleware",
    # Inside the page cache: a kept page keeps the policy it was rendered with (docs/deploy.md).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "congtin.accounts.middleware.SessionLimitsMiddleware",
    "congtin.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a sign-in refused by django-axes into the lockout page (AXES_LOCKOUT_CALLABLE).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "congtin.urls"
WSGI_APPLICATION = "congtin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "congtin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "congtin.core.chrome.context",
            ],
        },
    },
]

# Connections live a minute, and each is checked before a request reuses it (CONN_HEALTH_CHECKS):
# the first request after PostgreSQL restarts gets a new connection instead of a dead one's error.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work while the importer writes; a busy writer waits, not fails.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_DIR = os.environ.get("CACHE_DIR", "")


def _cache(name, max_entries=None):
    """One named cache: in Redis when there is one, in a folder shared by the processes of one
    machine (CACHE_DIR), otherwise in this process (the embedded default, one process).

    Redis is a cache, never a dependency: when it is gone, every call is a miss (django-redis's
    IGNORE_EXCEPTIONS), answered within the short timeouts below, logged once per outage and not
    tried again for a second (congtin.core.outage.RedisCache)."""
    if REDIS_URL:
        return {
            "BACKEND": "congtin.core.outage.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": name,
            "OPTIONS": {
                "CLIENT_CLASS": "congtin.core.outage.RedisClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    options = {"MAX_ENTRIES": max_entries} if max_entries else {}
    if CACHE_DIR:
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(Path(CACHE_DIR) / name),
            "OPTIONS": options,
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name, "OPTIONS": options}


CACHES = {
    "default": _cache("default", max_entries=5000),
    "renditions": _cache("renditions", max_entries=10000),
    "pages": _cache("pages", max_entries=2000),
    # Rendered fragments whose keys name their content (a page's cache key, the site
    # version): never stale, so each process keeps its own and reads them at memory speed.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

# Sessions live in the database only: a Redis outage must not sign editors out, and a sign-out
# during one must not come back to life from a cached copy when Redis returns (cached_db would).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Whole pages for anonymous readers (congtin.pagecache). A page that says what it shows
# (tags) is purged when any of it changes, so it may be kept long; any other page briefly.
CONGTIN_PAGE_CACHE = os.environ.get("CONGTIN_PAGE_CACHE", "on") != "off"
CONGTIN_PAGE_CACHE_ALIAS = "pages"
CONGTIN_PAGE_CACHE_SECONDS = int(os.environ.get("CONGTIN_PAGE_CACHE_SECONDS", 600))
CONGTIN_PAGE_CACHE_UNTAGGED_SECONDS = 60
# Purges go to the app's cache and, when nginx (or another HTTP cache) is in front, to it.
CONGTIN_PURGE_URL = os.environ.get("CONGTIN_PURGE_URL", "")
WAGTAILFRONTENDCACHE = {"app": {"BACKEND": "congtin.pagecache.backends.AppCacheBackend"}}
if CONGTIN_PURGE_URL:
    WAGTAILFRONTENDCACHE["nginx"] = {
        "BACKEND": "congtin.pagecache.backends.NginxBackend",
        "LOCATION": CONGTIN_PURGE_URL,
    }

# Work that can wait (congtin.news.tasks, congtin.pagecache.tasks) goes to "background":
# by default a queue in the database, run by `manage.py db_worker` (scripts/worker.sh, the
# congtin-worker systemd unit). The same code at scale: the queue lives in PostgreSQL beside
# the articles, a task's row commits with the change that asked for it, and workers on several
# machines share it (SELECT ... SKIP LOCKED). CONGTIN_TASKS=immediate runs tasks in the request
# (no worker). Wagtail's own tasks ("default": search and reference index, the app's purge)
# stay immediate, so the editor's next page is right.
CONGTIN_TASKS = os.environ.get("CONGTIN_TASKS", "database")
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": (
        {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        if CONGTIN_TASKS == "immediate"
        else {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    ),
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Back-office accounts (congtin.accounts; docs/operators.md "Đăng nhập trang quản trị").
# django-axes counts failed sign-ins per username and per address, each on its own: 5 wrong
# passwords lock that username (from anywhere) and that address (for any username) for 15
# minutes, a Vietnamese 429 page (congtin.accounts.views.locked_out). Attempts, lockouts and
# the access log live in the database (works without Redis); `manage.py axes_reset_username`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Not reset by a success: axes would clear every attempt from that address, so an attacker
# signing in to an account of their own would wipe the count against someone else's.
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "congtin.accounts.views.locked_out"
# The client's address: X-Forwarded-For's last entry when the connection comes from our own
# nginx (which appends the address it saw), else the connection's (congtin.accounts.addresses).
AXES_CLIENT_IP_CALLABLE = "congtin.accounts.addresses.client_ip"
CONGTIN_TRUSTED_PROXIES = [a for a in os.environ.get("CONGTIN_TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if a]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A session lasts a working day from signing in, whatever "Remember me" says; a superuser's
# also ends after 30 minutes without a request (congtin.accounts.sessions).
SESSION_COOKIE_AGE = 10 * 3600
CONGTIN_SUPERUSER_IDLE_SECONDS = 30 * 60

# Two-factor sign-in (django-otp: an authenticator app, ten recovery codes). On, superusers and
# approvers must use it (congtin.accounts.two_factor.must_use_two_factor); others may. Off
# here, so development, the demo and tests sign in in one step; on in production.
CONGTIN_REQUIRE_2FA = os.environ.get("CONGTIN_REQUIRE_2FA", "off") == "on"
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "congtin" / "locale"]
FORMAT_MODULE_PATH = ["congtin.formats"]  # dates written and read as 21/10/2026 (congtin/formats/vi)
# The back office's date pickers write and read the same 21/10/2026 (with Wagtail's default,
# 2026-10-21, a typed 21/10/2026 was silently replaced by today's date).
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "zip", "txt", "csv"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "congtin" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Browser hardening (docs/deploy.md, "Security headers"). Iframes an article may embed (Wagtail's
# oEmbed video players): the only other origins a page may frame, or let play and go full screen.
EMBED_ORIGINS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.facebook.com",
]
# The live player's playlists and segments: /hls/ on this origin, or HLS_BASE_URL's origin.
_hls_base = os.environ.get("HLS_BASE_URL", "")
HLS_ORIGINS = ["/".join(_hls_base.split("/")[:3])] if _hls_base.startswith(("https://", "http://")) else []
CONTENT_SECURITY_POLICY = {
    # The Wagtail admin (and Django's, if ever routed) writes inline scripts and styles that
    # cannot carry our hashes; it is for signed-in editors only, behind its own login and 2FA.
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        # Scripts: our files, and the few inline ones by hash (congtin.core.inline_assets): no
        # nonce, because readers' pages are kept whole and served to everyone.
        "script-src": [SELF, *csp_hashes(".js")],
        "style-src": [SELF, *csp_hashes(".css")],
        # style="…" attributes (Wagtail's embed ratio, imported text, the editors' userbar): they
        # run no script, and anything they could load is held to img-src and font-src.
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],  # QR codes are inline SVG; the favicon is data:
        # hls.js fetches the playlist and segments, feeds them to a MediaSource (blob:) and
        # transmuxes in a worker it makes from a blob:.
        "media-src": [SELF, "blob:", *HLS_ORIGINS],
        "connect-src": [SELF, *HLS_ORIGINS],
        "worker-src": [SELF, "blob:"],
        "frame-src": [SELF, *EMBED_ORIGINS],
        "frame-ancestors": [SELF],  # Wagtail's preview frames our pages; nobody else may
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}
PERMISSIONS_POLICY = {  # congtin.core.security: [] is nobody; the live player and embeds keep theirs
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "autoplay": ["self", *EMBED_ORIGINS],
    "fullscreen": ["self", *EMBED_ORIGINS],
    "picture-in-picture": ["self", *EMBED_ORIGINS],
}
# Django's SecurityMiddleware sends these (and congtin.core.security on responses it never saw).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # links out say nothing of where the reader was
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "congtin.core.security.csrf_failure"  # Vietnamese, not Django's English page

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# Mail (docs/deploy.md, "Mail"): moderation notices and the like. Written to the log here and
# in the demo; production reads its mail server from the environment (congtin.core.mail), tests
# keep messages in memory. A short timeout: an unreachable server must not hold an editor's save.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"noreply@{urlsplit(SITE_URL).hostname or 'localhost'}")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

WAGTAIL_ENABLE_UPDATE_CHECK = False  # no calls home from editors' browsers on a closed network
# No avatars from gravatar.com: broken on a closed network, and a leak of editors' e-mail hashes.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
