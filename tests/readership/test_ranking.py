"""'Tin đọc nhiều': the most read live articles of the last 7 days (Asia/Ho_Chi_Minh), ranked
every few minutes; the pages that show the block are purged only when the order changes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import Site

from congtin.core.signals import minute_passed
from congtin.pagecache.store import forget, get_page, paths_tagged, put_page, remember
from congtin.pagecache.tags import tags_of
from congtin.readership import service
from congtin.readership.models import DailyReads, FlushedBatch, MostRead

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=HANOI)


def reads(article, day: str, count: int) -> None:
    DailyReads.objects.create(article=article, day=datetime.fromisoformat(day).date(), reads=count)


def ranked() -> list[int]:
    return list(MostRead.objects.values_list("article_id", flat=True))


def reader_request():
    """A reader's request whose site Wagtail has found already, as serving a page does."""
    request = RequestFactory().get("/")
    Site.find_for_request(request)
    return request


def block(request=None) -> tuple[str, set[str]]:
    """The block as `{% load readership %}{% most_read %}` renders it, and the page's tags."""
    request = request or RequestFactory().get("/")
    html = Template("{% load readership %}{% most_read %}").render(Context({"request": request}))
    return html, tags_of(request)


def test_the_window_is_today_and_the_six_days_before_in_vietnam(articles):
    old, steady, fresh, _ = articles.live
    reads(old, "2026-11-25", 500)  # eight days before 2026-12-03
    reads(old, "2026-11-27", 10)  # the window's first day
    reads(steady, "2026-11-28", 30)
    reads(steady, "2026-12-02", 30)
    reads(fresh, "2026-12-03", 40)
    # 2026-12-03 06:30 in Hà Nội is still 2026-12-02 in UTC: the day is Vietnam's.
    assert service.ranking(at("2026-12-03T06:30")) == [(steady.pk, 60), (fresh.pk, 40), (old.pk, 10)]
    assert service.ranking(at("2026-12-04T00:00")) == [(steady.pk, 60), (fresh.pk, 40)]  # the 27th left
    assert service.ranking(at("2026-11-25T23:59")) == [(old.pk, 500)]
    assert service.ranking(at("2026-12-10T00:00")) == []


def test_only_live_articles_are_ranked_and_shown(articles):
    first, second = articles.live[:2]
    reads(first, "2026-12-03", 5)
    reads(second, "2026-12-03", 9)
    service.rank(at("2026-12-03T10:00"))
    assert "Tin thời sự số 2" in block()[0]
    second.unpublish()
    html, _tags = block()
    assert "Tin thời sự số 2" not in html and "Tin thời sự số 1" in html  # at once, before the next ranking
    service.rank(at("2026-12-03T10:05"))
    assert ranked() == [first.pk]


def test_the_block_lists_the_ranking_and_tags_the_page(articles):
    assert block()[0].strip() == ""  # nothing read yet: no empty box
    for place, article in enumerate(articles.live, start=1):
        reads(article, "2026-12-03", 10 * place)
    service.rank(at("2026-12-03T10:00"))
    html, tags = block()
    titles = [f"Tin thời sự số {number}" for number in (4, 3, 2, 1)]
    assert "Tin đọc nhiều" in html
    assert [html.index(title) for title in titles] == sorted(html.index(title) for title in titles)
    assert f'href="{articles.live[3].url}"' in html
    assert service.MOST_READ in tags and f"page:{articles.live[3].pk}" in tags
    assert "data-read-beacon" not in html  # only an article's own page counts a read


def test_the_ranking_is_computed_from_the_database_at_most_every_few_minutes(articles, django_assert_num_queries):
    reads(articles.live[0], "2026-12-03", 5)
    service.rank(at("2026-12-03T10:00"))
    block()
    reading = reader_request()
    with django_assert_num_queries(0):
        block(reading)  # the list is kept, as long as neither the ranking nor the live articles change
    with django_assert_num_queries(0):
        service.on_minute(sender=None, now=at("2026-12-03T10:01"))  # nothing counted; no ranking at 10:01
    with django_assert_num_queries(2):  # the ranking, the stored one: the same, so nothing written
        assert service.rank(at("2026-12-03T10:05")) is False
    reading = reader_request()
    with django_assert_num_queries(0):
        block(reading)


def test_pages_showing_the_block_are_purged_only_when_the_order_changes(client, articles):
    """A page with `{% most_read %}` (the home page) is purged by a new order; the article
    pages (`purged=False`) keep their copy until it expires, and show the new order then."""
    first, second, third = articles.live[:3]
    reads(first, "2026-12-03", 5)
    service.rank(at("2026-12-03T10:00"))
    article_page = third.url  # an article's own block leaves it out: a third one shows both
    assert "Tin thời sự số 1" in client.get(article_page).content.decode()
    html, tags = block()
    assert "Tin thời sự số 1" in html
    put_page("/trang-co-khoi/", HttpResponse(html), 600)  # kept as the page cache keeps a page
    remember("/trang-co-khoi/", tags)
    assert paths_tagged([service.MOST_READ]) == {"/trang-co-khoi/"}

    reads(first, "2026-12-02", 50)  # more reads, same order: nothing purged
    assert service.rank(at("2026-12-03T10:05")) is False
    assert get_page("/trang-co-khoi/") is not None
    reads(second, "2026-12-03", 100)
    assert service.rank(at("2026-12-03T10:10")) is True
    assert get_page("/trang-co-khoi/") is None
    assert get_page(article_page) is not None  # expires in its time
    forget([article_page])  # its time has come
    box = client.get(article_page).content.decode().split('class="most-read')[1].split("</section>")[0]
    assert box.index("Tin thời sự số 2</a>") < box.index("Tin thời sự số 1</a>")


def test_old_days_and_batches_are_pruned(articles):
    reads(articles.live[0], "2026-11-25", 3)  # before the window and the day before it
    reads(articles.live[0], "2026-11-26", 4)  # the day before the window: kept a day longer
    reads(articles.live[0], "2026-12-03", 5)
    FlushedBatch.objects.create(batch_id="cu")
    FlushedBatch.objects.filter(batch_id="cu").update(flushed_at=at("2026-11-20T10:00"))
    minute_passed.send(sender=None, now=at("2026-12-03T10:00"))
    assert sorted(str(day) for day in DailyReads.objects.values_list("day", flat=True)) == ["2026-11-26", "2026-12-03"]
    assert not FlushedBatch.objects.filter(batch_id="cu").exists()
    assert ranked() == [articles.live[0].pk]


def test_the_ranking_moves_with_the_clock(articles):
    reads(articles.live[0], "2026-12-01", 9)
    reads(articles.live[1], "2026-12-07", 1)
    minute_passed.send(sender=None, now=at("2026-12-07T09:00"))
    assert ranked() == [articles.live[0].pk, articles.live[1].pk]
    minute_passed.send(sender=None, now=at("2026-12-08T00:00"))  # the 1st leaves the window
    assert ranked() == [articles.live[1].pk]
    first, last = service.window(at("2026-12-08T00:00"))
    assert (str(first), last - first) == ("2026-12-02", timedelta(days=6))


def test_the_demo_seeds_a_plausible_week_once(articles):
    from congtin.readership.demo import seed_demo_counts

    assert seed_demo_counts() == len(articles.live) * service.WINDOW_DAYS  # the draft gets none
    html, _tags = block()
    assert "Tin đọc nhiều" in html and "Bài chưa xuất bản" not in html
    totals = [reads for _article, reads in service.ranking()]
    assert totals == sorted(totals, reverse=True) and totals[0] > 2 * totals[-1]  # a long tail
    assert seed_demo_counts() == 0  # a second run keeps what is there
    assert [reads for _article, reads in service.ranking()] == totals


def test_an_articles_own_block_leaves_it_out_and_still_shows_as_many(articles):
    for place, article in enumerate(articles.live, start=1):
        reads(article, "2026-12-03", 10 * place)
    service.rank(at("2026-12-03T10:00"))
    reading = articles.live[3]  # the most read
    html = Template("{% load readership %}{% most_read count=2 beacon_for=page purged=False %}").render(
        Context({"request": reader_request(), "page": reading})
    )
    assert f'href="{reading.url}"' not in html
    assert [title in html for title in ("Tin thời sự số 3", "Tin thời sự số 2")] == [True, True]
