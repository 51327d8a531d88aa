"""A cache tag remembers every page tagged with it, whoever tags them and however many:
two app workers tagging at once lose no page, and 600 pages under one tag are all purged.

Runs on the configured `pages` cache (in this process by default, Redis when REDIS_URL is
set, as CI does) and on a folder (FileBasedCache, what `make serve` uses without Redis).
"""

import multiprocessing
import sys
import threading

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import override_settings

from congtin import pagecache
from congtin.pagecache import store

TAG = "section:42"
FOLDER_ALIAS = "pages-folder-test"
# Caches that several processes share: the folder, and the configured one unless it lives in
# this process (the embedded default), where two processes would each see only their own.
SHARED_BY_PROCESSES = ["folder"] + (
    [] if settings.CACHES[settings.CONGTIN_PAGE_CACHE_ALIAS]["BACKEND"].endswith("LocMemCache") else ["configured"]
)


@pytest.fixture(params=["configured", "folder"])
def pages_cache(request, tmp_path):
    """The name of the cache backend under test, with CONGTIN_PAGE_CACHE_ALIAS pointing at it."""
    if request.param == "configured":
        yield settings.CACHES[settings.CONGTIN_PAGE_CACHE_ALIAS]["BACKEND"].rsplit(".", 1)[-1]
        return
    folder = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path / "pages")}
    with override_settings(CACHES={**settings.CACHES, FOLDER_ALIAS: folder}, CONGTIN_PAGE_CACHE_ALIAS=FOLDER_ALIAS):
        yield "FileBasedCache"


def paths(first, count):
    return [f"/tin-tuc/?page={number}" for number in range(first, first + count)]


def tag_all(batch, start=None):
    if start is not None:
        start.wait()
    for path in batch:
        store.remember(path, {TAG, "home"})


def run_together(workers):
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    return workers


@pytest.fixture
def often_switching_threads():
    """Threads take turns every microsecond, so an unguarded read-modify-write shows."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def test_two_threads_tagging_at_once_lose_no_page(pages_cache, often_switching_threads):
    batches = [paths(1, 200), paths(201, 200)]
    start = threading.Barrier(len(batches))
    run_together([threading.Thread(target=tag_all, args=(batch, start)) for batch in batches])
    assert store.paths_tagged({TAG}) == set(batches[0] + batches[1])


def _tag_in_a_process(batch, start):
    start.wait()
    tag_all(batch)


@pytest.mark.parametrize("pages_cache", SHARED_BY_PROCESSES, indirect=True)
def test_two_processes_tagging_at_once_lose_no_page(pages_cache):
    context = multiprocessing.get_context("fork")
    batches = [paths(1, 200), paths(201, 200)]
    start = context.Barrier(len(batches))
    workers = run_together([context.Process(target=_tag_in_a_process, args=(batch, start)) for batch in batches])
    assert [worker.exitcode for worker in workers] == [0, 0]
    assert store.paths_tagged({TAG}) == set(batches[0] + batches[1])


def test_six_hundred_pages_under_one_tag_are_all_purged(db, pages_cache):
    crawled = paths(1, 600)
    for path in crawled:
        store.put_page(path, HttpResponse(path), 600)
        store.remember(path, {TAG})
    store.put_page("/khac/", HttpResponse("khác"), 600)
    store.remember("/khac/", {"section:7"})
    assert store.paths_tagged({TAG}) == set(crawled)
    pagecache.purge(tags={TAG})
    assert [path for path in crawled if store.get_page(path) is not None] == []
    assert store.get_page("/khac/") is not None  # another tag's page stays
    store.forget((), {TAG})  # what the purge does to the record once the transaction commits
    assert store.paths_tagged({TAG}) == set()
    store.remember(crawled[0], {TAG})  # a page tagged after the purge starts a new record
    assert store.paths_tagged({TAG}) == {crawled[0]}
    assert store.paths_tagged({"section:7"}) == {"/khac/"}
