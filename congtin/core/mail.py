"""Mail settings from the environment (production; docs/deploy.md, "Mail").

EMAIL_URL in one line, `smtp+tls://user:password@mail.example.vn:587`, or the EMAIL_HOST,
EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL variables
Django itself names. Neither: mail is written to the log (console backend) rather than sent to
an SMTP server that is not there, which failed every moderation e-mail with a traceback.
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"
# scheme: (backend, TLS, SSL, default port)
SCHEMES: dict[str, tuple[str, bool, bool, int | None]] = {
    "smtp": (SMTP, False, False, 25),
    "smtp+tls": (SMTP, True, False, 587),
    "submission": (SMTP, True, False, 587),
    "smtps": (SMTP, False, True, 465),
    "smtp+ssl": (SMTP, False, True, 465),
    "console": (CONSOLE, False, False, None),
    "locmem": ("django.core.mail.backends.locmem.EmailBackend", False, False, None),
    "dummy": ("django.core.mail.backends.dummy.EmailBackend", False, False, None),
    "file": ("django.core.mail.backends.filebased.EmailBackend", False, False, None),
}
TRUE = ("1", "true", "on", "yes")


def _flag(value: str | None, default: bool) -> bool:
    return default if value in (None, "") else value.strip().lower() in TRUE


def parse_email_url(url: str) -> dict[str, Any]:
    """Django's EMAIL_* settings from one URL. `?tls=on` or `?ssl=on` and `?timeout=30` may
    be added; user and password are percent-encoded (`%40` for @). `file:///var/mail/congtin`
    writes each message to that folder."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        known = ", ".join(SCHEMES)
        raise ImproperlyConfigured(f"EMAIL_URL: unknown scheme {parts.scheme!r} (known: {known}).")
    backend, tls, ssl, default_port = SCHEMES[scheme]
    query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
    mail: dict[str, Any] = {"EMAIL_BACKEND": backend}
    if scheme == "file":
        mail["EMAIL_FILE_PATH"] = unquote(parts.path)
    if backend == SMTP:
        if not parts.hostname:
            raise ImproperlyConfigured("EMAIL_URL: no mail server host (smtp+tls://user:password@host:587).")
        mail.update(
            EMAIL_HOST=parts.hostname,
            EMAIL_PORT=parts.port or default_port,
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=_flag(query.get("tls"), tls),
            EMAIL_USE_SSL=_flag(query.get("ssl"), ssl),
        )
        if mail["EMAIL_USE_TLS"] and mail["EMAIL_USE_SSL"]:
            raise ImproperlyConfigured("EMAIL_URL: TLS (STARTTLS) and SSL exclude each other; choose one.")
    if "timeout" in query:
        mail["EMAIL_TIMEOUT"] = int(query["timeout"])
    return mail


def email_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """Django's EMAIL_* settings from EMAIL_URL, else from EMAIL_HOST and its companions, else
    the console backend (mail in the log)."""
    if environ.get("EMAIL_URL"):
        return parse_email_url(environ["EMAIL_URL"])
    if not environ.get("EMAIL_HOST"):
        return {"EMAIL_BACKEND": CONSOLE}
    tls, ssl = _flag(environ.get("EMAIL_USE_TLS"), False), _flag(environ.get("EMAIL_USE_SSL"), False)
    if tls and ssl:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other; set one.")
    return {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": environ["EMAIL_HOST"],
        "EMAIL_PORT": int(environ.get("EMAIL_PORT") or (587 if tls else 465 if ssl else 25)),
        "EMAIL_HOST_USER": environ.get("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": environ.get("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_TLS": tls,
        "EMAIL_USE_SSL": ssl,
    }
