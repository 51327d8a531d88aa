"""Sessions end after a working day, and a superuser's after 30 idle minutes; readers' pages
never read a session."""

import time

from django.conf import settings

from congtin.accounts.sessions import LAST_SEEN_AT, SIGNED_IN_AT

from .conftest import sign_in, visible_text


def age_session(client, **seconds_ago):
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = int(time.time() - ago)
    session.save()


def test_an_idle_superuser_is_signed_out_after_30_minutes_with_a_vietnamese_message(client, superuser):
    sign_in(client, "quantri")
    assert client.get("/admin/").status_code == 200
    age_session(client, **{LAST_SEEN_AT: 31 * 60})
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/admin/pages/")
    login = client.get(response["Location"])
    assert "đã được đăng xuất sau 30 phút không thao tác" in visible_text(login)
    assert client.get("/admin/").status_code == 302


def test_a_superuser_active_within_30_minutes_stays_signed_in(client, superuser):
    sign_in(client, "quantri")
    age_session(client, **{LAST_SEEN_AT: 29 * 60})
    assert client.get("/admin/").status_code == 200
    assert time.time() - client.session[LAST_SEEN_AT] < 60  # the request counted as activity


def test_an_idle_editor_is_not_signed_out(client, editor):
    sign_in(client, "phongvien")
    age_session(client, **{LAST_SEEN_AT: 3 * 3600})
    assert client.get("/admin/").status_code == 200


def test_every_session_ends_after_a_working_day(client, editor):
    sign_in(client, "phongvien")
    age_session(client, **{SIGNED_IN_AT: 10 * 3600 + 60, LAST_SEEN_AT: 60})
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "Phiên làm việc đã hết hạn" in visible_text(client.get(response["Location"]))


def test_remember_me_lasts_a_working_day_at_most(client, superuser):
    response = client.post(
        "/admin/login/", {"username": "quantri", "password": "Phuong-hoang-2025!", "remember": "on", "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 10 * 3600


def test_a_readers_page_reads_no_session(client, home):
    response = client.get("/")
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")
    assert "X-Accel-Expires" in response  # kept by the page cache
