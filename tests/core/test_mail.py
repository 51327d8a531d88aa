"""Mail settings come from the environment in production (EMAIL_URL or EMAIL_HOST…); the demo
writes mail to its console; moderation e-mails go out without a traceback."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from congtin import vietnamese
from congtin.core.mail import email_settings, parse_email_url
from congtin.news.models import ArticlePage
from congtin.newsroom import roles
from tests.factories import make_section
from tests.support import article_form

ROOT = Path(__file__).resolve().parents[2]
SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"
PRINT_MAIL_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); print(json.dumps({name: getattr(settings,"
    " name) for name in ('EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD',"
    " 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'DEFAULT_FROM_EMAIL', 'SERVER_EMAIL')}))"
)


def mail_settings_of(settings_module: str, **env: str) -> dict:
    """The EMAIL_* settings a process started with these settings and this environment has."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DEFAULT_FROM_EMAIL", "SITE_URL"))}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    if settings_module.endswith("production"):
        clean.update(SECRET_KEY="s3cret", ALLOWED_HOSTS="tin.example.vn")
    result = subprocess.run(
        [sys.executable, "-c", PRINT_MAIL_SETTINGS], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://bientap%40tin.example.vn:m%C3%A2t%2Fkh%E1%BA%A9u@mail.example.vn",
            {"EMAIL_HOST": "mail.example.vn", "EMAIL_PORT": 587, "EMAIL_HOST_USER": "bientap@tin.example.vn"}
            | {"EMAIL_HOST_PASSWORD": "mât/khẩu", "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False},
        ),
        (
            "smtps://u:p@mail.example.vn?timeout=30",
            {"EMAIL_HOST": "mail.example.vn", "EMAIL_PORT": 465, "EMAIL_HOST_USER": "u", "EMAIL_HOST_PASSWORD": "p"}
            | {"EMAIL_USE_TLS": False, "EMAIL_USE_SSL": True, "EMAIL_TIMEOUT": 30},
        ),
        (
            "smtp://10.0.0.5:2525?tls=on",
            {"EMAIL_HOST": "10.0.0.5", "EMAIL_PORT": 2525, "EMAIL_HOST_USER": "", "EMAIL_HOST_PASSWORD": ""}
            | {"EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False},
        ),
    ],
)
def test_email_url_gives_the_smtp_settings(url, expected):
    assert parse_email_url(url) == {"EMAIL_BACKEND": SMTP, **expected}


def test_email_url_names_other_backends_and_refuses_what_it_does_not_know():
    assert parse_email_url("console://") == {"EMAIL_BACKEND": CONSOLE}
    assert parse_email_url("file:///var/mail/congtin")["EMAIL_FILE_PATH"] == "/var/mail/congtin"
    with pytest.raises(ImproperlyConfigured, match="unknown scheme 'smpt'"):
        parse_email_url("smpt://mail.example.vn")
    with pytest.raises(ImproperlyConfigured, match="no mail server host"):
        parse_email_url("smtp://")
    with pytest.raises(ImproperlyConfigured, match="exclude each other"):
        parse_email_url("smtps://mail.example.vn?tls=on")


def test_email_host_and_its_companions_give_the_smtp_settings():
    env = {"EMAIL_HOST": "mail.example.vn", "EMAIL_HOST_USER": "u", "EMAIL_HOST_PASSWORD": "p", "EMAIL_USE_TLS": "on"}
    assert email_settings(env) == {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "mail.example.vn",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "u",
        "EMAIL_HOST_PASSWORD": "p",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
    }
    assert email_settings({"EMAIL_HOST": "mail.example.vn", "EMAIL_PORT": "2525"})["EMAIL_PORT"] == 2525
    assert email_settings({}) == {"EMAIL_BACKEND": CONSOLE}


def test_production_reads_mail_from_the_environment():
    from_url = mail_settings_of(
        "congtin.settings.production",
        EMAIL_URL="smtp+tls://u:p@mail.example.vn:587",
        DEFAULT_FROM_EMAIL="Cổng thông tin <noreply@tin.example.vn>",
    )
    assert from_url["EMAIL_BACKEND"] == SMTP
    assert (from_url["EMAIL_HOST"], from_url["EMAIL_PORT"], from_url["EMAIL_USE_TLS"]) == ("mail.example.vn", 587, True)
    assert from_url["DEFAULT_FROM_EMAIL"] == from_url["SERVER_EMAIL"] == "Cổng thông tin <noreply@tin.example.vn>"

    from_host = mail_settings_of("congtin.settings.production", EMAIL_HOST="mail.example.vn", EMAIL_USE_SSL="true")
    assert (from_host["EMAIL_BACKEND"], from_host["EMAIL_PORT"], from_host["EMAIL_USE_SSL"]) == (SMTP, 465, True)

    unset = mail_settings_of("congtin.settings.production", SITE_URL="https://tin.example.vn")
    assert unset["EMAIL_BACKEND"] == CONSOLE
    assert unset["DEFAULT_FROM_EMAIL"] == "noreply@tin.example.vn"


def test_the_demo_writes_mail_to_its_console():
    assert mail_settings_of("congtin.settings.demo")["EMAIL_BACKEND"] == CONSOLE
    assert mail_settings_of("congtin.settings.dev")["EMAIL_BACKEND"] == CONSOLE


@pytest.fixture
def moderator(db):
    """A member of the group that approves at the newsroom workflow's first step (Biên tập)."""
    user = get_user_model().objects.create_user("duyet", "duyet@example.vn", "mat-khau-dai")
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    return user


def submit_for_moderation(client, section, title):
    editor = get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-dai")
    client.force_login(editor)
    form = article_form(title, slug=vietnamese.slugify(title), action="action-submit")
    return client.post(f"/admin/pages/add/news/articlepage/{section.pk}/", form)


@pytest.mark.parametrize("backend", ["locmem", "demo"])
def test_submitting_for_moderation_mails_the_moderators_without_a_traceback(
    client, home, moderator, caplog, capsys, backend
):
    section = make_section(home, "Kinh tế")
    demo_backend = mail_settings_of("congtin.settings.demo")["EMAIL_BACKEND"]
    chosen = {"locmem": "django.core.mail.backends.locmem.EmailBackend", "demo": demo_backend}[backend]

    with override_settings(EMAIL_BACKEND=chosen), caplog.at_level(logging.WARNING):
        response = submit_for_moderation(client, section, "Đà Nẵng đón khách")

    assert response.status_code == 302, response.context and response.context["form"].errors
    article = ArticlePage.objects.get(title="Đà Nẵng đón khách")
    assert article.current_workflow_state is not None
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == []
    if backend == "locmem":
        to_moderator = [message for message in mail.outbox if message.to == ["duyet@example.vn"]]
        assert len(to_moderator) == 1
        assert "Đà Nẵng đón khách" in to_moderator[0].subject + to_moderator[0].body
    else:
        printed = capsys.readouterr().out
        assert "To: duyet@example.vn" in printed
        assert "Traceback" not in printed
