"""Scheduled publishing (congtin.news.lifecycle.go_live_for): a future "Thời gian đăng" typed in
the back office schedules the article, which readers see nowhere until Wagtail's
`publish_scheduled` runs at that time, then everywhere at once (section, home, RSS, sitemap,
through the page cache); "Thời gian gỡ bài" takes it off all of them the same way."""

import re
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from congtin import vietnamese
from congtin.news.lifecycle import go_live_for
from congtin.news.models import ArticlePage
from tests.factories import make_article, make_section

TITLE = "Khánh thành cầu Hòa Bình mới"


@pytest.fixture
def editor_client(client, db):
    editor = get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-dai")
    editor.first_name, editor.last_name = "Thu", "Hà"
    editor.save()
    client.force_login(editor)
    return client


@pytest.fixture
def section(home):
    return make_section(home, "Kinh tế")


@contextmanager
def clock_at(moment: datetime):
    """Django's clock (timezone.now, which Wagtail and congtin read) stopped at `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def publish_scheduled_at(moment: datetime) -> None:
    with clock_at(moment):
        call_command("publish_scheduled")


def typed(moment: datetime | None) -> str:
    """A time as the admin's date-time field takes it, in the site's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def article_form(title: str, published_at: datetime, expire_at: datetime | None = None, **fields) -> dict:
    """The article form as an editor sends it after typing these, with "Xuất bản" pressed."""
    return nested_form_data(
        {
            "title": title,
            "slug": fields.get("slug") or vietnamese.slugify(title),  # as the admin's script fills it in
            "lead": f"Sa-pô của bài {title}.",
            "body": streamfield([]),
            "author": "",
            "source_name": "",
            "source_url": "",
            "published_at": typed(published_at),
            "expire_at": typed(expire_at),
            "image": "",
            "tags": "",
            "comments": inline_formset([]),
            "corrections": inline_formset([]),  # no "Đính chính" (its inline panel)
            "action-publish": "action-publish",
        }
    )


def form_errors(response) -> str:
    form = response.context and response.context.get("form")
    return f"{response.status_code}: {form.errors.as_json() if form else ''}"


def add_in_admin(client, section, title, published_at, expire_at=None):
    response = client.post(
        f"/admin/pages/add/news/articlepage/{section.pk}/", article_form(title, published_at, expire_at)
    )
    assert response.status_code == 302, form_errors(response)
    return ArticlePage.objects.get(title=title)


def reader_texts(client, section) -> dict[str, str]:
    """What an anonymous reader gets from the section, the home page, the RSS feed and the
    articles' sitemap (followed from the sitemap index, as a crawler does)."""
    texts = {}
    for name, url in (("section", section.url), ("home", "/"), ("rss", "/rss/")):
        response = client.get(url)
        assert response.status_code == 200, url
        texts[name] = response.content.decode()
    index = client.get("/sitemap.xml").content.decode()
    texts["sitemap"] = "".join(
        client.get(re.sub(r"^https?://[^/]+", "", loc)).content.decode()
        for loc in re.findall(r"<loc>([^<]+)</loc>", index)
    )
    return texts


def shown_on(client, section, title: str, slug: str = "") -> set[str]:
    """Where a reader finds the article: its title on pages and in the feed, its address in the sitemap."""
    address = f"{section.url}{slug or vietnamese.slugify(title)}/"
    texts = reader_texts(client, section)
    return {name for name, text in texts.items() if (address if name == "sitemap" else title) in text}


EVERYWHERE = {"section", "home", "rss", "sitemap"}


def test_a_future_publication_time_is_the_go_live_time_and_a_past_one_publishes_at_once():
    now = timezone.now()
    assert go_live_for(now + timedelta(hours=2), now) == now + timedelta(hours=2)
    assert go_live_for(now - timedelta(minutes=1), now) is None
    assert go_live_for(None, now) is None


def test_a_future_publication_time_typed_in_the_admin_schedules_it_and_readers_see_it_at_that_time(
    editor_client, client, section
):
    at = (timezone.now() + timedelta(hours=3)).replace(second=0, microsecond=0)
    reader_texts(client, section)  # the pages as readers have them, kept by the page cache
    article = add_in_admin(editor_client, section, TITLE, published_at=at)

    assert not article.live and article.go_live_at == at == article.published_at
    assert shown_on(client, section, TITLE) == set()
    assert client.get(f"{section.url}khanh-thanh-cau-hoa-binh-moi/").status_code == 404

    publish_scheduled_at(at - timedelta(minutes=1))  # a minute early: still nothing
    assert not ArticlePage.objects.get(pk=article.pk).live
    assert shown_on(client, section, TITLE) == set()

    publish_scheduled_at(at + timedelta(seconds=1))
    article.refresh_from_db()
    assert article.live and article.published_at == at
    assert shown_on(client, section, TITLE) == EVERYWHERE
    assert client.get(article.url).status_code == 200


def test_a_past_publication_time_typed_in_the_admin_publishes_at_once(editor_client, client, section):
    article = add_in_admin(editor_client, section, TITLE, published_at=timezone.now() - timedelta(hours=1))
    assert article.live and article.go_live_at is None
    assert shown_on(client, section, TITLE) == EVERYWHERE


def test_a_live_article_edited_with_a_future_time_keeps_its_live_version_until_then(editor_client, client, section):
    article = make_article(section, "Bản đang đăng", slug="ban-tin", live=False)
    article.save_revision().publish()
    at = (timezone.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    response = editor_client.post(
        f"/admin/pages/{article.pk}/edit/", article_form("Bản sửa lên lịch", published_at=at, slug="ban-tin")
    )
    assert response.status_code == 302, form_errors(response)
    assert shown_on(client, section, "Bản đang đăng", "ban-tin") == EVERYWHERE
    assert shown_on(client, section, "Bản sửa lên lịch", "ban-tin") == {"sitemap"}  # the same address

    publish_scheduled_at(at + timedelta(seconds=1))
    assert shown_on(client, section, "Bản sửa lên lịch", "ban-tin") == EVERYWHERE
    assert shown_on(client, section, "Bản đang đăng", "ban-tin") == {"sitemap"}


def test_an_article_leaves_section_home_feed_and_sitemap_at_its_expiry(editor_client, client, section):
    expiry = (timezone.now() + timedelta(hours=2)).replace(second=0, microsecond=0)
    article = add_in_admin(editor_client, section, TITLE, timezone.now() - timedelta(minutes=5), expire_at=expiry)
    assert shown_on(client, section, TITLE) == EVERYWHERE

    publish_scheduled_at(expiry - timedelta(minutes=1))
    assert shown_on(client, section, TITLE) == EVERYWHERE

    publish_scheduled_at(expiry + timedelta(seconds=1))
    assert shown_on(client, section, TITLE) == set()
    assert client.get(article.url or f"{section.url}{article.slug}/").status_code == 404


def test_an_expiry_before_the_publication_time_is_refused_in_vietnamese(editor_client, section):
    at = timezone.now() + timedelta(days=1)
    response = editor_client.post(
        f"/admin/pages/add/news/articlepage/{section.pk}/",
        article_form(TITLE, published_at=at, expire_at=at - timedelta(hours=1)),
    )
    assert response.status_code == 200
    assert "Thời gian gỡ bài phải sau thời gian đăng." in response.content.decode()
    assert not ArticlePage.objects.filter(title=TITLE).exists()


def test_the_article_form_says_what_the_publication_time_means(editor_client, section):
    page = editor_client.get(f"/admin/pages/add/news/articlepage/{section.pk}/").content.decode()
    assert "bài được lên lịch: bài chỉ lên trang đúng lúc đó" in page
    assert "Thời gian gỡ bài" in page
    assert 'name="go_live_at"' not in page  # one time to set, not two
