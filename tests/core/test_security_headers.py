"""What a browser is told about each page: Content-Security-Policy, Permissions-Policy and the
other security headers, on every page type, and a policy that allows exactly the inline scripts
and styles of the page it comes with, also when the page comes from the page cache. Production
over HTTPS: redirect, HSTS and secure cookies; `check --deploy` clean."""

import base64
import hashlib
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import OperationalError
from django.test import Client, override_settings

from congtin.core.inline_assets import INLINE_DIR
from congtin.pagecache import store
from tests.conferences.support import add_bridge_points, dashboard_url, make_conference, page_url
from tests.factories import make_article, make_section

ROOT = Path(__file__).resolve().parents[2]
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "module", "application/javascript"}


def policy(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy as {directive: sources}."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def sha256_source(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def assert_policy_allows_the_page(response) -> None:
    """Every inline script and style of the page is allowed by its hash in the policy it came
    with, and nothing else inline runs: no inline event handlers, no 'unsafe-inline' scripts."""
    csp = policy(response)
    page = BeautifulSoup(response.content, "html.parser")
    for script in page.find_all("script"):
        if script.get("src") or script.get("type", "") not in EXECUTABLE_SCRIPT_TYPES:
            continue  # a file from 'self', or data (JSON-LD) that browsers never run
        assert sha256_source(script.string or "") in csp["script-src"], f"inline script not allowed: {script}"
    for style in page.find_all("style"):
        assert sha256_source(style.string or "") in csp["style-src"], f"inline style not allowed: {style}"
    handlers = [(tag.name, name) for tag in page.find_all(True) for name in tag.attrs if name.startswith("on")]
    assert handlers == [], "inline event handlers are blocked by script-src"
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]


@pytest.fixture
def organiser_client(db) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("tochuc", "tochuc@example.vn", "mat-khau-dai"))
    return client


@pytest.fixture
def pages(home):
    """A section, an article in it, a conference with a bridge point: one URL per page type."""
    section = make_section(home, "Kinh tế")
    article = make_article(section, "Hội nghị trực tuyến sơ kết công tác Đoàn")
    conference = make_conference()
    point = add_bridge_points(conference, 1)[0]
    return {
        "home": home.url,
        "section": section.url,
        "article": article.url,
        "search": "/tim-kiem/?q=hội+nghị",
        "bridge point": page_url(point),
        "dashboard": dashboard_url(conference),
    }


@pytest.mark.parametrize("page_type", ["home", "section", "article", "search", "bridge point", "dashboard"])
def test_every_public_page_type_sends_a_content_security_policy_and_permissions_policy(
    pages, organiser_client, page_type
):
    response = organiser_client.get(pages[page_type]) if page_type == "dashboard" else Client().get(pages[page_type])

    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"][0] == "'self'"
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert set(csp["img-src"]) == {"'self'", "data:"}
    # The live player: playlists fetched from /hls/, played through a MediaSource (blob:) fed
    # by a worker hls.js makes from a blob:.
    assert "'self'" in csp["connect-src"] and {"'self'", "blob:"} <= set(csp["media-src"])
    assert {"'self'", "blob:"} <= set(csp["worker-src"])
    assert_policy_allows_the_page(response)

    features = dict(feature.split("=", 1) for feature in response["Permissions-Policy"].split(", "))
    assert {features[name] for name in ("camera", "microphone", "geolocation", "payment", "usb")} == {"()"}
    for name in ("autoplay", "fullscreen"):
        assert features[name].startswith("(self"), "the live player plays and goes full screen"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_article_inline_script_comes_from_the_inline_folder_and_is_allowed_by_hash(pages):
    response = Client().get(pages["article"])

    scripts = [s.string for s in BeautifulSoup(response.content, "html.parser").find_all("script") if not s.get("src")]
    text_scale = (INLINE_DIR / "text-scale.js").read_text().strip()
    assert text_scale in scripts
    assert sha256_source(text_scale) in policy(response)["script-src"]
    assert "nonce-" not in response["Content-Security-Policy"]


def test_a_page_from_the_page_cache_keeps_a_policy_that_allows_its_scripts(pages):
    """Readers' pages are kept whole and served to everyone: the second reader's copy comes
    from the cache, with the header it was kept with, which still allows its inline script."""
    first = Client().get(pages["article"])
    assert store.get_page(pages["article"]) is not None, "the article was not kept"
    second = Client().get(pages["article"])

    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert_policy_allows_the_page(second)
    assert "Permissions-Policy" in second


def test_the_back_office_has_no_content_security_policy_but_the_other_headers(client, db):
    """Wagtail's admin writes inline scripts it cannot hash; it is excluded, not broken."""
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert response["Permissions-Policy"].startswith("camera=()")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_error_page_carries_the_headers_and_a_policy_for_its_own_style(db):
    response = Client().get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert response["Permissions-Policy"].startswith("camera=()")
    assert_policy_allows_the_page(response)


def test_an_answer_made_before_djangos_security_middleware_still_carries_the_headers(db, monkeypatch):
    """The database outage's 503 replaces the response outside SecurityMiddleware."""

    def database_gone(self, request):
        raise OperationalError("connection refused")

    monkeypatch.setattr(SessionMiddleware, "process_request", database_gone)
    response = Client(raise_request_exception=False).get("/")

    assert response.status_code == 503
    assert response["Permissions-Policy"].startswith("camera=()")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# Production over HTTPS -----------------------------------------------------------------------

SETTINGS_NAMES = (
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
)


def production_environment(tmp_path: Path, site_url: str) -> dict[str, str]:
    """A production environment as docs/deploy.md sets it up, on a throwaway var folder."""
    keep = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "CACHE_DIR") and not k.startswith("SECURE_")
    }
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "congtin.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "tin.example.vn",
        "SITE_URL": site_url,
        "CONGTIN_VAR_DIR": str(tmp_path),
    }


def production_settings(tmp_path: Path, site_url: str) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{name: getattr(settings, name) for name in {SETTINGS_NAMES!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_environment(tmp_path, site_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_over_https_redirects_sends_hsts_and_secures_cookies(tmp_path, pages):
    production = production_settings(tmp_path, "https://tin.example.vn")
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    production["SECURE_PROXY_SSL_HEADER"] = tuple(production["SECURE_PROXY_SSL_HEADER"])

    with override_settings(**production):
        plain = Client().get(pages["article"])
        # nginx's callbacks come over loopback HTTP: refused by a redirect, the broadcast would stop.
        hook = Client().get("/hoi-nghi/phat-song/hls-auth/")
        secure = Client().get(pages["article"], HTTP_X_FORWARDED_PROTO="https")

    assert plain.status_code == 301
    assert plain["Location"] == f"https://testserver{pages['article']}"
    assert hook.status_code != 301
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_production_over_plain_http_neither_redirects_nor_sends_hsts(tmp_path):
    production = production_settings(tmp_path, "http://127.0.0.1:8000")

    assert production["SECURE_SSL_REDIRECT"] is False
    assert production["SECURE_HSTS_SECONDS"] == 0
    assert production["SESSION_COOKIE_SECURE"] is False


def test_check_deploy_is_clean_in_a_production_environment(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(tmp_path, "https://tin.example.vn"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
