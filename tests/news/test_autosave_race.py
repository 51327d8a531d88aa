"""A save racing Wagtail's autosave: both create the same new article. The second must get a
Vietnamese form error (the form again, or a 400 to the autosave), never a 500, and the article
must exist once."""

import threading
import time
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.test import Client

from congtin.news.editing import NewsPageForm
from congtin.news.models import ArticlePage
from tests.factories import ensure_home, make_article, make_section
from tests.support import article_form

TITLE = "Hội nghị trực tuyến tại 56 điểm cầu"
SLUG = "hoi-nghi-truc-tuyen-tai-56-diem-cau"
TAKEN = (
    f"Đường dẫn “{SLUG}” đã thuộc về trang “{TITLE}” trong mục này, có thể vừa được lưu tự động. "
    "Mở trang đó trong danh sách để sửa tiếp; nếu là một bài khác, hãy đổi đường dẫn."
)
AUTOSAVE = {"HTTP_ACCEPT": "application/json"}  # how Wagtail's autosave posts the form


@pytest.fixture
def editor_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-dai"))
    return client


@pytest.fixture
def section(home):
    return make_section(home, "Tin tức - Sự kiện")


@pytest.fixture
def autosave_lands_after_validation(section):
    """The other request's page is created just after this one's form was validated and before
    it is saved: the window where the race happens, made to happen every time."""
    validate = NewsPageForm.clean

    def clean(form):
        cleaned = validate(form)
        if not ArticlePage.objects.filter(slug=SLUG).exists():
            make_article(section, TITLE, slug=SLUG, live=False)
        return cleaned

    with mock.patch.object(NewsPageForm, "clean", clean):
        yield


@pytest.mark.parametrize("action", ["", "action-publish"])
def test_a_save_that_loses_the_race_to_the_autosave_gets_the_form_back_with_a_vietnamese_error(
    editor_client, section, autosave_lands_after_validation, action
):
    response = editor_client.post(
        f"/admin/pages/add/news/articlepage/{section.pk}/", article_form(TITLE, slug=SLUG, action=action)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [TAKEN]
    assert TAKEN in response.content.decode()
    assert ArticlePage.objects.filter(slug=SLUG).count() == 1


def test_an_autosave_that_loses_the_race_gets_a_400(editor_client, section, autosave_lands_after_validation):
    response = editor_client.post(
        f"/admin/pages/add/news/articlepage/{section.pk}/", article_form(TITLE, slug=SLUG, action=""), **AUTOSAVE
    )

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert ArticlePage.objects.filter(slug=SLUG).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_saves_of_a_new_article_at_once_make_it_once_and_no_500():
    """Two requests in parallel (a click on "Lưu nháp" and the autosave), each validating
    its form while the other is still saving."""
    if connection.vendor == "sqlite":
        # The in-memory test database is shared between threads through SQLite's shared cache,
        # where a second writer fails at once ("table is locked") instead of waiting its turn as
        # it does on the file the site uses (timeout 20 s): the tests above cover SQLite.
        pytest.skip("concurrent writers need PostgreSQL here (DATABASE_URL=postgres://...)")
    parent = make_section(ensure_home(), "Tin tức - Sự kiện")
    editor = get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-dai")
    url = f"/admin/pages/add/news/articlepage/{parent.pk}/"
    validate, statuses = NewsPageForm.clean, []
    both_validated = threading.Barrier(2, timeout=5)

    def clean_slowly(form):
        cleaned = validate(form)
        try:
            both_validated.wait()  # without a lock around the save, both are here together
        except threading.BrokenBarrierError:
            pass  # one waits for the other's save: it validates after it
        return cleaned

    def save(extra):
        client = Client(raise_request_exception=False)
        client.force_login(editor)
        try:
            statuses.append(client.post(url, article_form(TITLE, slug=SLUG, action=""), **extra).status_code)
        finally:
            connections.close_all()

    with mock.patch.object(NewsPageForm, "clean", clean_slowly):
        threads = [threading.Thread(target=save, args=(extra,)) for extra in ({}, AUTOSAVE)]
        for thread in threads:
            thread.start()
            time.sleep(0.05)
        for thread in threads:
            thread.join()

    assert 500 not in statuses
    assert sorted(statuses)[0] in (200, 302) and sorted(statuses)[1] in (200, 302, 400), statuses
    assert ArticlePage.objects.filter(title=TITLE).count() == 1
