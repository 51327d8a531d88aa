"""One page lifecycle (congtin.news.lifecycle): Wagtail's page signals reach congtin in one
place, and publishing, moving, unpublishing and importing run their steps in the written
order: section kept, search entry, renditions, purge; an import runs them once per batch."""

import json
from unittest import mock

import pytest
from wagtail.signals import page_published, page_unpublished, post_page_move

from congtin.news import lifecycle
from congtin.news.importer import import_file
from congtin.news.models import ArticlePage
from tests.factories import make_article, make_section
from tests.support import QUEUE


def congtin_receivers(signal):
    """The modules of congtin's receivers of `signal` (Wagtail's own are not ours)."""
    modules = []
    for receiver in signal._live_receivers(ArticlePage)[0]:
        module = getattr(receiver, "__module__", "")
        if module.startswith("congtin."):
            modules.append(module)
    return modules


@pytest.mark.parametrize("signal", [page_published, page_unpublished, post_page_move])
def test_wagtails_page_signals_reach_congtin_only_through_the_lifecycle(signal):
    assert congtin_receivers(signal) == ["congtin.news.lifecycle"]


def in_order(steps):
    """The steps in the order they first ran (saving an article twice keeps its section twice)."""
    return [step for i, step in enumerate(steps) if i == 0 or steps[i - 1] != step]


@pytest.fixture
def steps():
    """The names of the lifecycle's steps, in the order they ran."""
    ran = []

    def record(name, real):
        def step(*args, **kwargs):
            ran.append(name)
            return real(*args, **kwargs)

        return step

    keep_section = ArticlePage.keep_section
    with (
        mock.patch.object(
            ArticlePage, "keep_section", lambda self, **kwargs: (ran.append("section"), keep_section(self, **kwargs))
        ),
        mock.patch.object(lifecycle, "index_articles", record("search", lifecycle.index_articles)),
        mock.patch.object(lifecycle, "enqueue_renditions", record("renditions", lifecycle.enqueue_renditions)),
        mock.patch.object(lifecycle.pagecache, "purge", record("purge", lifecycle.pagecache.purge)),
    ):
        yield ran


def test_publishing_keeps_the_section_then_indexes_queues_renditions_and_purges(home, steps):
    section = make_section(home, "Tin tức")
    article = make_article(section, "Bài mới", live=False)
    steps.clear()
    article.save_revision().publish()
    assert in_order(steps) == ["section", "search", "renditions", "purge"]
    assert ArticlePage.objects.get(pk=article.pk).section_id == section.pk


def test_moving_keeps_the_section_before_the_search_entry_and_the_purge(home, steps):
    news, culture = make_section(home, "Tin tức"), make_section(home, "Văn hóa")
    article = make_article(news, "Bài chuyển")
    steps.clear()
    article.move(culture, pos="last-child")
    assert in_order(steps) == ["section", "search", "purge"]
    assert ArticlePage.objects.get(pk=article.pk).section_id == culture.pk


def test_unpublishing_takes_the_search_entry_out_then_purges(home, steps):
    article = make_article(make_section(home, "Tin tức"), "Bài gỡ")
    steps.clear()
    article.unpublish()
    assert in_order(steps) == ["section", "search", "purge"]  # unpublish saves the article: its section is kept


def test_an_import_runs_the_steps_once_per_batch_not_per_article(home, tmp_path, settings, steps):
    settings.TASKS = QUEUE  # the renditions wait for the worker (which purges again when it made them)
    make_section(home, "Tin tức")
    steps.clear()
    records = [{"id": f"a{i}", "title": f"Bài {i}", "body": "Một đoạn.", "section": "Tin tức"} for i in range(3)]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    import_file(path, home=home)
    assert [step for step in steps if step != "section"] == ["search", "renditions", "purge"]
    steps.clear()
    import_file(path, home=home)  # updates publish through Wagtail: their steps still wait for the batch
    assert [step for step in steps if step != "section"] == ["search", "renditions", "purge"]
