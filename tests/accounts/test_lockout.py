"""Throttling and lockout of sign-ins (django-axes): per account and per address, logged,
a Vietnamese 429 page, lifted by an operator or by the cool-off."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core.management import call_command

from .conftest import PASSWORD, sign_in, visible_text

ATTACKER = "203.0.113.66"
OTHER = "198.51.100.23"


def fail(client, username, times, address=ATTACKER):
    return [sign_in(client, username, "sai-mat-khau", address).status_code for _ in range(times)]


def test_six_wrong_passwords_lock_the_account_with_a_vietnamese_429_and_are_logged(client, superuser, caplog):
    with caplog.at_level(logging.WARNING, logger="congtin.accounts"):
        statuses = fail(client, "quantri", 6)
    assert statuses[:4] == [200] * 4  # the sign-in form again, with its error
    assert statuses[4:] == [429, 429]

    right = sign_in(client, "quantri", address=ATTACKER)
    assert right.status_code == 429
    assert "Tạm khóa đăng nhập" in visible_text(right)
    assert "15 phút" in visible_text(right)
    assert right["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302

    failures = [r for r in caplog.records if r.levelno == logging.WARNING and "Failed sign-in" in r.getMessage()]
    assert len(failures) == 7  # six wrong passwords, and the right one refused
    assert "'quantri'" in failures[0].getMessage() and ATTACKER in failures[0].getMessage()
    assert AccessFailureLog.objects.filter(username="quantri", ip_address=ATTACKER).count() >= 5


def test_the_account_stays_locked_from_another_address(client, superuser):
    fail(client, "quantri", 5)
    elsewhere = sign_in(client, "quantri", address=OTHER)
    assert elsewhere.status_code == 429
    assert "Tạm khóa đăng nhập" in visible_text(elsewhere)


def test_the_address_is_locked_for_every_account(client, superuser, editor):
    for username in ("a", "b", "c", "d", "e"):
        fail(client, username, 1)
    assert sign_in(client, "phongvien", address=ATTACKER).status_code == 429
    assert sign_in(client, "phongvien", address=OTHER).status_code == 302


def test_an_operator_unlocks_the_account(client, superuser):
    fail(client, "quantri", 6)
    call_command("axes_reset_username", "quantri")
    response = sign_in(client, "quantri", address=ATTACKER)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_lock_lifts_after_the_cool_off(client, superuser):
    fail(client, "quantri", 5)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))
    assert sign_in(client, "quantri", address=ATTACKER).status_code == 302


def test_signing_in_to_an_own_account_does_not_wipe_the_count_against_another(client, superuser, editor):
    fail(client, "quantri", 4)
    assert sign_in(client, "phongvien", address=ATTACKER).status_code == 302  # the attacker's own account
    client.logout()
    assert sign_in(client, "quantri", "sai-mat-khau", address=ATTACKER).status_code == 429


def test_behind_nginx_the_address_is_the_one_nginx_saw_not_the_clients_claim(client, superuser):
    # nginx appends the address it saw to whatever X-Forwarded-For the client sent.
    for n in range(5):
        sign_in(client, f"khach{n}", "sai", address="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, {ATTACKER}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert sign_in(client, "quantri", address="127.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429
    assert sign_in(client, "quantri", address="127.0.0.1", HTTP_X_FORWARDED_FOR=OTHER).status_code == 302


def test_without_nginx_a_client_cannot_choose_its_address(client, superuser):
    for n in range(5):
        sign_in(client, f"khach{n}", "sai", address=ATTACKER, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert sign_in(client, "quantri", address=ATTACKER, HTTP_X_FORWARDED_FOR=OTHER).status_code == 429


@pytest.mark.urls("tests.accounts.urls")
def test_django_admins_sign_in_is_locked_out_the_same_way(client, superuser):
    for _ in range(5):
        client.post("/django-admin/login/", {"username": "quantri", "password": "sai"}, REMOTE_ADDR=ATTACKER)
    response = client.post("/django-admin/login/", {"username": "quantri", "password": PASSWORD}, REMOTE_ADDR=OTHER)
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in visible_text(response)
