"""Only a signed-in editor skips the page cache: the editor pass (congtin.pagecache.editor_pass)
follows the session, and a session cookie or an Authorization header without it changes
nothing for the app: the reader's page, from the cache, without reading any session."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from congtin.pagecache import editor_pass, store
from tests.factories import make_article, make_section

SECRET = "0123456789abcdef" * 4


@pytest.fixture
def article(home):
    return make_article(make_section(home, "Thời sự"), "Khánh thành cầu mới")


@pytest.fixture
def editor_account(db):
    return get_user_model().objects.create_superuser("bientap", "b@example.vn", "mat-khau-dai-10")


def test_a_pass_verifies_until_it_expires_and_not_once_tampered():
    now = 1_800_000_000
    valid = editor_pass.make(now + 60, SECRET)
    assert editor_pass.verifies(valid, SECRET, now)
    assert editor_pass.verifies(valid, SECRET, now + 60)  # nginx: expired only once past
    assert not editor_pass.verifies(valid, SECRET, now + 61)
    hash_, expires = valid.split(".")
    assert not editor_pass.verifies(f"{hash_}.{int(expires) + 3600}", SECRET, now)  # a later expiry
    assert not editor_pass.verifies(f"{'A' if hash_[0] != 'A' else 'B'}{hash_[1:]}.{expires}", SECRET, now)
    assert not editor_pass.verifies(valid, "another secret", now)
    for junk in ("", "x", f"{hash_},{expires}", f"{hash_}.", "sessionid"):
        assert not editor_pass.verifies(junk, SECRET, now)


def test_a_bogus_session_cookie_or_credentials_get_the_readers_cached_page_without_a_query(
    client, article, django_assert_num_queries
):
    reader_page = client.get(article.url)
    assert store.get_page(article.url) is not None
    for headers in ({"HTTP_COOKIE": "sessionid=khong-hop-le"}, {"HTTP_AUTHORIZATION": "Basic YWRtaW46YWRtaW4="}):
        stranger = Client(**headers)
        with django_assert_num_queries(0):  # the kept page, no session read
            page = stranger.get(article.url)
        assert page["ETag"] == reader_page["ETag"] and "public" in page["Cache-Control"]
        assert not page.cookies
    section = article.get_parent().url
    first = Client(HTTP_COOKIE="sessionid=khong-hop-le").get(section)  # a miss: rendered as a reader's
    assert "public" in first["Cache-Control"] and "Cookie" not in first.get("Vary", "")
    assert store.get_page(section) is not None


def test_a_real_session_without_its_pass_is_a_reader_on_public_pages(article, editor_account):
    """An older session (from before the pass) reads nothing public as an editor; the back office
    still knows it and hands it its pass."""
    editor = Client()
    editor.force_login(editor_account)
    page = editor.get(article.url)
    assert "public" in page["Cache-Control"] and b"wagtail-userbar" not in page.content
    admin = editor.get("/admin/")
    assert admin.status_code == 200 and editor_pass.COOKIE_NAME in admin.cookies
    page = editor.get(article.url)
    assert "private" in page["Cache-Control"] and b"wagtail-userbar" in page.content


def test_signing_in_gives_a_pass_as_long_as_the_session_and_signing_out_takes_it(article, editor_account):
    editor = Client()
    login = editor.post("/admin/login/", {"username": "bientap", "password": "mat-khau-dai-10"})
    assert login.status_code == 302, login.content.decode()[:500]
    cookie = login.cookies[editor_pass.COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    session_expiry = int(editor.session.get_expiry_date().timestamp())
    assert editor_pass.expiry(cookie.value, editor_pass.secret(), time.time()) == session_expiry
    assert cookie["max-age"] == login.cookies["sessionid"]["max-age"]  # both end with the browser, or both later
    assert "private" in editor.get(article.url)["Cache-Control"]
    assert editor_pass.COOKIE_NAME not in editor.get(article.url).cookies  # not rewritten on every page

    logout = editor.post("/admin/logout/")
    assert logout.cookies[editor_pass.COOKIE_NAME].value == "" and logout.cookies[editor_pass.COOKIE_NAME]["expires"]
    assert "public" in editor.get(article.url)["Cache-Control"]


def test_the_pass_moves_with_the_sessions_expiry(article, editor_account):
    editor = Client()
    editor.force_login(editor_account)
    first = editor.get("/admin/").cookies[editor_pass.COOKIE_NAME].value
    session = editor.session
    session.set_expiry(timedelta(hours=2))
    session.save()
    renewed = editor.get("/admin/").cookies[editor_pass.COOKIE_NAME].value
    assert renewed != first
    assert editor_pass.expiry(renewed, editor_pass.secret(), time.time()) == int(
        editor.session.get_expiry_date().timestamp()
    )


def test_a_pass_without_a_session_shows_nothing_of_an_editor(client, article):
    """A copied or leftover pass makes the app render afresh, for an anonymous visitor."""
    client.cookies[editor_pass.COOKIE_NAME] = editor_pass.make(int(time.time()) + 600, editor_pass.secret())
    page = client.get(article.url)
    assert page.status_code == 200 and "private" in page["Cache-Control"]
    assert b"wagtail-userbar" not in page.content


def test_a_reader_who_gave_a_pages_password_keeps_seeing_it(client, article):
    """Wagtail remembers an unlocked page in the session: that session gets its pass too."""
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-trang"
    )
    locked = client.get(article.url)
    assert locked.status_code == 200 and article.title not in locked.content.decode()
    unlock = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/",
        {"password": "mat-khau-trang", "return_url": article.url},
    )
    assert unlock.status_code == 302 and editor_pass.COOKIE_NAME in unlock.cookies
    page = client.get(article.url)
    assert article.title in page.content.decode() and "private" in page["Cache-Control"]
    assert store.get_page(article.url) is None
